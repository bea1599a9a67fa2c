// Tokens of /run/flannel/subnet.env: NAME=VALUE lines as flanneld writes them (main.go
// writeSubnetFile: "FLANNEL_NETWORK=%s\n" …), values typed by shape; build.ts checks them by name.
import moo from 'moo';

export const lexer = moo.compile({
  ws: /[ \t]+/,
  name: /[A-Za-z_]\w*(?==)/,
  eq: '=',
  cidr: /[0-9a-fA-F.:]+\/\d{1,3}(?![^ \t\n])/,
  int: /\d+(?![^ \t\n])/,
  bool: /(?:true|false)(?![^ \t\n])/,
  word: /[^ \t\n]+/,
  error: moo.error,
});

export function describeToken(type: string): string {
  switch (type) {
    case 'name': return 'a variable name (FLANNEL_NETWORK=)';
    case 'eq': return '"="';
    case 'cidr': return 'a prefix (10.244.0.0/16)';
    case 'int': return 'a number';
    case 'bool': return 'true or false';
    default: return 'a value';
  }
}
