// Turns grammar units of route -n into typed records: prefix lengths from netmasks, decoded
// flags, "-" and "*" as explicit absences.
import type { Token } from '../engine/lex';
// core/ip, not the core index: the index also holds the zod schemas, which `netsift parse route-n` need not load
import { maskToPrefix, parseIPv4, parseIPv6 } from '../../core/ip';
import type { Diagnostic } from '../../core';
import type { RouteNLayout } from './headers';
import type { RouteNEntry, RouteNEntryV4, RouteNEntryV6, RouteNFlag } from './schema';
import type { Span } from '../../core';

export type RouteNUnit =
  | { kind: 'title'; family: 'inet' | 'inet6' | 'cache'; title: Token }
  | { kind: 'header'; layout: RouteNLayout | 'inet6' | 'cache'; header: Token }
  | { kind: 'row4'; destination: Token; gateway: Token; genmask: Token; flags: Token; numbers: Token[]; iface: Token; extra: Token[] | null }
  | { kind: 'row6'; destination: Token; nextHop: Token; flags: Token; numbers: Token[]; iface: Token }
  | { kind: 'elision'; mark: Token };

// route(8) and net-tools lib/inet_gr.c: U up, G gateway, ! reject (replaces U), H host, R reinstate,
// D dynamic, M modified, then lower case: d default, a all-onlink, c cache (RTF_ADDRCONF prints "c"
// too), o no-nexthop, e expires, f flow, p policy, l local, u mtu, w window, i irtt, n not-cached.
// A and C are the route(8) page's letters for addrconf and cache in older versions.
const IPV4_FLAGS: Record<string, RouteNFlag> = {
  U: 'up', G: 'gateway', '!': 'reject', H: 'host', R: 'reinstate', D: 'dynamic', M: 'modified', A: 'addrconf', C: 'cache',
  d: 'default', a: 'all-onlink', c: 'cache', o: 'no-nexthop', e: 'expires', f: 'flow', p: 'policy', l: 'local',
  u: 'mtu', w: 'window', i: 'irtt', n: 'not-cached',
};
// net-tools lib/inet6_gr.c: D is RTF_DEFAULT, a RTF_ALLONLINK, e RTF_EXPIRES, m RTF_MODIFIED, n RTF_NONEXTHOP, f RTF_FLOW
const IPV6_FLAGS: Record<string, RouteNFlag> = {
  U: 'up', '!': 'reject', G: 'gateway', H: 'host', D: 'default', A: 'addrconf', C: 'cache', a: 'all-onlink',
  e: 'expires', m: 'modified', n: 'no-nexthop', f: 'flow',
};

// Flag names are decoded once per flag text and shared, frozen, by every row that prints it (a
// fresh list per row was a third of the records' memory). The cache outlives the parse: hostile
// input cannot grow it past this many texts, nor keep a long one (route prints a few letters).
const MAX_SHARED_FLAGS = 1024;
const MAX_SHARED_FLAG_TEXT = 12;
const sharedFlags4 = new Map<string, RouteNFlag[]>();
const sharedFlags6 = new Map<string, RouteNFlag[]>();

/** The decoded names of a Flags column (letters no table knows are left out): one frozen list per text. */
export function flagNamesOf(flags: string, family: 'inet' | 'inet6'): RouteNFlag[] {
  const shared = family === 'inet' ? sharedFlags4 : sharedFlags6;
  let names = shared.get(flags);
  if (names === undefined) {
    const table = family === 'inet' ? IPV4_FLAGS : IPV6_FLAGS;
    names = [];
    for (const letter of flags) if (Object.hasOwn(table, letter)) names.push(table[letter] as RouteNFlag);
    Object.freeze(names);
    // the key a copy, not a slice: a slice would keep the whole parsed text alive in this map
    if (shared.size < MAX_SHARED_FLAGS && flags.length <= MAX_SHARED_FLAG_TEXT) shared.set(` ${flags}`.slice(1), names);
  }
  return names;
}

/**
 * A record rebuilt from JSON (unpackParsed) gets the shared, frozen list of flag names a parse gives
 * it, when its list is the one its flags decode to (a record made elsewhere keeps its own).
 */
export function shareFlagNames(record: RouteNEntry): void {
  if (typeof record.flags !== 'string' || !Array.isArray(record.flagNames) || (record.family !== 'inet' && record.family !== 'inet6')) return;
  const shared = flagNamesOf(record.flags, record.family);
  if (shared.length === record.flagNames.length && shared.every((name, i) => name === record.flagNames[i])) record.flagNames = shared;
}

/** The row's flag names; a warning for each letter route does not print. */
function decodeFlags(token: Token, family: 'inet' | 'inet6', diagnostics: Diagnostic[]): RouteNFlag[] {
  const flags = token.text;
  const names = flagNamesOf(flags, family);
  if (names.length !== flags.length) {
    const table = family === 'inet' ? IPV4_FLAGS : IPV6_FLAGS;
    for (const letter of flags)
      if (!Object.hasOwn(table, letter))
        diagnostics.push({
          code: 'invalid-value', severity: 'warning',
          message: `Flag letter "${letter}" is not one route prints; it was kept in flags but not decoded.`,
          span: tokenSpan(token), expected: Object.keys(table),
        });
  }
  return names;
}

export function tokenSpan(token: Token): Span {
  return { line: token.line, column: token.col, offset: token.offset, length: token.text.length, text: token.text };
}

