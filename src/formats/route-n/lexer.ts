// Tokens of route -n / netstat -rn output. Title and header lines are single tokens (their
// words joined by any run of spaces, so flattened pastes still match); moo tries rules in order.
import moo from 'moo';
import { CACHE_HEADERS, CACHE_TITLES, IPV4_HEADERS, IPV4_TITLES, IPV6_HEADER, IPV6_HEADER_WIDE, IPV6_TITLES } from './headers';

/** A literal line as a regex source whose spaces match any run of blanks. */
function loose(line: string): string {
  return line
    .split(/ +/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[ \\t\\u00a0]+');
}

function anyOf(lines: readonly string[]): RegExp {
  return new RegExp(lines.map(loose).join('|'));
}

export const lexer = moo.compile({
  ws: /[ \t\u00a0\f\v\r]+/,
  titleCache: anyOf(CACHE_TITLES),
  headerCache: anyOf(CACHE_HEADERS),
  title6: anyOf(IPV6_TITLES),
  title4: anyOf(IPV4_TITLES),
  header6: anyOf([IPV6_HEADER, IPV6_HEADER_WIDE]),
  // -ee before -n: its header starts with the -n header
  header4both: anyOf(IPV4_HEADERS.both),
  header4metric: anyOf(IPV4_HEADERS.metric),
  header4mss: anyOf(IPV4_HEADERS.mss),
  ipv4: /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\w.:/])/,
  ipv6: /[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}(?:\/\d{1,3})?(?![\w.:/])/,
  int: /-?\d+(?![^ \t\u00a0\f\v\r\n])/,
  dash: /-(?![^ \t\u00a0\f\v\r\n])/,
  star: /\*(?![^ \t\u00a0\f\v\r\n])/,
  // ".." or "..." where a paste elided rows, even glued to the next row: "..10.244.2.0"; not
  // glued to anything else ("..!" is junk of its own, reported whole)
  elision: /(?:\.{2,}|…)(?![^\d \t\u00a0\f\v\r\n])/,
  word: /[^ \t\u00a0\f\v\r\n]+/,
  error: moo.error,
});

/** Names of token types for diagnostics' "expected" lists. */
export function describeToken(type: string): string {
  switch (type) {
    case 'ipv4': return 'an IPv4 address';
    case 'ipv6': return 'an IPv6 address';
    case 'int': return 'a number';
    case 'dash': return '"-"';
    case 'star': return '"*"';
    case 'word': return 'a name';
    case 'title4': case 'title6': return 'the table title';
    default: return 'the column header';
  }
}
