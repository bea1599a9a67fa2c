// The rule line iptables-save and iptables -S share ("-A CHAIN [-s …] [-m module --opt …]… -j
// TARGET …"): the grammar unit both formats' grammars produce, the record built from it, and
// the line printed back in iptables' order (print_rule4 / nft save_rule_details: -s -d -i -o -p
// -f, the matches in order, -c, then the target).
import type { Token } from '../../engine/lex';
import type { Span } from '../../../core';
import type { Counters, IptablesMatch, IptablesOption, IptablesRule, IptablesTarget, Negatable, TypedMatch } from './schema';
import { typeMatch, typeTarget } from './typing';
import { decimalValue } from '../../engine/decimal';
import { NO_HEAD, NONE, PackedRule, readsInPlace, type ChainShape, type MatchParts, type RuleHead, type RuleShape, type TargetParts } from './packed';

export { NONE };

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

// what every chain of iptables-save without -c shows, and most with it: one frozen value for all
export const ZERO_COUNTERS: Counters = Object.freeze({ packets: 0, bytes: 0, exact: true });

/** "[12:3456]" into exact counters ("[0:0]" the shared, frozen zero). */
export function bracketCounters(token: Token): Counters {
  if (token.text === '[0:0]') return ZERO_COUNTERS;
  const colon = token.text.indexOf(':');
  return { packets: decimalValue(token.text, 1, colon), bytes: decimalValue(token.text, colon + 1, token.text.length - 1), exact: true };
}

// Large listings make hundreds of thousands of rules, each kept as long as its parse: what many
// rules hold alike is shared, frozen (a shared value must never change): the empty lists (NONE,
// packed.ts), option names, and what netsift types a module without options as ("-m tcp").
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

/**
 * Parts held by a second rule are frozen from then on (a value many rules hold must never change
 * under one of them); parts only one rule holds are left alone, which saves freezing every
 * endpoint's DNAT target.
 */
export function sharing(parts: object): void {
  if (!Object.isFrozen(parts)) deepFreeze(parts);
}

/** Freezes `value` and what it holds; a frozen object's contents are taken as frozen already. */
export function deepFreeze(value: object): void {
  if (Object.isFrozen(value)) return;
  Object.freeze(value);
  // for…in, not Object.values: no array per call (this runs for every distinct match and target)
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== null && typeof item === 'object') deepFreeze(item);
  }
}

function lastToken(first: Token, units: readonly OptionUnit[]): Token {
  const last = units[units.length - 1];
  if (!last) return first;
  return last.values[last.values.length - 1] ?? last.name;
}


/** A line of a packed iptables-save read before: the shape of what it made, `from` characters into it. */
export type KnownLine = { kind: 'rule'; shape: RuleShape; from: number } | { kind: 'chain'; shape: ChainShape; from: number };

/**
 * Lines kept at most: some 80 MB of them. A bundle whose lines never repeat (iptables-save -c: every
 * line has its own counters) keeps up to this many for nothing, and finds none.
 */
export const MAX_KNOWN_LINES = 1 << 20;

/**
 * Lines of packed iptables-save listings already read, by their text, and the shape of what each
 * made (a rule or a chain declaration): the nodes of a cluster list the same kube-proxy rules, and a
 * line read on one node is not read again on the next.
 */
export class KnownLines {
  private readonly lines = new Map<string, KnownLine>();

  constructor(private readonly max = MAX_KNOWN_LINES) {}

  get size(): number {
    return this.lines.size;
  }

  /** The texts kept, in the order they were read. */
  texts(): string[] {
    return [...this.lines.keys()];
  }

  find(text: string): KnownLine | undefined {
    return this.lines.get(text);
  }

  /** Keeps what `text` made; its parts are frozen from now on, since every line that reads alike holds them. */
  keep(text: string, line: KnownLine): void {
    if (this.lines.size >= this.max) return;
    if (line.kind === 'rule') for (const item of line.shape.body) if (typeof item === 'object') sharing(item);
    this.lines.set(text, line);
  }
}

/**
 * The parts a parse that hands its records to a sink keeps at most (SharedRuleParts' and
 * SharedListParts' `maxParts`): rules that read alike mostly sit together (a service's rules, its
 * endpoints'), so a few hundred parts still share most of them. Measured through the CLI on the
 * 5,000-service listings: iptables-save 0.69 → 0.53 s and 136 → 90 MB, -S 0.64 → 0.54 s and 135 →
 * 91 MB, -L 0.78 → 0.68 s and 137 → 91 MB; 1,024 parts held 113 MB for -L, 4,096 parts 130 MB.
 */
export const STREAMED_PARTS = 256;

/**
 * What the rules of one parse share: kube-proxy repeats the same match text ("-m comment --comment
 * "ns/svc:port"", "-p tcp", "-j KUBE-MARK-MASQ") in thousands of rules, and a rule is read from its
 * text alone, so every rule with the same text gets the same frozen options and typed view (each
 * keeps its own span). Lives as long as one parse, or one buildModel (whose nodes' listings read
alike): bounded by the input, never a global cache.
 */
