// Typed pieces of nft's text taken from a grammar unit's tokens: names, priorities, and the
// light typing of a rule (counter, final verdict, dnat to, comment) per nft(8) STATEMENTS.
import type { Token } from '../engine/lex';
import type { NftVerdict } from './schema';
import { decimalValue } from '../engine/decimal';

export type NftUnit =
  | { kind: 'table'; family: Token; name: Token; handle: Token | null }
  | { kind: 'chain' | 'set' | 'map'; name: Token; handle: Token | null }
  | { kind: 'chain-spec'; type: Token; hook: Token; device: Token | null; priority: Token[]; policy: Token | null }
  | { kind: 'set-type'; keyword: Token; words: Token[] }
  | { kind: 'set-flags'; words: Token[] }
  | { kind: 'set-policy'; word: Token }
  | { kind: 'comment'; text: Token }
  | { kind: 'elements'; open: Token; words: Token[] }
  | { kind: 'close'; brace: Token }
  | { kind: 'warning'; text: Token }
  | { kind: 'statement'; words: Token[]; handle: Token | null };

/** The text of a string token without its quotes (nft escapes nothing but the quote itself). */
export function unquote(token: Token): string {
  return token.type === 'string' ? token.text.slice(1, -1) : token.text;
}

export function handleOf(token: Token | null): number | null {
  if (!token) return null;
  // "# handle N": the digits after the 9 characters of "# handle ", read without cutting them out
  const text = token.text;
  let value = 0;
  for (let i = 9; i < text.length; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}

/** "-100" is -100; "dstnat" and "dstnat - 10" are names (nft -nn would print numbers). */
export function priorityValue(priority: string): number | null {
  return /^-?\d+$/.test(priority) ? Number.parseInt(priority, 10) : null;
}

export interface RuleTyping {
  counter: { packets: number; bytes: number } | null;
  verdict: NftVerdict | null;
  dnat: string | null;
  comment: string | null;
}

const VERDICTS = new Set(['kw_accept', 'kw_drop', 'kw_return']);

/** Reads what later increments need from a rule's tokens; the rest stays in its text. */
export function typeRule(words: readonly Token[]): RuleTyping {
  let counter: RuleTyping['counter'] = null;
  let dnat: string | null = null;
  let comment: string | null = null;
  let end = words.length;
  // nft prints a rule's comment last: `… jump X comment "…"`
  const last = words[end - 1];
  if (end >= 2 && last?.type === 'string' && words[end - 2]?.type === 'kw_comment') {
    comment = unquote(last);
    end -= 2;
  }
  for (let i = 0; i < end; i++) {
    const word = words[i] as Token;
    if (word.type === 'kw_counter' && words[i + 1]?.type === 'kw_packets' && words[i + 2]?.type === 'int'
      && words[i + 3]?.type === 'kw_bytes' && words[i + 4]?.type === 'int') {
      counter = { packets: decimalValue((words[i + 2] as Token).text), bytes: decimalValue((words[i + 4] as Token).text) };
    } else if (word.type === 'kw_dnat') {
      // "dnat to A:P"; in inet tables "dnat ip to A:P"
      const to = words[i + 1]?.type === 'kw_to' ? i + 1 : words[i + 2]?.type === 'kw_to' ? i + 2 : -1;
      const target = to === -1 ? undefined : words[to + 1];
      if (target && to + 1 < end) dnat = target.text;
    }
  }
  let verdict: NftVerdict | null = null;
  const final = words[end - 1];
  const before = words[end - 2];
  if (final && VERDICTS.has(final.type as string)) verdict = { verdict: final.text as NftVerdict['verdict'], target: null };
  else if (final && before && (before.type === 'kw_jump' || before.type === 'kw_goto') && final.type !== 'rbrace')
    verdict = { verdict: before.type === 'kw_jump' ? 'jump' : 'goto', target: unquote(final) };
  return { counter, verdict, dnat, comment };
}

const TIME_UNITS: readonly (readonly [string, number])[] = [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1], ['ms', 0.001]];

/**
 * A time as nft prints it (src/datatype.c, time_print: days, hours, minutes, seconds, milliseconds,
 * each once, in that order: "3h", "1d2h3m4s", "500ms") in seconds; null for anything else.
 */
export function nftTimeSeconds(text: string): number | null {
  let at = 0;
  let unit = 0;
  let seconds = 0;
  while (at < text.length) {
    const from = at;
    while (at < text.length && text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57) at++;
    if (at === from || at - from > 15) return null;
    const value = Number(text.slice(from, at));
    // "ms" before "m": the longer suffix first
    const suffix = text.startsWith('ms', at) ? 'ms' : text.charAt(at);
    while (unit < TIME_UNITS.length && (TIME_UNITS[unit] as readonly [string, number])[0] !== suffix) unit++;
    if (unit === TIME_UNITS.length) return null;
    seconds += value * (TIME_UNITS[unit] as readonly [string, number])[1];
    at += suffix.length;
    unit++;
  }
  return at === 0 ? null : Math.round(seconds * 1000) / 1000;
}
