// Turns grammar units of ip neigh into typed records: family from the address, -s counters as
// numbers, "no dev column" and "no state printed" as explicit nulls.
import type { Token } from '../engine/lex';
import { isIPv4, isIPv6, type Diagnostic, type Span } from '../../core';
import type { IpNeighEntry, NeighFlag, NudState } from './schema';

export type IpNeighUnit = {
  kind: 'entry';
  /** Read from ip -br neigh (no state column). */
  brief: boolean;
  dst: Token;
  dev: Token | null;
  lladdr: Token | null;
  flags: Token[];
  ref: Token | null;
  used: Token | null;
  probes: Token | null;
  state: Token[];
  proto: Token | null;
};

export type Built<R> = { record: R; diagnostics: Diagnostic[] } | { record: null; diagnostics: Diagnostic[] };

export function tokenSpan(token: Token): Span {
  return { line: token.line, column: token.col, offset: token.offset, length: token.text.length, text: token.text };
}

/** "inet" / "inet6" of a printed address, or null when it is neither. */
export function familyOf(address: string): 'inet' | 'inet6' | null {
  if (address.includes(':')) return isIPv6(address) ? 'inet6' : null;
  return isIPv4(address) ? 'inet' : null;
}

/** Keys in one fixed order whatever the source (text or JSON), so deep equality is stable. */
const KEYS = [
  'dst', 'family', 'dev', 'lladdr', 'flags', 'isRouter', 'isProxy', 'state',
  'refcnt', 'used', 'confirmed', 'updated', 'probes', 'protocol', 'span',
] as const;

export function orderKeys(record: IpNeighEntry): IpNeighEntry {
  const out: Record<string, unknown> = {};
  for (const key of KEYS) if (record[key] !== undefined) out[key] = record[key];
  return out as IpNeighEntry;
}

export function buildEntry(unit: IpNeighUnit, span: Span, dev: string | null): Built<IpNeighEntry> {
  const family = familyOf(unit.dst.text);
  // "::" (the unspecified address) is never a neighbour; a lone "::" in a paste is not an entry
  if (family === null || unit.dst.text === '::') {
    return {
      record: null,
      diagnostics: [{
        code: 'invalid-value', severity: 'error',
        message: 'Expected an IPv4 or IPv6 neighbour address; the entry was not read.',
        // the whole unit: its other tokens are not read either
        span, expected: ['an IPv4 or IPv6 address'],
      }],
    };
  }
  const flags = unit.flags.map((token) => token.text as NeighFlag);
  const record: IpNeighEntry = {
    dst: unit.dst.text, family,
    dev: unit.dev ? unit.dev.text : dev,
    lladdr: unit.lladdr ? unit.lladdr.text : null,
    flags, isRouter: flags.includes('router'), isProxy: flags.includes('proxy'),
    state: unit.brief ? null : unit.state.map((token) => token.text as NudState),
    span,
  };
  if (unit.ref || unit.used || unit.probes) record.refcnt = unit.ref ? Number(unit.ref.text) : 0;
  if (unit.used) {
    const text = unit.used.text;
    const first = text.indexOf('/');
    const second = text.indexOf('/', first + 1);
    record.used = Number(text.slice(0, first));
    record.confirmed = Number(text.slice(first + 1, second));
    record.updated = Number(text.slice(second + 1));
  }
  if (unit.probes) record.probes = Number(unit.probes.text);
  if (unit.proto) record.protocol = unit.proto.text;
  return { record: unit.ref || unit.used || unit.probes || unit.proto ? orderKeys(record) : record, diagnostics: [] };
}