export class SharedRuleParts {
  /** Lines of packed iptables-save listings already read (KnownLines). */
  readonly lines: KnownLines;
  private matches = new Map<string, MatchParts>();
  private targets = new Map<string, TargetParts>();
  // by value, one map per bang: no key string built per rule
  private plain = new Map<string, Negatable>();
  private negated = new Map<string, Negatable>();
  private chains = new Map<string, string>();
  private heads = new Map<string, RuleHead>();
  private lastChain = '';
  private kept = 0;
  private readonly maxParts: number;

  /**
   * `maxKnownLines`: lines kept at most (KnownLines; MAX_KNOWN_LINES). `maxParts`: parts kept at
   * most; at the bound every part is let go and sharing starts afresh: for a parse whose records
   * are handed on and dropped (a sink), which would otherwise hold every distinct part of the
   * listing to its end (SharedListParts says what that costs).
   */
  constructor(options: { maxKnownLines?: number; maxParts?: number } = {}) {
    this.lines = new KnownLines(options.maxKnownLines);
    this.maxParts = options.maxParts ?? Infinity;
  }

  /** Called before a part is added: makes room for it (new maps, not clear(): see SharedListParts). */
  private adding(): void {
    if (++this.kept <= this.maxParts) return;
    this.matches = new Map();
    this.targets = new Map();
    this.plain = new Map();
    this.negated = new Map();
    this.chains = new Map();
    this.heads = new Map();
    this.kept = 1;
  }

  /** Parts kept now, in every map (not the known lines). */
  get parts(): number {
    return this.kept;
  }

  /**
   * One string per chain name: the rules of a chain hold the same string, which keeps its hash
   * (the model looks chains up by name for every rule) and costs no slice per rule.
   */
  chainName(text: string): string {
    if (text === this.lastChain) return this.lastChain;
    let name = this.chains.get(text);
    if (name === undefined) {
      name = text;
      this.adding();
      this.chains.set(text, name);
    }
    this.lastChain = name;
    return name;
  }

  /** The parts of the match that reads `text` (its span's text), built from `unit` the first time. */
  match(text: string, unit: Extract<ItemUnit, { k: 'match' }>): MatchParts {
    let parts = this.matches.get(text);
    if (parts === undefined) {
      const raw = options(unit.options);
      parts = { module: unit.module.text, options: raw, typed: typedMatch(unit.module.text, raw) };
      this.adding();
      this.matches.set(text, parts);
    } else sharing(parts);
    return parts;
  }

  /** The parts of the target that reads `text`, built from `unit` the first time. */
  target(text: string, unit: TargetUnit): TargetParts {
    let parts = this.targets.get(text);
    if (parts === undefined) {
      const raw = options(unit.options);
      const goto = unit.flag.text === '-g';
      parts = { name: unit.name.text, goto, options: raw, typed: typeTarget(unit.name.text, raw, goto) };
      this.adding();
      this.targets.set(text, parts);
    } else sharing(parts);
    return parts;
  }

  /**
   * -p -s -d -i -o -f of a packed rule: one frozen head for the rules with the same general items in
   * the same order (`key`, built by the caller: nothing is built for a rule without any).
   */
  head(key: string, items: readonly ItemUnit[]): RuleHead {
    let head = this.heads.get(key);
    if (head === undefined) {
      const read = readHead(items, this);
      if (read.fragment !== null) Object.freeze(read.fragment);
      head = Object.freeze(read);
      this.adding();
      this.heads.set(key, head);
    }
    return head;
  }

  /** "-p tcp", "! -i cni0": the same negatable value for the same bang and value. */
  general(negated: boolean, value: string): Negatable {
    const values = negated ? this.negated : this.plain;
    let parts = values.get(value);
    if (parts === undefined) {
      parts = Object.freeze({ negated, value });
      this.adding();
      (negated ? this.negated : this.plain).set(value, parts);
    }
    return parts;
  }
}

/**
 * The record of one rule unit; `position` is counted by the caller (per table and chain). Rules
 * built with the same `shared` parts share what reads alike (frozen: records are not to be changed).
 */
