// Turns grammar units of iptables -L into records: the columns by the header's layout (num,
// pkts, bytes, target, prot, opt, in, out, source, destination; iptables/iptables.c
// print_firewall), the free text into typed matches and target options (text.ts).
import type { Token } from '../engine/lex';
import type { Diagnostic, Span } from '../../core';
import { append } from '../../core/append';
import type { Counters, IptablesChain, IptablesMatch, IptablesRule, IptablesTarget, Negatable } from '../shared/iptables/schema';
import { NONE, sharing } from '../shared/iptables/rule';
import { EXTENSION_TARGETS, typeTarget } from '../shared/iptables/typing';
import { readFreeText, targetOptionsAsSave, typeListMatch, type Word } from './text';
import { decimalValue } from '../engine/decimal';

/** Which columns a listing has: from its column header line. */
export interface ListLayout { lineNumbers: boolean; verbose: boolean }
export type HeaderLayout = 'plain' | 'num' | 'verbose' | 'num-verbose';

export type IptablesListUnit =
  | { kind: 'chain'; name: Token; policy: Token | null; packets: Token | null; bytes: Token | null; references: Token | null; close: Token }
  | { kind: 'header'; layout: HeaderLayout; header: Token }
  | { kind: 'warning'; text: Token }
  | { kind: 'rule'; lead: Token[]; opt: Token; rest: Token[] };

export function headerLayout(layout: HeaderLayout): ListLayout {
  return { lineNumbers: layout.startsWith('num'), verbose: layout.endsWith('verbose') };
}

export function tokenSpan(token: Token): Span {
  return { line: token.line, column: token.col, offset: token.offset, length: token.text.length, text: token.text };
}

