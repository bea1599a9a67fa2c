// Tokens of one line of iptables -L output (iptables/iptables.c print_header, print_firewall).
// Column header lines are single tokens (words joined by any run of blanks, so flattened pastes
// still match); the free text after the columns is words, split again by build.ts.
import moo from 'moo';
import type { SkeletonOptions } from '../engine/skeleton';

/** The column header lines iptables -L prints: plain, --line-numbers, -v, and both. */
export const HEADER_WORDS = {
  headerPlain: ['target', 'prot', 'opt', 'source', 'destination'],
  headerNum: ['num', 'target', 'prot', 'opt', 'source', 'destination'],
  headerVerbose: ['pkts', 'bytes', 'target', 'prot', 'opt', 'in', 'out', 'source', 'destination'],
  headerNumVerbose: ['num', 'pkts', 'bytes', 'target', 'prot', 'opt', 'in', 'out', 'source', 'destination'],
} as const;
export type HeaderType = keyof typeof HEADER_WORDS;

const BLANKS = '[ \\t\\u00a0]+';
const NFT_WARNING = '# Warning: iptables-legacy tables present, use iptables-legacy to see them';
const KEYWORDS = { chainKw: 'Chain', policyKw: 'policy', packetsKw: 'packets,', bytesKw: 'bytes', referencesKw: 'references' };
const header = (words: readonly string[]): RegExp => new RegExp(`${words.join(BLANKS)}(?![^ \\t\\u00a0\\f\\v\\r\\n])`);

export const lexer = moo.compile({
  ws: /[ \t\u00a0\f\v\r]+/,
  // longer headers first: the -v header contains the plain one
  headerNumVerbose: header(HEADER_WORDS.headerNumVerbose),
  headerVerbose: header(HEADER_WORDS.headerVerbose),
  headerNum: header(HEADER_WORDS.headerNum),
  headerPlain: header(HEADER_WORDS.headerPlain),
  // iptables-nft's note on stderr (nft-shared.c), often merged into pastes with 2>&1
  nftWarning: NFT_WARNING,
  lparen: '(',
  rparen: ')',
  // the opt column: "--", "-f" (fragments), "!f" (not fragments)
  opt: /[-!][-f](?![^ \t\u00a0\f\v\r\n])/,
  // -v counters rounded by xtables_print_num: 1130K, 396M
  count: /\d+[KMGT](?![^ \t\u00a0\f\v\r\n()])/,
  int: /\d+(?![^ \t\u00a0\f\v\r\n()])/,
  word: {
    match: /[^ \t\u00a0\f\v\r\n()]+/,
    type: moo.keywords(KEYWORDS),
  },
  error: moo.error,
});

/**
 * What the fast path may abstract in these lines besides numbers (src/formats/engine/skeleton.ts):
 * column padding, and every field but the words below by its class (digits, rounded counter,
 * other), so that rules of one layout share a skeleton whatever their counters, addresses,
 * targets and comments. Sound for this lexer: such a field has no parenthesis and follows a blank,
 * where `ws` ended, so one token takes it whole: `count` when it is digits and K/M/G/T, `int`
 * when digits, else `word` (it is no keyword, and `opt` is two characters of [-!f], kept here).
 * The multi-word rules need their own words, kept here, and the nft warning single spaces;
 * a column header reads any run of blanks. Lookaheads after a token see the blank that ends it,
 * but the nft warning has none: it may end inside a field that starts with its last word, "them".
 */
export const skeleton: SkeletonOptions = { padding: true, fieldAt: (text, start, end) => !isKept(text, start, end) && !text.startsWith('them', start) };
const KEPT: readonly string[] = [
  ...new Set([...NFT_WARNING.split(' '), ...Object.values(KEYWORDS), ...Object.values(HEADER_WORDS).flat(), '--', '-f', '!-', '!f']),
];
// the kept words by length: a field is compared in place with those of its length (no slice per field)
const KEPT_BY_LENGTH: readonly (readonly string[])[] = Array.from({ length: Math.max(...KEPT.map((w) => w.length)) + 1 }, (_, n) => KEPT.filter((w) => w.length === n));

function isKept(text: string, start: number, end: number): boolean {
  const words = KEPT_BY_LENGTH[end - start];
  if (words === undefined) return false;
  for (const word of words) if (text.startsWith(word, start)) return true;
  return false;
}

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
