// Where one unit of nft's text ends when line breaks do not say so (a flattened paste, or lines joined
// in part). nft's layout (src/rule.c, src/statement.c) gives the boundaries: a block head ends at its
// "{" (and "# handle N" with -a), a set property before the next property keyword, elements at their
// closing "}", a base chain's spec at its last ";", and a rule at its "# handle N", before the "}"
// closing its chain, after its terminal verdict (and the comment nft prints last), or after the
// statement that follows its counter (iptables-nft: counter, then the target). Where the text
// allows two readings the boundary is marked `ambiguous` (parse.ts reports it).
import type { Token } from '../engine/lex';

/** What encloses the text being cut: parse.ts's block stack, as the cutter needs it. */
export type NftContext = 'top' | 'table' | 'chain' | 'set' | 'elements';

export interface NftCut {
  /** Index after the unit's last token. */
  end: number;
  /** The unit ends where the text could also go on with the same rule (a statement without a verdict). */
  ambiguous: boolean;
}

const NAT_FLAGS = /^(?:random|fully-random|persistent)(?:,(?:random|fully-random|persistent))*$/;
const QUEUE_WORDS = new Set(['num', 'to', 'flags', 'bypass', 'fanout', 'bypass,fanout', 'fanout,bypass']);
const LOG_OPTIONS = new Set(['prefix', 'level', 'group', 'snaplen', 'queue-threshold']);
// binary operators of a value nft prints after "set": "meta mark | 0x4000", "mark or 0x4000"
const OPERATORS = new Set(['|', '&', '^', '<<', '>>', 'or', 'and', 'xor']);
// a set's or map's properties (src/rule.c, set_print_plain); each starts a unit
const SET_PROPERTIES = new Set(['kw_type', 'kw_typeof', 'kw_flags', 'kw_comment', 'kw_elements', 'kw_policy', 'kw_counter']);
// and the statements nft gives every element ("counter", "quota 10 mbytes", "limit rate 10/second",
// "last", "ct count 20"): none of these words is in a set's type or typeof key
const SET_PROPERTY_WORDS = new Set(['timeout', 'gc-interval', 'size', 'auto-merge', 'quota', 'limit', 'last']);

function isWord(token: Token | undefined, text: string): boolean {
  return token !== undefined && token.type === 'word' && token.text === text;
}

/** Index after the "}" that closes the "{" at `open`, or the end of the tokens. */
function closing(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const type = (tokens[k] as Token).type;
    if (type === 'lbrace') depth++;
    else if (type === 'rbrace' && --depth === 0) return k + 1;
  }
  return tokens.length;
}

/** A block head "chain NAME {" / "table FAMILY NAME {" at `k`: the index after it (and its handle), or -1. */
function headEnd(tokens: readonly Token[], k: number): number {
  const type = tokens[k]?.type;
  const brace = type === 'kw_table' ? k + 3 : type === 'kw_chain' || type === 'kw_set' || type === 'kw_map' ? k + 2 : -1;
  if (brace === -1 || tokens[brace]?.type !== 'lbrace') return -1;
  return tokens[brace + 1]?.type === 'handle' ? brace + 2 : brace + 1;
}

/** End of a terminal verdict statement at `k` (src/statement.c, src/expression.c verdict_expr_print), or -1. */
function verdictEnd(tokens: readonly Token[], k: number): number {
  const token = tokens[k] as Token;
  switch (token.type) {
    case 'kw_accept':
    case 'kw_drop':
    case 'kw_return':
      return k + 1;
    case 'kw_jump':
    case 'kw_goto':
      return k + 1 < tokens.length ? k + 2 : -1;
    case 'kw_dnat':
      return natEnd(tokens, k);
    case 'word':
      break;
    default:
      return -1;
  }
  const previous = tokens[k - 1];
  switch (token.text) {
    case 'continue':
      return k + 1;
    case 'snat':
      return natEnd(tokens, k);
    case 'masquerade':
    case 'redirect': {
      // "icmp type redirect" is a value
      if (previous?.type === 'kw_type' || isWord(previous, 'code')) return -1;
      let e = k + 1;
      if (tokens[e]?.type === 'kw_to' && e + 1 < tokens.length) e += 2;
      if (tokens[e]?.type === 'word' && NAT_FLAGS.test((tokens[e] as Token).text)) e++;
      return e;
    }
    case 'reject': {
      let e = k + 1;
      if (!isWord(tokens[e], 'with')) return e;
      // "reject with tcp reset", "reject with icmp type host-unreachable", "reject with icmpx admin-prohibited"
      const family = tokens[e + 1];
      e += 2;
      if (family === undefined) return tokens.length;
      if (family.text === 'tcp') return isWord(tokens[e], 'reset') ? e + 1 : e;
      if (tokens[e]?.type === 'kw_type') e++;
      return Math.min(e + 1, tokens.length);
    }
    case 'queue': {
      let e = k + 1;
      while (e < tokens.length && (QUEUE_WORDS.has((tokens[e] as Token).text) || /^\d+(?:-\d+)?$/.test((tokens[e] as Token).text))) e++;
      return e;
    }
    case 'vmap': {
      const next = tokens[k + 1];
      if (next?.type === 'lbrace') return closing(tokens, k + 1);
      return next !== undefined && next.text.startsWith('@') ? k + 2 : -1;
    }
    default:
      return -1;
  }
}

