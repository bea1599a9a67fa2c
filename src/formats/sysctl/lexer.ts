// Tokens of one line of sysctl output (procps-ng src/sysctl.c): ReadSetting prints
// "%s = " and the file's line, WriteSetting "%s = %s\n", xwarn/xwarnx "sysctl: …" on stderr,
// PreloadSystem "* Applying %s ...\n". A key is a key only when " =" follows it, so a value
// that looks like one (kernel.hostname = node1.example.com) stays a value.
import moo from 'moo';

export const lexer = moo.compile({
  ws: /[ \t]+/,
  applying: /\* Applying(?= )/,
  // cat's own error (cat /proc/sys/a /proc/sys/b, one missing): "cat: PATH: No such file or directory"
  program: /(?:sysctl|cat):(?![^ \t])/,
  key: /[A-Za-z][\w-]*(?:\.[^ \t\n=.]+)+(?= =(?:[ \t]|$))/,
  eq: /=(?![^ \t])/,
  ellipsis: /\.\.\.(?![^ \t])/,
  int: /-?\d+(?![^ \t])/,
  word: /[^ \t\n]+/,
  error: moo.error,
});

export function describeToken(type: string): string {
  switch (type) {
    case 'key': return 'a key (net.ipv4.ip_forward)';
    case 'eq': return '" = "';
    case 'program': return '"sysctl:" or "cat:"';
    case 'applying': return '"* Applying"';
    case 'int': return 'a number';
    case 'ellipsis': return '"..."';
    default: return 'a value';
  }
}
