// Turns grammar units of ip rule into typed records: marks as numbers, port and uid ranges,
// the table's number, and the action the rule takes.
import type { Token } from '../engine/lex';
import { isIPv4, isIPv6, type Diagnostic, type Span } from '../../core';
import type { IpRuleAction, IpRuleEntry } from './schema';

type Maybe = Token | null;
export type IpRuleUnit = {
  kind: 'rule';
  priority: Token; not: Maybe; from: Token; to: Maybe; tos: Maybe; fwmark: Maybe;
  iif: { name: Token; detached: Maybe } | null; oif: { name: Token; detached: Maybe } | null;
  l3mdev: Maybe; uidrange: Maybe; ipproto: Maybe; sport: Maybe; dport: Maybe; tunId: Maybe;
  table: { name: Token; suppressPrefixLength: Maybe; suppressIfgroup: Maybe } | null;
  realms: Maybe; action: { type: Token; target: Maybe; unresolved: Maybe } | null; proto: Maybe; dscp: Maybe;
};

export type Built<R> = { record: R; diagnostics: Diagnostic[] } | { record: null; diagnostics: Diagnostic[] };

export function tokenSpan(token: Token): Span {
  return { line: token.line, column: token.col, offset: token.offset, length: token.text.length, text: token.text };
}

// rt_tables reserved ids (iproute2 etc/iproute2/rt_tables, linux/rtnetlink.h RT_TABLE_*)
const TABLE_IDS: Record<string, number> = { unspec: 0, default: 253, main: 254, local: 255 };

export function tableIdOf(name: string): number | null {
  if (Object.hasOwn(TABLE_IDS, name)) return TABLE_IDS[name] as number;
  const value = Number(name);
  return name !== '' && Number.isInteger(value) && value >= 0 ? value : null;
}

/** Family of a printed address or prefix ("all" and "0/N" have none). */
export function familyOfAddress(text: string | null): 'inet' | 'inet6' | null {
  if (text === null || text === 'all') return null;
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  if (address.includes(':')) return isIPv6(address) ? 'inet6' : null;
  return isIPv4(address) ? 'inet' : null;
}

export function rangeOf(text: string): { start: number; end: number } {
  const dash = text.indexOf('-');
  if (dash === -1) return { start: Number(text), end: Number(text) };
  return { start: Number(text.slice(0, dash)), end: Number(text.slice(dash + 1)) };
}

function invalid(token: Token, what: string): Diagnostic {
  return { code: 'invalid-value', severity: 'error', message: `Expected ${what}; the rule was not read.`, span: tokenSpan(token), expected: [what] };
}

function validAddress(text: string): boolean {
  if (text === 'all') return true;
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  const length = slash === -1 ? null : Number(text.slice(slash + 1));
  if (address === '0') return length !== null && length <= 128;
  if (address.includes(':')) return isIPv6(address) && (length === null || length <= 128);
  return isIPv4(address) && (length === null || length <= 32);
}

// linux/rtnetlink.h RTN_*: what ip -N prints as a number (0, unspec, never reaches a rule)
export const RTN_NAMES: readonly (string | undefined)[] = [
  undefined, 'unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat', 'xresolve',
];

export function buildRule(unit: IpRuleUnit, span: Span): Built<IpRuleEntry> {
  for (const token of [unit.from, unit.to]) if (token && !validAddress(token.text)) return { record: null, diagnostics: [invalid(token, 'an address or prefix')] };
  let fwmark: number | null = null;
  let fwmask: number | null = null;
  if (unit.fwmark) {
    const text = unit.fwmark.text;
    const slash = text.indexOf('/');
    fwmark = Number(slash === -1 ? text : text.slice(0, slash));
    if (slash !== -1) fwmask = Number(text.slice(slash + 1));
    if (fwmark > 0xffffffff || (fwmask !== null && fwmask > 0xffffffff)) return { record: null, diagnostics: [invalid(unit.fwmark, 'a 32-bit mark')] };
  }
  const from = unit.from.text;
  const to = unit.to ? unit.to.text : null;
  let action: IpRuleAction = 'lookup';
  let goto: number | null = null;
  let natGateway: string | null = null;
  let type: string | null = null;
  if (unit.action) {
    const word = unit.action.type;
    if (word.type === 'rtntype' || word.type === 'int') {
      type = word.text;
      const name = word.type === 'int' ? RTN_NAMES[Number(word.text)] : word.text;
      if (name === undefined) return { record: null, diagnostics: [invalid(word, 'a route type (0-11)')] };
      action = name as IpRuleAction;
    } else action = word.text as IpRuleAction;
    const target = unit.action.target;
    if (action === 'goto' && target && target.type === 'int') goto = Number(target.text);
    if (action === 'map-to' && target) natGateway = target.text;
  }
  const table = unit.table ? unit.table.name.text : null;
  return {
    record: {
      priority: Number(unit.priority.text.slice(0, -1)),
      not: unit.not !== null, from, to, family: familyOfAddress(from) ?? familyOfAddress(to),
      tos: unit.tos ? unit.tos.text : null, fwmark, fwmask,
      iif: unit.iif ? unit.iif.name.text : null, iifDetached: unit.iif?.detached != null,
      oif: unit.oif ? unit.oif.name.text : null, oifDetached: unit.oif?.detached != null,
      l3mdev: unit.l3mdev !== null,
      uidrange: unit.uidrange ? rangeOf(unit.uidrange.text) : null,
      ipproto: unit.ipproto ? unit.ipproto.text : null,
      sport: unit.sport ? rangeOf(unit.sport.text) : null, dport: unit.dport ? rangeOf(unit.dport.text) : null,
      tunId: unit.tunId ? unit.tunId.text : null,
      table, tableId: table === null ? null : tableIdOf(table),
      suppressPrefixLength: unit.table?.suppressPrefixLength ? Number(unit.table.suppressPrefixLength.text) : null,
      suppressIfgroup: unit.table?.suppressIfgroup ? unit.table.suppressIfgroup.text : null,
      realms: unit.realms ? unit.realms.text : null,
      action, type, goto, unresolved: unit.action?.unresolved != null, natGateway,
      protocol: unit.proto ? unit.proto.text : null, dscp: unit.dscp ? unit.dscp.text : null,
      span,
    },
    diagnostics: [],
  };
}
