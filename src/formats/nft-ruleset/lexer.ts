// Tokens of one line of `nft list ruleset` text (nftables src/rule.c, src/statement.c,
// src/expression.c print functions). Words nft prints as structure are keywords (kw_<word>);
// a rule's statements are kept as written, so other words stay plain `word` tokens.
import moo from 'moo';

/** Words with their own token type: block heads, chain and set properties, the verdicts read. */
export const NFT_KEYWORDS = [
  'table', 'chain', 'set', 'map', 'type', 'typeof', 'hook', 'device', 'priority', 'policy', 'flags', 'elements',
  'comment', 'counter', 'packets', 'bytes', 'jump', 'goto', 'return', 'accept', 'drop', 'dnat', 'to',
] as const;

const KEYWORDS: Record<string, string> = Object.create(null) as Record<string, string>;
for (const word of NFT_KEYWORDS) KEYWORDS[`kw_${word}`] = word;

// A token ends at a blank, a ";" or the end of the line.
const END = '(?![^ \\t\\u00a0\\f\\v\\r\\n;])';

export const lexer = moo.compile({
  ws: /[ \t\u00a0\f\v\r]+/,
  // "nft -a" puts the object's handle after the statement or the opening brace
  handle: new RegExp(`# handle \\d+${END}`),
  // nft's own remarks: "# Warning: table ip nat is managed by iptables-nft, do not touch!" (nft 1.0.7+)
  warning: /# Warning: [^\n]*/,
  annotation: /#[^\n]*/,
  string: /"(?:[^"\\\n]|\\[^\n])*"/,
  lbrace: new RegExp(`\\{${END}`),
  rbrace: new RegExp(`\\}${END}`),
  semi: /;/,
  equals: new RegExp(`=${END}`),
  int: new RegExp(`-?\\d+${END}`),
  dash: new RegExp(`-${END}`),
  // nft prints ASCII outside strings; anything else is not its output
  // "#" starts a remark and "\"" a string: neither is inside a word
  word: { match: /[^\s";#\u0080-\uffff]+/, type: moo.keywords(KEYWORDS) },
  other: /[^ \t\u00a0\f\v\r\n]+/,
  error: moo.error,
});

/** Names of token types for diagnostics' "expected" lists. */
export function describeToken(type: string): string {
  if (type.startsWith('kw_')) return `"${type.slice(3)}"`;
  switch (type) {
    case 'lbrace': return '"{"';
    case 'rbrace': return '"}"';
    case 'semi': return '";"';
    case 'equals': return '"="';
    case 'string': return 'a quoted string';
    case 'int': return 'a number';
    case 'handle': return '"# handle N"';
    case 'warning': return 'an nft warning';
    default: return 'a word';
  }
}
