// Turns grammar units of iptables -S into records: "-P CHAIN POLICY [-c p b]" (a built-in chain),
// "-N CHAIN" (a user chain), warnings, and rules (src/formats/shared/iptables/rule.ts).
import type { Token } from '../engine/lex';
import type { Span } from '../../core';
import type { RuleUnit } from '../shared/iptables/rule';
import type { IptablesChain, IptablesMeta } from './schema';
import { decimalValue } from '../engine/decimal';

export type IptablesListRulesUnit =
  | RuleUnit
  | { kind: 'policy'; flag: Token; chain: Token; policy: Token; counters: { flag: Token; packets: Token; bytes: Token } | null }
  | { kind: 'newchain'; flag: Token; chain: Token }
  | { kind: 'meta'; meta: 'warning'; token: Token };

export function buildPolicy(unit: Extract<IptablesListRulesUnit, { kind: 'policy' }>, span: Span, table: string | null): IptablesChain {
  const counters = unit.counters ? { packets: decimalValue(unit.counters.packets.text), bytes: decimalValue(unit.counters.bytes.text), exact: true } : null;
  return { type: 'chain', table, chain: unit.chain.text, builtin: true, policy: unit.policy.text, counters, references: null, span };
}

export function buildNewChain(unit: Extract<IptablesListRulesUnit, { kind: 'newchain' }>, span: Span, table: string | null): IptablesChain {
  return { type: 'chain', table, chain: unit.chain.text, builtin: false, policy: null, counters: null, references: null, span };
}

export function buildWarning(unit: Extract<IptablesListRulesUnit, { kind: 'meta' }>, span: Span, table: string | null): IptablesMeta {
  return { type: 'meta', kind: 'warning', table, text: unit.token.text, span };
}
