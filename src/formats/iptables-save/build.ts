// Turns grammar units of iptables-save into records: chain declarations (":CHAIN POLICY
// [p:b]", policy "-" for user chains), meta lines, and rules (src/formats/shared/iptables/rule.ts).
import type { Token } from '../engine/lex';
import type { Span } from '../../core';
import { bracketCounters, type RuleUnit } from '../shared/iptables/rule';
import type { IptablesChain, IptablesMeta } from './schema';

export type IptablesSaveUnit =
  | RuleUnit
  | { kind: 'chain'; chain: Token; policy: Token; counters: Token | null }
  | { kind: 'meta'; meta: 'table' | 'commit' | 'comment' | 'warning'; token: Token };

/** ":KUBE-SERVICES - [0:0]": a user chain; ":INPUT ACCEPT [12:3456]": a built-in chain and its policy. */
export function buildChain(unit: Extract<IptablesSaveUnit, { kind: 'chain' }>, span: Span, table: string | null): IptablesChain {
  const builtin = unit.policy.text !== '-';
  return {
    type: 'chain', table, chain: unit.chain.text.slice(1), builtin, policy: builtin ? unit.policy.text : null,
    counters: unit.counters ? bracketCounters(unit.counters) : null, references: null, span,
  };
}

export function buildMeta(unit: Extract<IptablesSaveUnit, { kind: 'meta' }>, span: Span, table: string | null): IptablesMeta {
  return { type: 'meta', kind: unit.meta, table, text: unit.token.text, span };
}