/** "dnat to A:P", "dnat ip to A", "snat to A fully-random"; -1 when "dnat" is a value ("ct status dnat"). */
function natEnd(tokens: readonly Token[], k: number): number {
  let e = k + 1;
  if (isWord(tokens[e], 'ip') || isWord(tokens[e], 'ip6')) e++;
  if (tokens[e]?.type !== 'kw_to' || e + 1 >= tokens.length) return -1;
  e += 2;
  if (tokens[e]?.type === 'word' && NAT_FLAGS.test((tokens[e] as Token).text)) e++;
  return e;
}

/** "counter packets N bytes M" at `k`: the index after it, or -1. */
function counterEnd(tokens: readonly Token[], k: number): number {
  return tokens[k]?.type === 'kw_counter' && tokens[k + 1]?.type === 'kw_packets' && tokens[k + 2]?.type === 'int'
    && tokens[k + 3]?.type === 'kw_bytes' && tokens[k + 4]?.type === 'int' ? k + 5 : -1;
}

/** End of a statement that is no verdict (a target of iptables-nft, a mangle, log, notrack), or -1. */
function actionEnd(tokens: readonly Token[], k: number): number {
  const token = tokens[k] as Token;
  if (token.type !== 'word') return -1;
  if (token.text === 'notrack') return k + 1;
  // a dynamic set update (src/statement.c, set_stmt_print): "update @affinity-… { ip saddr }" (kube-proxy's
  // session affinity), "add @s { ip saddr timeout 1m }"; "ct state new add …" has no "@" after it
  if ((token.text === 'update' || token.text === 'add' || token.text === 'delete') && tokens[k + 1]?.text.startsWith('@') === true && tokens[k + 2]?.type === 'lbrace')
    return closing(tokens, k + 2);
  if (token.text === 'xt') return isWord(tokens[k + 1], 'target') ? Math.min(k + 3, tokens.length) : -1;
  if (token.text === 'log') {
    let e = k + 1;
    for (;;) {
      const option = tokens[e];
      if (option?.type === 'word' && LOG_OPTIONS.has(option.text)) e += 2;
      // "flags all", "flags tcp sequence,options"
      else if (option?.type === 'kw_flags') e += isWord(tokens[e + 1], 'tcp') || isWord(tokens[e + 1], 'ip') ? 3 : 2;
      else return Math.min(e, tokens.length);
    }
  }
  // "meta mark set …", "mark set …", "ct mark set …", "tcp option maxseg size set rt mtu"
  let set = k + 1;
  while (set < k + 5 && tokens[set]?.type === 'word') set++;
  if (tokens[set]?.type !== 'kw_set' || set === k + 5) return -1;
  let e = operandEnd(tokens, set + 1);
  while (e < tokens.length && OPERATORS.has((tokens[e] as Token).text)) e = operandEnd(tokens, e + 1);
  return Math.min(e, tokens.length);
}

function operandEnd(tokens: readonly Token[], k: number): number {
  const token = tokens[k];
  if (token === undefined) return tokens.length;
  return token.type === 'word' && (token.text === 'meta' || token.text === 'ct' || token.text === 'rt') ? k + 2 : k + 1;
}

/** After a rule's end: the comment nft prints last, and the handle of -a. */
function tail(tokens: readonly Token[], e: number): number {
  if (tokens[e]?.type === 'kw_comment' && tokens[e + 1]?.type === 'string') e += 2;
  if (tokens[e]?.type === 'handle') e++;
  return e;
}

/** What follows a statement that is no verdict: the rule goes on with it, ends, or either reading holds. */
function afterStatement(tokens: readonly Token[], e: number, counted: boolean): 'end' | 'continue' | 'ambiguous' {
  const next = tokens[e];
  if (next === undefined || next.type === 'rbrace' || next.type === 'handle') return 'end';
  if (next.type === 'kw_comment' && tokens[e + 1]?.type === 'string') return 'end';
  // a second counter starts a rule (iptables-nft gives each rule one)
  if (counterEnd(tokens, e) !== -1) return counted ? 'end' : 'ambiguous';
  if (verdictEnd(tokens, e) !== -1 || actionEnd(tokens, e) !== -1) return 'ambiguous';
  // a match after the rule's statements starts the next rule: nft prints a rule's matches first
  return 'end';
}

/**
 * Cuts the unit that starts at `from`. `flattened`: the tokens are known to hold several units, so a
 * boundary that needs a choice is taken (and marked); otherwise (one line of nft's output) it is not.
 */