export function buildRule(unit: RuleUnit, span: Span, table: string | null, position: number, shared = new SharedRuleParts()): IptablesRule {
  let counters: Counters | null = unit.counters ? bracketCounters(unit.counters) : null;
  const head = readHead(unit.items, shared);
  // exactly sized: an array grown by push keeps room for 16 more, in every one of many rules
  let matchCount = 0;
  for (const item of unit.items) if (item.k === 'match') matchCount++;
  const matches: IptablesMatch[] = matchCount === 0 ? NONE : new Array<IptablesMatch>(matchCount);
  let matchIndex = 0;
  for (const item of unit.items) {
    switch (item.k) {
      case 'match': {
        const matchSpan = subSpan(span, item.flag.offset, tokenEnd(lastToken(item.module, item.options)));
        const parts = shared.match(matchSpan.text, item);
        matches[matchIndex++] = { module: parts.module, options: parts.options, typed: parts.typed, span: matchSpan };
        break;
      }
      case 'counters':
        counters = { packets: decimalValue(item.packets.text), bytes: decimalValue(item.bytes.text), exact: true };
        break;
    }
  }
  let target: IptablesTarget | null = null;
  const targetUnit = unit.target;
  if (targetUnit) {
    const targetSpan = subSpan(span, targetUnit.flag.offset, tokenEnd(lastToken(targetUnit.name, targetUnit.options)));
    const parts = shared.target(targetSpan.text, targetUnit);
    target = { name: parts.name, goto: parts.goto, options: parts.options, typed: parts.typed, span: targetSpan };
  }
  return {
    type: 'rule', table, chain: shared.chainName(unit.chain.text), position, counters, protocol: head.protocol, source: head.source,
    destination: head.destination, inInterface: head.inInterface, outInterface: head.outInterface, fragment: head.fragment, matches, target,
    unresolved: NONE, span,
  };
}

/** -p -s -d -i -o -f as a rule's general items give them, in order (a flag given twice: the last). */
function readHead(items: readonly ItemUnit[], shared: SharedRuleParts): { -readonly [K in keyof RuleHead]: RuleHead[K] } {
  const head: { -readonly [K in keyof RuleHead]: RuleHead[K] } = { protocol: null, source: null, destination: null, inInterface: null, outInterface: null, fragment: null };
  for (const item of items) {
    if (item.k === 'fragment') head.fragment = { negated: item.bang !== null };
    if (item.k !== 'general') continue;
    const value = shared.general(item.bang !== null, item.value.text);
    switch (item.flag.text) {
      case '-s': head.source = value; break;
      case '-d': head.destination = value; break;
      case '-i': head.inInterface = value; break;
      case '-o': head.outInterface = value; break;
      default: head.protocol = value;
    }
  }
  return head;
}

/**
 * The rule of one unit, packed (packed.ts): what buildRule's record reads as, its spans made when
 * asked for. For the model of a large bundle.
 */
export function buildPackedRule(unit: RuleUnit, span: Span, table: string | null, position: number, shared: SharedRuleParts, input: string): PackedRule | null {
  if (!readsInPlace(span, input)) return null;
  let counters: Counters | null = unit.counters ? bracketCounters(unit.counters) : null;
  let parts = 0;
  for (const item of unit.items) if (item.k === 'match') parts++;
  const targetUnit = unit.target;
  if (targetUnit) parts++;
  const body = new Array<MatchParts | TargetParts | number>(parts * 3);
  let at = 0;
  // the general items in order, each as bang, flag and value with their lengths (no two lists read alike)
  let headKey = '';
  for (const item of unit.items) {
    switch (item.k) {
      case 'general':
        headKey += `${item.bang === null ? '' : '!'}${item.flag.text.length}:${item.flag.text}${item.value.text.length}:${item.value.text}`;
        break;
      case 'fragment':
        headKey += item.bang === null ? '-f' : '!-f';
        break;
      case 'match': {
        const start = item.flag.offset;
        const end = tokenEnd(lastToken(item.module, item.options));
        body[at] = shared.match(span.text.slice(start - span.offset, end - span.offset), item);
        body[at + 1] = start - span.offset;
        body[at + 2] = end - start;
        at += 3;
        break;
      }
      case 'counters':
        counters = { packets: decimalValue(item.packets.text), bytes: decimalValue(item.bytes.text), exact: true };
        break;
    }
  }
  if (targetUnit) {
    const start = targetUnit.flag.offset;
    const end = tokenEnd(lastToken(targetUnit.name, targetUnit.options));
    body[at] = shared.target(span.text.slice(start - span.offset, end - span.offset), targetUnit);
    body[at + 1] = start - span.offset;
    body[at + 2] = end - start;
  }
  const head = headKey === '' ? NO_HEAD : shared.head(headKey, unit.items);
  if (counters !== null) Object.freeze(counters);
  const shape: RuleShape = Object.freeze({ chain: shared.chainName(unit.chain.text), counters, head, body: Object.freeze(body), hasTarget: targetUnit !== null, length: span.length });
  return new PackedRule(table, shape, position, input, span.offset, span.line, span.column);
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
  // by table, then chain: no key string built per rule
  private readonly seen = new Map<string | null, Map<string, number>>();
  // the chain counted last: listings print a chain's rules one after another
  private lastTable: string | null = null;
  private lastChain: string | null = null;
  private lastPosition = 0;

  next(table: string | null, chain: string): number {
    if (chain === this.lastChain && table === this.lastTable) return ++this.lastPosition;
    if (this.lastChain !== null) (this.seen.get(this.lastTable) as Map<string, number>).set(this.lastChain, this.lastPosition);
    let chains = this.seen.get(table);
    if (!chains) this.seen.set(table, (chains = new Map()));
    const position = (chains.get(chain) ?? 0) + 1;
    chains.set(chain, position);
    this.lastTable = table;
    this.lastChain = chain;
    this.lastPosition = position;
    return position;
  }
}
