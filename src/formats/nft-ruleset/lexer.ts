// Tokens of one line of `nft list ruleset` text (nftables src/rule.c, src/statement.c,
// src/expression.c print functions). Words nft prints as structure are keywords (kw_<word>);
// a rule's statements are kept as written, so other words stay plain `word` tokens.
import moo from 'moo';
import { FIELD_LOWERCASE, FIELD_QUOTE_HASH_SEMI, type SkeletonOptions } from '../engine/skeleton';

/** Words with their own token type: block heads, chain and set properties, the verdicts read. */
export const NFT_KEYWORDS = [
  'table', 'chain', 'set', 'map', 'type', 'typeof', 'hook', 'device', 'priority', 'policy', 'flags', 'elements',
  'comment', 'counter', 'packets', 'bytes', 'jump', 'goto', 'return', 'accept', 'drop', 'dnat', 'to',
] as const;

const KEYWORDS: Record<string, string> = Object.create(null) as Record<string, string>;
for (const word of NFT_KEYWORDS) KEYWORDS[`kw_${word}`] = word;

// A token ends at a blank, a ";" or the end of the line.
const END = '(?![^ \\t\\u00a0\\f\\v\\r\\n;])';

/**
 * The longest string nft prints, in characters between the quotes: names are at most 255 bytes
 * (NFT_NAME_MAXLEN), comments at most 255 (XT_MAX_COMMENT_LEN; nft's own 128). Bounded so that a
 * quote without its closing one costs this much and not the rest of the line: in `a\" a\" …` every
 * `"` starts a string that would otherwise run to the line's end, which made a line quadratic.
 */
export const NFT_MAX_STRING = 256;

/**
 * The rules of both lexers. A line of nft's output ends its remarks; a flattened paste (line breaks
 * lost) does not, so there a remark is one word and nft's warning ends at its "!".
 */
function rules(flattened: boolean): moo.Rules {
  return {
    ws: /[ \t\u00a0\f\v\r]+/,
    // "nft -a" puts the object's handle after the statement or the opening brace
    handle: new RegExp(`# handle \\d+${END}`),
    // nft's own remarks: "# Warning: table ip nat is managed by iptables-nft, do not touch!" (nft 1.0.7+)
    // no "#" inside (nft's warning has none): a "# Warning: " that never reaches a "!" then stops at
    // the next remark instead of the line's end, so many of them cost the line once, not once each
    warning: flattened ? /# Warning: [^\n!#]*!/ : /# Warning: [^\n]*/,
    annotation: flattened ? /#\S*/ : /#[^\n]*/,
    string: new RegExp(`"(?:[^"\\\\\\n]|\\\\[^\\n]){0,${NFT_MAX_STRING}}"`),
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
  };
}

export const lexer = moo.compile(rules(false));

/** The same tokens for a flattened paste: remarks end at the next blank, the warning at its "!". */
export const flatLexer = moo.compile(rules(true));

/**
 * What the fast path may abstract in these lines besides numbers (src/formats/engine/skeleton.ts):
 * quoted values, digits (counters, handles: an `int` whatever their length), and every field with a
 * character other than a-z that the lexer takes as one plain `word` whatever its text, so that the rules of one kind share a skeleton whatever their addresses,
 * chain names (KUBE-SVC-…, kube-proxy's endpoint-5GEH5OEN-ns/svc/tcp/http__10.244.2.6/9090), marks
 * and set names; nft's own vocabulary (ip saddr, meta, dport, jump) stays as it is. Sound for this lexer:
 * - such a field follows a blank, where the token before has ended (only `string`, `annotation` and
 *   `warning` span blanks: a field inside them stays inside them, since it holds no `"` and no line
 *   end), and is printable ASCII without `"`, `#` or `;`, so one token takes it whole: `int` when it is
 *   digits (the scanner's class of its own), else `word`: it is no keyword (keywords are a-z;
 *   moo.keywords types by the whole text), not "-" and digits (an `int` in the class of other fields),
 *   and not `-`, `{`, `}` or `=`, whose rules need the field to be exactly that;
 * - `handle` and `warning` need the words "handle" and "Warning:": a-z, or kept;
 * - a quoted segment is what `string` reads (skeleton.ts `quotedEnd`: the first unescaped `"`, then
 *   a blank or the line's end), starting after a blank as a field does;
 * - after a segment comes a blank or the line's end, so the lookaheads (END) see the same.
 */
export const NFT_SKELETON: SkeletonOptions = { quoted: true, maxQuoted: NFT_MAX_STRING, fieldAt: isVaryingWord };

/**
 * A field `word` takes whole, with a character other than a-z and none of `"` `#` `;` (the scanner
 * has checked it is printable ASCII and says what it saw in it).
 */
function isVaryingWord(text: string, start: number, end: number, seen: number): boolean {
  if ((seen & (FIELD_LOWERCASE | FIELD_QUOTE_HASH_SEMI)) !== 0) return false;
  // "-5" is an `int`, as digits are: the scanner gives digits a class of their own, "-5" it would not
  if (text.charCodeAt(start) === 45 && end - start > 1) {
    let i = start + 1;
    while (i < end && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i === end) return false;
  }
  // "-", "{", "}", "=" alone have rules of their own; "Warning:" starts nft's warning
  if (end - start === 1) { const c = text.charCodeAt(start); return c !== 45 && c !== 123 && c !== 125 && c !== 61; }
  return !(end - start === 8 && text.startsWith('Warning:', start));
}

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
