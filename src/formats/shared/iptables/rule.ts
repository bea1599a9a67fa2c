// The rule line iptables-save and iptables -S share ("-A CHAIN [-s …] [-m module --opt …]… -j
// TARGET …"): the grammar unit both formats' grammars produce, the record built from it, and
// the line printed back in iptables' order (print_rule4 / nft save_rule_details: -s -d -i -o -p
// -f, the matches in order, -c, then the target).
import type { Token } from 'moo';
import type { Span } from '../../../core';
import type { Counters, IptablesMatch, IptablesOption, IptablesRule, IptablesTarget, Negatable, TypedMatch } from './schema';
import { typeMatch, typeTarget } from './typing';

export interface OptionUnit { bang: Token | null; name: Token; values: Token[] }
export type ItemUnit =
  | { k: 'general'; bang: Token | null; flag: Token; value: Token }
  | { k: 'fragment'; bang: Token | null; flag: Token }
  | { k: 'match'; flag: Token; module: Token; options: OptionUnit[] }
  | { k: 'counters'; flag: Token; packets: Token; bytes: Token };
export interface TargetUnit { flag: Token; name: Token; options: OptionUnit[] }
/** `[p:b] -A CHAIN items… target` (the counters prefix only in iptables-save -c). */
export type RuleUnit = {
  kind: 'rule';
  counters: Token | null;
  append: Token;
  chain: Token;
  items: ItemUnit[];
  target: TargetUnit | null;
};

/** The part of a unit's span from `start` to `end` (offsets in the whole text); units are one line. */
export function subSpan(unit: Span, start: number, end: number): Span {
  const from = start - unit.offset;
  return { line: unit.line, column: unit.column + from, offset: start, length: end - start, text: unit.text.slice(from, end - unit.offset) };
}

const tokenEnd = (token: Token): number => token.offset + token.text.length;

/** "[12:3456]" into exact counters. */
export function bracketCounters(token: Token): Counters {
  const colon = token.text.indexOf(':');
  return { packets: Number(token.text.slice(1, colon)), bytes: Number(token.text.slice(colon + 1, -1)), exact: true };
}

// Large listings make hundreds of thousands of rules, each kept as long as its parse: what many
// rules hold alike is shared, frozen (a shared value must never change): the empty lists, option
// names, and what netsift types a module without options as ("-m tcp").
const NONE = Object.freeze([]) as unknown as never[];
const MAX_SHARED = 256;
const optionNames = new Map<string, string>();
const bareMatches = new Map<string, TypedMatch | null>();

/** "--dport" → "dport", one string per name. */
function optionName(flag: string): string {
  let name = optionNames.get(flag);
  if (name === undefined) {
    name = ` ${flag.slice(2)}`.slice(1);
    // names are short words: a name that is not (hostile input) is not kept
    // keys are copies: a slice would keep the whole parsed text alive in this map
    if (optionNames.size < MAX_SHARED && flag.length <= 40) optionNames.set(` ${flag}`.slice(1), name);
  }
  return name;
}

function options(units: readonly OptionUnit[]): IptablesOption[] {
  if (units.length === 0) return NONE;
  const out = new Array<IptablesOption>(units.length);
  for (let i = 0; i < units.length; i++) {
    const unit = units[i] as OptionUnit;
    const values = unit.values.length === 0 ? NONE : unit.values.map((v) => v.text);
    out[i] = { name: optionName(unit.name.text), values, negated: unit.bang !== null };
  }
  return out;
}

function typedMatch(module: string, options: IptablesOption[]): TypedMatch | null {
  if (options.length > 0) return typeMatch(module, options);
  let typed = bareMatches.get(module);
  if (typed === undefined) {
    typed = typeMatch(module, options);
    if (typed) deepFreeze(typed);
    if (bareMatches.size < MAX_SHARED && module.length <= 40) bareMatches.set(` ${module}`.slice(1), typed);
  }
  return typed;
}

function deepFreeze(value: object): void {
  for (const item of Object.values(value)) if (item !== null && typeof item === 'object') deepFreeze(item as object);
  Object.freeze(value);
}

