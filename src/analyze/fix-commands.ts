// Fix commands are written by rules with names taken from the input (hosts, interfaces, Kubernetes
// objects), and users paste them into a shell. A hostile or odd paste can carry a name such as
// `eth0;reboot` or `$(curl …)` (Linux allows any byte but '/' and blanks in an interface name), so
// every such name is shell-quoted where it stands in a command, once, here.

/** Characters a name may hold and stay one plain shell word. */
const PLAIN = /^[\w.,:/@%+=-]*$/;

/** A POSIX shell single-quoted word: 'it'\''s'. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/**
 * The commands with every occurrence of each unsafe name quoted. Names are what the finding says it
 * is about (its host, its objects, the string values of its data): safe ones are left as written.
 */
export function quoteNames(commands: readonly string[], names: Iterable<string>): string[] {
  const unsafe = [...new Set([...names].filter((name) => name.length > 0 && !PLAIN.test(name)))]
    // the longest first: a name inside another is quoted as part of the longer one
    .sort((a, b) => b.length - a.length);
  if (unsafe.length === 0) return [...commands];
  return commands.map((command) => {
    let out = '';
    for (let i = 0; i < command.length;) {
      const name = unsafe.find((candidate) => command.startsWith(candidate, i));
      if (name) {
        out += shellQuote(name);
        i += name.length;
      } else {
        out += command[i];
        i++;
      }
    }
    return out;
  });
}