export function cutUnit(tokens: readonly Token[], from: number, context: NftContext, flattened: boolean): NftCut {
  const n = tokens.length;
  const first = tokens[from] as Token;
  if (context === 'chain' && first.type !== 'rbrace' && first.type !== 'kw_comment' && first.type !== 'kw_type' && headEnd(tokens, from) === -1)
    return cutRule(tokens, from, flattened);
  if (context === 'elements') {
    // the rest of "elements = { …" printed over several lines: up to the "}" that closes it
    let depth = 0;
    for (let k = from; k < n; k++) {
      const type = (tokens[k] as Token).type;
      if (type === 'lbrace') depth++;
      else if (type === 'rbrace' && depth-- === 0) return whole(k + 1, n);
    }
    return whole(n, n);
  }
  if (first.type === 'rbrace' && context !== 'top') return whole(from + 1, n);
  const head = headEnd(tokens, from);
  if (head !== -1) return whole(head, n);
  if (context === 'top') {
    if (first.type === 'warning') return whole(from + 1, n);
    let k = from + 1;
    while (k < n && (tokens[k] as Token).type !== 'kw_table' && (tokens[k] as Token).type !== 'warning') k++;
    return whole(k, n);
  }
  if (first.type === 'kw_comment' && tokens[from + 1]?.type === 'string') return whole(from + 2, n);
  if (context === 'table') {
    if (first.type === 'kw_flags') return whole(from + 2, n);
    // something nft prints that this reader does not know (a flowtable, a named counter): to its "}"
    let depth = 0;
    for (let k = from; k < n; k++) {
      const token = tokens[k] as Token;
      if (token.type === 'lbrace') depth++;
      else if (token.type === 'rbrace' && depth-- === 0) return whole(k, n);
      else if (token.type === 'rbrace' && depth === 0) return whole(k + 1, n);
      else if (depth === 0 && k > from && headEnd(tokens, k) !== -1) return whole(k, n);
    }
    return whole(n, n);
  }
  if (context === 'set') {
    if (first.type === 'kw_elements') return whole(tokens[from + 2]?.type === 'lbrace' ? closing(tokens, from + 2) : from + 1, n);
    if (first.type === 'kw_flags') return whole(from + 2, n);
    let k = from + 1;
    for (; k < n; k++) {
      const token = tokens[k] as Token;
      if (token.type === 'rbrace' || SET_PROPERTIES.has(token.type as string) || (token.type === 'word' && SET_PROPERTY_WORDS.has(token.text))) break;
      if (isWord(token, 'ct') && isWord(tokens[k + 1], 'count')) break;
    }
    return whole(k, n);
  }
  // a base chain's "type filter hook input priority 0; policy accept;"
  if (first.type === 'kw_type' && tokens[from + 2]?.type === 'kw_hook') {
    let k = from;
    while (k < n && (tokens[k] as Token).type !== 'semi') k++;
    if (tokens[k + 1]?.type === 'kw_policy') {
      k += 2;
      while (k < n && (tokens[k] as Token).type !== 'semi') k++;
    }
    return whole(k + 1, n);
  }
  return cutRule(tokens, from, flattened);
}

function whole(end: number, n: number): NftCut {
  return { end: end < n ? end : n, ambiguous: false };
}

function cutRule(tokens: readonly Token[], from: number, flattened: boolean): NftCut {
  const n = tokens.length;
  let depth = 0;
  let counted = false;
  let k = from;
  while (k < n) {
    const token = tokens[k] as Token;
    if (token.type === 'handle') return { end: k + 1, ambiguous: false };
    if (token.type === 'lbrace') {
      depth++;
      k++;
      continue;
    }
    if (token.type === 'rbrace') {
      if (depth === 0) return { end: k, ambiguous: false };
      depth--;
      k++;
      continue;
    }
    if (depth > 0) {
      k++;
      continue;
    }
    // a block head: the chain before it was not closed
    if (k > from && headEnd(tokens, k) !== -1) return { end: k, ambiguous: false };
    if (k > from && token.type === 'kw_comment' && tokens[k + 1]?.type === 'string') return { end: tail(tokens, k), ambiguous: false };
    const verdict = verdictEnd(tokens, k);
    if (verdict !== -1) return { end: tail(tokens, verdict), ambiguous: false };
    const counter = counterEnd(tokens, k);
    const statement = counter !== -1 ? counter : actionEnd(tokens, k);
    if (statement === -1) {
      k++;
      continue;
    }
    if (counter !== -1) {
      counted = true;
      // the counter's rule goes on with its verdict or target, or ends (a rule without one)
      const next = tokens[statement];
      if (next !== undefined && (verdictEnd(tokens, statement) !== -1 || actionEnd(tokens, statement) !== -1)) {
        k = statement;
        continue;
      }
      if (next?.type === 'kw_comment' && tokens[statement + 1]?.type === 'string') return { end: tail(tokens, statement), ambiguous: false };
      if (next?.type === 'handle') return { end: statement + 1, ambiguous: false };
      return { end: statement, ambiguous: false };
    }
    const after = afterStatement(tokens, statement, counted);
    if (after === 'end') return { end: tail(tokens, statement), ambiguous: false };
    if (after === 'ambiguous' && flattened) return { end: statement, ambiguous: true };
    k = statement;
  }
  return { end: n, ambiguous: false };
}