function lastToken(first: Token, units: readonly OptionUnit[]): Token {
  const last = units[units.length - 1];
  if (!last) return first;
  return last.values[last.values.length - 1] ?? last.name;
}

/** The record of one rule unit; `position` is counted by the caller (per table and chain). */
export function buildRule(unit: RuleUnit, span: Span, table: string | null, position: number): IptablesRule {
  let counters: Counters | null = unit.counters ? bracketCounters(unit.counters) : null;
  let protocol: Negatable | null = null;
  let source: Negatable | null = null;
  let destination: Negatable | null = null;
  let inInterface: Negatable | null = null;
  let outInterface: Negatable | null = null;
  let fragment: { negated: boolean } | null = null;
  const matches: IptablesMatch[] = [];
  for (const item of unit.items) {
    switch (item.k) {
      case 'general': {
        const value: Negatable = { negated: item.bang !== null, value: item.value.text };
        switch (item.flag.text) {
          case '-s': source = value; break;
          case '-d': destination = value; break;
          case '-i': inInterface = value; break;
          case '-o': outInterface = value; break;
          default: protocol = value;
        }
        break;
      }
      case 'fragment':
        fragment = { negated: item.bang !== null };
        break;
      case 'match': {
        const raw = options(item.options);
        const end = tokenEnd(lastToken(item.module, item.options));
        matches.push({ module: item.module.text, options: raw, typed: typedMatch(item.module.text, raw), span: subSpan(span, item.flag.offset, end) });
        break;
      }
      case 'counters':
        counters = { packets: Number(item.packets.text), bytes: Number(item.bytes.text), exact: true };
        break;
    }
  }
  let target: IptablesTarget | null = null;
  if (unit.target) {
    const raw = options(unit.target.options);
    const goto = unit.target.flag.text === '-g';
    const end = tokenEnd(lastToken(unit.target.name, unit.target.options));
    target = {
      name: unit.target.name.text, goto, options: raw, typed: typeTarget(unit.target.name.text, raw, goto),
      span: subSpan(span, unit.target.flag.offset, end),
    };
  }
  return {
    type: 'rule', table, chain: unit.chain.text, position, counters, protocol, source, destination, inInterface, outInterface,
    fragment, matches, target, unresolved: NONE, span,
  };
}

function negation(negated: boolean): string {
  return negated ? '! ' : '';
}

function printOptions(list: readonly IptablesOption[]): string {
  let out = '';
  for (const option of list) {
    out += ` ${negation(option.negated)}--${option.name}`;
    for (const value of option.values) out += ` ${value}`;
  }
  return out;
}

/**
 * The rule as iptables prints it, from "-A": counters as "-c p b" before the target when
 * `inlineCounters` (iptables -v -S); iptables-save -c puts "[p:b] " before the line instead.
 */
export function printRule(rule: IptablesRule, inlineCounters: boolean): string {
  let out = `-A ${rule.chain}`;
  const general: [string, Negatable | null][] = [
    ['-s', rule.source], ['-d', rule.destination], ['-i', rule.inInterface], ['-o', rule.outInterface], ['-p', rule.protocol],
  ];
  for (const [flag, value] of general) if (value) out += ` ${negation(value.negated)}${flag} ${value.value}`;
  if (rule.fragment) out += ` ${negation(rule.fragment.negated)}-f`;
  for (const match of rule.matches) out += ` -m ${match.module}${printOptions(match.options)}`;
  if (inlineCounters && rule.counters) out += ` -c ${rule.counters.packets} ${rule.counters.bytes}`;
  if (rule.target) out += ` ${rule.target.goto ? '-g' : '-j'} ${rule.target.name}${printOptions(rule.target.options)}`;
  return out;
}

/** Counts rules per table and chain in order of appearance: the next 1-based position. */
export class RulePositions {
  private readonly seen = new Map<string, number>();
  next(table: string | null, chain: string): number {
    const key = `${table ?? ''}\u0000${chain}`;
    const position = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, position);
    return position;
  }
}