function count(token: Token): number | null {
  return token.type === 'dash' ? null : Number.parseInt(token.text, 10);
}

/** Notes why a row was not read; null for its record. */
function rejected(diagnostics: Diagnostic[], token: Token, what: string): null {
  diagnostics.push({
    code: 'invalid-value', severity: 'error',
    message: `Expected ${what}; the row was not read.`, span: tokenSpan(token), expected: [what],
  });
  return null;
}

/** The record of an IPv4 row, or null (with the reason in `diagnostics`) when the row does not read. */
export function buildRow4(unit: Extract<RouteNUnit, { kind: 'row4' }>, layout: RouteNLayout, span: Span, diagnostics: Diagnostic[]): RouteNEntryV4 | null {
  const mask = maskToPrefix(unit.genmask.text);
  if (!mask) return rejected(diagnostics, unit.genmask, 'a netmask such as 255.255.255.0');
  if (!mask.contiguous)
    diagnostics.push({
      code: 'non-contiguous-mask', severity: 'warning',
      message: `Netmask ${unit.genmask.text} has non-contiguous one bits; prefixLength counts its one bits.`,
      span: tokenSpan(unit.genmask),
    });
  const destination = unit.destination.text;
  let network: string | null = null;
  let isDefault = false;
  if (unit.destination.type === 'ipv4') {
    if (parseIPv4(destination) === null) return rejected(diagnostics, unit.destination, 'an IPv4 destination');
    network = `${destination}/${mask.prefixLength}`;
    isDefault = mask.prefixLength === 0 && destination === '0.0.0.0';
  } else if (destination === 'default') {
    network = '0.0.0.0/0';
    isDefault = true;
  }
  if (unit.gateway.type === 'ipv4' && parseIPv4(unit.gateway.text) === null)
    return rejected(diagnostics, unit.gateway, 'an IPv4 gateway');
  const flagNames = decodeFlags(unit.flags, 'inet', diagnostics);
  const iface = unit.iface.type === 'word' ? unit.iface.text : null;
  const [a, b, c] = unit.numbers as [Token, Token, Token];
  const gateway = unit.gateway.type === 'dash' ? null : unit.gateway.text;
  const kind = flagNames.includes('reject') ? 'reject' : iface === null ? 'blackhole' : 'unicast';
  const genmask = unit.genmask.text;
  const { prefixLength } = mask;
  const flags = unit.flags.text;
  // one object literal per layout: keys in a fixed order, so JSON output and deep equality are stable
  let record: RouteNEntryV4;
  if (unit.extra) {
    const [mss, window, irtt] = unit.extra as [Token, Token, Token];
    record = {
      family: 'inet', destination, default: isDefault, network, gateway, genmask, prefixLength, flags, flagNames, kind,
      metric: count(a), ref: count(b), use: count(c), mss: count(mss), window: count(window), irtt: count(irtt), iface, span,
    };
  } else if (layout === 'mss') {
    record = {
      family: 'inet', destination, default: isDefault, network, gateway, genmask, prefixLength, flags, flagNames, kind,
      mss: count(a), window: count(b), irtt: count(c), iface, span,
    };
  } else {
    record = {
      family: 'inet', destination, default: isDefault, network, gateway, genmask, prefixLength, flags, flagNames, kind,
      metric: count(a), ref: count(b), use: count(c), iface, span,
    };
  }
  return record;
}

/** The record of an IPv6 row, or null (with the reason in `diagnostics`) when the row does not read. */
export function buildRow6(unit: Extract<RouteNUnit, { kind: 'row6' }>, span: Span, diagnostics: Diagnostic[]): RouteNEntryV6 | null {
  const destination = unit.destination.text;
  const slash = destination.lastIndexOf('/');
  const prefixText = slash === -1 ? '' : destination.slice(slash + 1);
  const prefixLength = slash === -1 ? 128 : Number.parseInt(prefixText, 10);
  if (!(prefixLength >= 0 && prefixLength <= 128) || (slash !== -1 && String(prefixLength) !== prefixText))
    return rejected(diagnostics, unit.destination, 'an IPv6 prefix such as fe80::/64');
  // Without -n net-tools prints the unspecified address as "[::]"; ::/96 (IPv4-compatible) prints as "0.0.0.0/96"
  let address = slash === -1 ? destination : destination.slice(0, slash);
  if (address === '[::]') address = '::';
  let network: string | null = null;
  if (parseIPv6(address) !== null) network = `${address}/${prefixLength}`;
  else if (parseIPv4(address) !== null) network = `::${address}/${prefixLength}`;
  else if (unit.destination.type === 'ipv6') return rejected(diagnostics, unit.destination, 'an IPv6 prefix');
  const [metric, ref, use] = unit.numbers as [Token, Token, Token];
  if (metric.type === 'dash' || ref.type === 'dash' || use.type === 'dash')
    return rejected(diagnostics, metric, 'numbers in Met Ref Use');
  const flagNames = decodeFlags(unit.flags, 'inet6', diagnostics);
  const iface = unit.iface.type === 'word' ? unit.iface.text : null;
  return {
    family: 'inet6', destination, default: prefixLength === 0, network, prefixLength,
    nextHop: unit.nextHop.text, flags: unit.flags.text, flagNames,
    kind: flagNames.includes('reject') ? 'reject' : iface === null ? 'blackhole' : 'unicast',
    metric: Number.parseInt(metric.text, 10), ref: Number.parseInt(ref.text, 10), use: Number.parseInt(use.text, 10),
    iface, span,
  };
}
