// Tokens of one line of iptables -L output (iptables/iptables.c print_header, print_firewall).
// Column header lines are single tokens (words joined by any run of blanks, so flattened pastes
// still match); the free text after the columns is words, split again by build.ts.
import moo from 'moo';

/** The column header lines iptables -L prints: plain, --line-numbers, -v, and both. */
export const HEADER_WORDS = {
  headerPlain: ['target', 'prot', 'opt', 'source', 'destination'],
  headerNum: ['num', 'target', 'prot', 'opt', 'source', 'destination'],
  headerVerbose: ['pkts', 'bytes', 'target', 'prot', 'opt', 'in', 'out', 'source', 'destination'],
  headerNumVerbose: ['num', 'pkts', 'bytes', 'target', 'prot', 'opt', 'in', 'out', 'source', 'destination'],
} as const;
export type HeaderType = keyof typeof HEADER_WORDS;

const BLANKS = '[ \\t\\u00a0]+';
const header = (words: readonly string[]): RegExp => new RegExp(`${words.join(BLANKS)}(?![^ \\t\\u00a0\\f\\v\\r\\n])`);

export const lexer = moo.compile({
  ws: /[ \t\u00a0\f\v\r]+/,
  // longer headers first: the -v header contains the plain one
  headerNumVerbose: header(HEADER_WORDS.headerNumVerbose),
  headerVerbose: header(HEADER_WORDS.headerVerbose),
  headerNum: header(HEADER_WORDS.headerNum),
  headerPlain: header(HEADER_WORDS.headerPlain),
  // iptables-nft's note on stderr (nft-shared.c), often merged into pastes with 2>&1
  nftWarning: '# Warning: iptables-legacy tables present, use iptables-legacy to see them',
  lparen: '(',
  rparen: ')',
  // the opt column: "--", "-f" (fragments), "!f" (not fragments)
  opt: /[-!][-f](?![^ \t\u00a0\f\v\r\n])/,
  // -v counters rounded by xtables_print_num: 1130K, 396M
  count: /\d+[KMGT](?![^ \t\u00a0\f\v\r\n()])/,
  int: /\d+(?![^ \t\u00a0\f\v\r\n()])/,
  word: {
    match: /[^ \t\u00a0\f\v\r\n()]+/,
    type: moo.keywords({ chainKw: 'Chain', policyKw: 'policy', packetsKw: 'packets,', bytesKw: 'bytes', referencesKw: 'references' }),
  },
  error: moo.error,
});

/** Names of token types for diagnostics' "expected" lists. */
export function describeToken(type: string): string {
  switch (type) {
    case 'chainKw': return '"Chain"';
    case 'opt': return 'the opt column ("--")';
    case 'int': case 'count': return 'a number';
    case 'word': return 'a target or protocol';
    case 'lparen': return '"("';
    case 'rparen': return '")"';
    default: return type.startsWith('header') ? 'the column header' : type;
  }
}