const SUFFIX: Record<string, number> = { K: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** A -v counter: "4175", or rounded by xtables_print_num ("1130K" = 1130 × 1000). */
function counter(token: Token): { value: number; exact: boolean } {
  const scale = SUFFIX[token.text.slice(-1)];
  return scale ? { value: decimalValue(token.text, 0, token.text.length - 1) * scale, exact: false } : { value: decimalValue(token.text), exact: true };
}

function counters(packets: Token, bytes: Token): Counters {
  const p = counter(packets);
  const b = counter(bytes);
  return { packets: p.value, bytes: b.value, exact: p.exact && b.exact };
}

export function buildChain(unit: Extract<IptablesListUnit, { kind: 'chain' }>, span: Span, table: string | null): IptablesChain {
  return {
    type: 'chain', table, chain: unit.name.text, builtin: unit.policy !== null, policy: unit.policy?.text ?? null,
    counters: unit.packets && unit.bytes ? counters(unit.packets, unit.bytes) : null,
    references: unit.references ? Number(unit.references.text) : null, span,
  };
}

const isNumeric = (token: Token | undefined): boolean => token?.type === 'int' || token?.type === 'count';
const PROTOCOL = /^!?[a-z\d][\w-]*$/i;

/** Which lead tokens are num, pkts, bytes, target and prot; null when they cannot be those. */
function splitLead(lead: Token[], layout: ListLayout | null): { num?: Token; pkts?: Token; bytes?: Token; target?: Token; prot: Token } | null {
  let num = false;
  let verbose = false;
  let hasTarget = true;
  if (layout) {
    num = layout.lineNumbers;
    verbose = layout.verbose;
    const full = 2 + (num ? 1 : 0) + (verbose ? 2 : 0);
    if (lead.length === full - 1) hasTarget = false;
    else if (lead.length !== full) layout = null;
  }
  if (!layout) {
    // no header (a partial paste): guess from the count of columns before opt
    switch (lead.length) {
      case 1: hasTarget = false; break;
      case 2: break;
      case 3:
        if (isNumeric(lead[1])) { verbose = true; hasTarget = false; } else num = true;
        break;
      case 4: verbose = true; break;
      default: num = true; verbose = true;
    }
  }
  let i = 0;
  const next = (): Token => lead[i++] as Token;
  const out: { num?: Token; pkts?: Token; bytes?: Token; target?: Token; prot: Token } = { prot: lead[lead.length - 1] as Token };
  if (num) out.num = next();
  if (verbose) {
    out.pkts = next();
    out.bytes = next();
  }
  if (hasTarget) out.target = next();
  if ((out.num && out.num.type !== 'int') || (out.pkts && !isNumeric(out.pkts)) || (out.bytes && !isNumeric(out.bytes))) return null;
  if (!PROTOCOL.test(out.prot.text) || (out.target && out.target.type === 'count')) return null;
  return out;
}

function negatable(text: string): Negatable {
  return text.startsWith('!') ? { negated: true, value: text.slice(1) } : { negated: false, value: text };
}

const NUMERIC_ADDRESS = /^(?:[\d.]+|[\da-f]*:[\da-f:.]*)(?:\/[\d.]+)?$/i;

/** Merges tokens the lexer split at parentheses back into the words iptables printed. */
function words(tokens: readonly Token[], from: number): Word[] {
  const out: Word[] = [];
  for (let i = from; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const last = out[out.length - 1];
    if (last && last.end === token.offset) {
      last.text += token.text;
      last.end += token.text.length;
    } else out.push({ text: token.text, start: token.offset, end: token.offset + token.text.length });
  }
  return out;
}

export type BuiltRule = { record: IptablesRule | null; diagnostics: Diagnostic[]; num: number | null };

type MatchParts = Pick<IptablesMatch, 'module' | 'options' | 'typed'>;
type TargetParts = Pick<IptablesTarget, 'options' | 'typed'>;

/**
 * What the rules of one parse share, as iptables-save's parse does (shared/iptables/rule.ts): a
 * match printed alike (`/* shop/cart:http *\/`, `tcp dpt:30038`) reads alike, so rules with the
 * same text get one options list and typed view, frozen once a second rule holds it.
 */
export class SharedListParts {
  // by module, then text; targets by jump or goto, name, then their phrases' text: no key string
  // is concatenated per rule (hashing one flattens it: a copy per rule)
  matches = new Map<string, Map<string, MatchParts>>();
  targets = [new Map<string, Map<string, TargetParts>>(), new Map<string, Map<string, TargetParts>>()] as const;
  values = new Map<string, Negatable>();
  private kept = 0;

  /**
   * `maxParts`: parts kept at most; at the bound every part is let go and sharing starts afresh.
   * For a parse whose records are handed on and dropped (a sink, STREAMED_PARTS): the parts of a
   * whole listing would otherwise stay alive to its end (25 MB for 5,000 services as -L, mostly
   * texts that occur once: comments, endpoints, chain names), and the heap grows with them.
   */
  constructor(readonly maxParts = Infinity) {}

  /** Counts a part added. */
  adding(): void {
    this.kept++;
  }

  /**
   * Called before each rule: at the bound, lets every part go. Between rules, not as a part is
   * added: a rule's lookups hold the maps they were given, and a part put in a map let go of
   * would never be shared. A rule adds a few parts, so `parts` may pass the bound by that many.
   */
  beforeRule(): void {
    if (this.kept < this.maxParts) return;
    // new maps, not clear(): V8 gives a cleared map that lives in the old generation its next
    // tables there too, where they stay until a full collection (RSS of -L 5k: 127 vs 91 MB)
    this.matches = new Map();
    this.targets = [new Map(), new Map()];
    this.values = new Map();
    this.kept = 0;
  }

  /** Parts kept now (every map's entries, the inner maps themselves too). */
  get parts(): number {
    return this.kept;
  }
}

/** The map under `key` in `maps`, made when missing. */
function inner<V>(shared: SharedListParts, maps: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let map = maps.get(key);
  if (map === undefined) {
    shared.adding();
    maps.set(key, (map = new Map()));
  }
  return map;
}

/**
 * The record of one rule line. `chain` and `position` come from the caller (the last chain
 * header); `layout` from the last column header, or null when none was seen.
 */
export function buildRule(
  unit: Extract<IptablesListUnit, { kind: 'rule' }>, span: Span, layout: ListLayout | null,
  context: { table: string | null; chain: string; position: number }, shared = new SharedListParts(),
): BuiltRule {
  const diagnostics: Diagnostic[] = [];
  shared.beforeRule();
  const lead = splitLead(unit.lead, layout);
  const verbose = lead ? lead.pkts !== undefined : false;
  const columns = verbose ? 4 : 2;
  if (!lead || unit.rest.length < columns) {
    return {
      record: null, num: null,
      diagnostics: [{
        code: lead ? 'incomplete' : 'unexpected-token', severity: 'error', span,
        message: lead
          ? `Expected ${verbose ? 'in, out, ' : ''}source and destination after the opt column; the rule was not read.`
          : 'Expected the columns of an iptables -L rule (target, prot, opt); the line was not read.',
        expected: verbose ? ['in', 'out', 'source', 'destination'] : ['source', 'destination'],
      }],
    };
  }
  const rest = unit.rest;
  const unresolved: string[] = [];
  const iface = (token: Token): Negatable | null => {
    const value = negatable(token.text);
    return value.value === '*' || value.value === 'any' ? null : value;
  };
  const address = (token: Token): Negatable | null => {
    const value = negatable(token.text);
    if (value.value === 'anywhere' || value.value === '0.0.0.0/0' || value.value === '::/0') return null;
    if (!NUMERIC_ADDRESS.test(value.value)) unresolved.push(value.value);
    return value;
  };
  const inInterface = verbose ? iface(rest[0] as Token) : null;
  const outInterface = verbose ? iface(rest[1] as Token) : null;
  const source = address(rest[columns - 2] as Token);
  const destination = address(rest[columns - 1] as Token);
  let protocol = shared.values.get(lead.prot.text) ?? null;
  if (protocol === null) {
    const prot = negatable(lead.prot.text);
    protocol = prot.value === 'all' || prot.value === '0' ? null : Object.freeze(prot);
    if (protocol) {
      shared.adding();
      shared.values.set(lead.prot.text, protocol);
    }
  }
  const opt = unit.opt.text;
  const fragment = opt[1] === 'f' ? { negated: opt[0] === '!' } : null;
  const targetName = lead.target?.text ?? '';
  const slice = (start: number, end: number): string => span.text.slice(start - span.offset, end - span.offset);
  const free = readFreeText(words(rest, columns), targetName, slice);
  const matches: IptablesMatch[] = [];
  const targetOptions: IptablesMatch['options'] = [];
  // the target's options are what its phrases say: their texts key the shared target parts
  let targetKey = '';
  for (const phrase of free.phrases) {
    if (phrase.kind === 'target') {
      append(targetOptions, phrase.options);
      const text = slice(phrase.start, phrase.end);
      targetKey = targetKey === '' ? text : `${targetKey}\u0000${text}`;
      continue;
    }
    const phraseSpan = subSpan(span, phrase.start, phrase.end);
    const byText = inner(shared, shared.matches, phrase.module);
    let parts = byText.get(phraseSpan.text);
    if (parts === undefined) {
      shared.adding();
      parts = { module: phrase.module, options: phrase.options.length === 0 ? NONE : phrase.options, typed: typeListMatch(phrase.module, phrase.options) };
      byText.set(phraseSpan.text, parts);
    } else sharing(parts);
    const typed = parts.typed;
    if (phrase.module === 'unknown')
      diagnostics.push({
        code: 'unexpected-token', severity: 'warning', span: phraseSpan,
        message: 'Text after the columns that is no match or target netsift reads; kept as a match of module "unknown".',
      });
    else if (typed === null && PORT_OR_MULTIPORT.has(phrase.module)) {
      // service names without -n ("dpt:https"): kept as printed, listed as unresolved
      for (const o of phrase.options) for (const part of (o.values[0] ?? '').split(/[,:]/)) if (part !== '' && !/^\d+$/.test(part)) unresolved.push(part);
    }
    matches.push({ module: parts.module, options: parts.options, typed, span: phraseSpan });
  }
  let target: IptablesTarget | null = null;
  if (lead.target) {
    const byText = inner(shared, shared.targets[free.goto ? 1 : 0], targetName);
    let parts = byText.get(targetKey);
    if (parts === undefined) {
      shared.adding();
      const typed = typeTarget(targetName, targetOptionsAsSave(targetName, targetOptions), free.goto);
      // an extension target whose text netsift does not read (CONNMARK, TCPMSS…) stays untyped
      parts = { options: targetOptions.length === 0 ? NONE : targetOptions, typed: typed?.type === 'chain' && EXTENSION_TARGETS.has(targetName) ? null : typed };
      byText.set(targetKey, parts);
    } else sharing(parts);
    target = { name: targetName, goto: free.goto, options: parts.options, typed: parts.typed, span: tokenSpan(lead.target) };
  }
  const record: IptablesRule = {
    type: 'rule', table: context.table, chain: context.chain,
    position: lead.num ? Number(lead.num.text) || context.position : context.position,
    counters: lead.pkts && lead.bytes ? counters(lead.pkts, lead.bytes) : null,
    protocol, source, destination, inInterface, outInterface, fragment, matches, target, unresolved: unresolved.length === 0 ? NONE : unresolved, span,
  };
  return { record, diagnostics, num: lead.num ? Number(lead.num.text) : null };
}

const PORT_OR_MULTIPORT = new Set(['tcp', 'udp', 'sctp', 'udplite', 'dccp', 'multiport']);

function subSpan(unit: Span, start: number, end: number): Span {
  const from = start - unit.offset;
  return { line: unit.line, column: unit.column + from, offset: start, length: end - start, text: unit.text.slice(from, end - unit.offset) };
}
