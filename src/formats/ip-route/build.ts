// Turns grammar units of ip route into typed records: destinations as prefixes with their family,
// numbers parsed, unknown keys kept with a diagnostic. Facts from iproute2 ip/iproute.c print_route.
import type { Token } from '../engine/lex';
import { parseIPv4, parseIPv6, type Diagnostic, type Span } from '../../core';
import type { IpNexthopInfo, IpNexthopObject, IpRouteEntry, IpRouteFlag, IpRouteNexthop, IpRouteType } from './schema';

type Tok = Token;

export type IpRouteAttr =
  | { k: 'via'; key: Tok; family: Tok | null; value: Tok }
  | { k: 'flag'; key: Tok }
  | { k: 'newdst'; key: Tok; to: Tok; value: Tok }
  | { k: 'rtax'; key: Tok; lock: Tok | null; value: Tok }
  | {
      k: 'dev' | 'weight' | 'realms' | 'from' | 'nhid' | 'tos' | 'table' | 'protocol' | 'scope' | 'prefsrc' | 'metric'
        | 'mark' | 'uid' | 'expires' | 'error' | 'users' | 'used' | 'age' | 'ipid' | 'iif' | 'pref' | 'other';
      key: Tok; value: Tok;
    };

interface KeyValue { key: Tok; value: Tok }

export interface IpNexthopUnit {
  key: Tok; id: Tok;
  group: { key: Tok; value: Tok; type: KeyValue | null; resilient: KeyValue[] } | null;
  gateway: { k: 'via'; key: Tok; family: Tok | null; value: Tok } | null;
  dev: KeyValue | null; scope: KeyValue | null; blackhole: Tok | null; protocol: KeyValue | null;
  flags: { k: 'flag'; key: Tok }[]; fdb: Tok | null;
}

export type IpRouteUnit =
  | { kind: 'route'; type: Tok | null; dst: Tok; attrs: IpRouteAttr[] }
  | { kind: 'nhinfo'; key: Tok; object: IpNexthopUnit }
  | { kind: 'nhobject'; object: IpNexthopUnit }
  | { kind: 'nexthop'; key: Tok; attrs: IpRouteAttr[] }
  | { kind: 'cache'; key: Tok; flags: Tok | null; attrs: IpRouteAttr[] }
  | { kind: 'join'; token: Tok };

/** A route being read: the record, plus what is needed to finish it once its continuation lines are in. */
export interface RouteDraft {
  record: IpRouteEntry;
  /** Family known from the destination or an address; null for "default" and "0/8" without one. */
  family: 'inet' | 'inet6' | null;
}

export function tokenSpan(token: Tok): Span {
  return { line: token.line, column: token.col, offset: token.offset, length: token.text.length, text: token.text };
}

function invalid(token: Tok, what: string, consequence: string): Diagnostic {
  return {
    code: 'invalid-value', severity: 'error',
    message: `Expected ${what}; ${consequence}`, span: tokenSpan(token), expected: [what],
  };
}

/** A value that leaves the whole route unread: the route's span, so that what was not read is all cited. */
function unreadRoute(token: Tok, route: Span, what: string): Diagnostic {
  return {
    code: 'invalid-value', severity: 'error',
    message: `Expected ${what}, not "${token.text}" (column ${tokenSpan(token).column}); the route was not read.`, span: route, expected: [what],
  };
}

/** Family of an address token, or null when the token is not a valid address. */
function addressFamily(token: Tok): 'inet' | 'inet6' | null {
  if (token.type === 'ipv4') return parseIPv4(token.text) === null ? null : 'inet';
  if (token.type === 'ipv6') return parseIPv6(token.text) === null ? null : 'inet6';
  return null;
}

function toInt(token: Tok): number {
  return Number.parseInt(token.text, 10);
}

/** "10ms" → 10, "1.5s" → 1500: ip prints rtt, rttvar and rto_min in ms below one second (print_rta_metrics). */
function durationMs(text: string): number {
  return text.endsWith('ms') ? Number(text.slice(0, -2)) : Math.round(Number(text.slice(0, -1)) * 1000);
}

interface Target {
  [key: string]: unknown;
}

/** Sets a key of a route or next hop once; a second value is reported, the first kept. */
function setOnce(target: Target, name: string, value: unknown, attr: IpRouteAttr, diagnostics: Diagnostic[]): void {
  if (target[name] !== undefined)
    diagnostics.push({
      code: 'invalid-value', severity: 'warning',
      message: `"${attr.key.text}" is printed twice in one route; the first value was kept.`,
      span: tokenSpan(attr.key),
    });
  else target[name] = value;
}

/** Applies one attribute to a route or next hop; reports values it cannot take. */
function apply(target: Target, attr: IpRouteAttr, unitSpan: Span, diagnostics: Diagnostic[], familyOut: { family: 'inet' | 'inet6' | null }): void {
  switch (attr.k) {
    case 'flag':
      ((target.flags ??= []) as IpRouteFlag[]).push(attr.key.text as IpRouteFlag);
      return;
    case 'via': {
      const family = addressFamily(attr.value);
      if (family === null) {
        diagnostics.push(invalid(attr.value, 'a gateway address', 'the gateway was not read.'));
        return;
      }
      if (attr.family && attr.family.text !== family) {
        diagnostics.push(invalid(attr.value, `an ${attr.family.text} address`, 'the gateway was not read.'));
        return;
      }
      if (attr.family) setOnce(target, 'via', { family: attr.family.text, host: attr.value.text }, attr, diagnostics);
      else {
        setOnce(target, 'gateway', attr.value.text, attr, diagnostics);
        familyOut.family ??= family;
      }
      return;
    }
    case 'newdst':
      setOnce(target, 'to', attr.value.text, attr, diagnostics);
      return;
    case 'rtax': {
      const name = attr.key.text;
      const metrics = (target.metrics ??= Object.create(null)) as Record<string, number | string>;
      const value = attr.value;
      metrics[name] =
        value.type === 'int' ? toInt(value) : value.type === 'duration' ? durationMs(value.text) : value.text;
      if (attr.lock) ((target.locked ??= []) as string[]).push(name);
      return;
    }
    case 'prefsrc': {
      const family = addressFamily(attr.value);
      if (family === null) diagnostics.push(invalid(attr.value, 'a source address', 'it was not read.'));
      else {
        setOnce(target, 'prefsrc', attr.value.text, attr, diagnostics);
        familyOut.family ??= family;
      }
      return;
    }
    case 'from':
      setOnce(target, 'from', attr.value.text, attr, diagnostics);
      return;
    case 'dev': case 'realms': case 'tos': case 'table': case 'protocol': case 'scope': case 'ipid': case 'iif': case 'pref':
      setOnce(target, attr.k, attr.value.text, attr, diagnostics);
      // RTA_PREF exists for IPv6 routes only
      if (attr.k === 'pref') familyOut.family ??= 'inet6';
      return;
    case 'metric': {
      // BusyBox prints the u32 priority with "%d": 4294967295 as -1
      const metric = toInt(attr.value);
      setOnce(target, 'metric', metric < 0 ? metric + 4294967296 : metric, attr, diagnostics);
      return;
    }
    case 'weight': case 'nhid': case 'uid': case 'error': case 'users': case 'used':
      setOnce(target, attr.k, toInt(attr.value), attr, diagnostics);
      return;
    case 'mark':
      setOnce(target, 'mark', attr.value.type === 'hex' ? Number.parseInt(attr.value.text.slice(2), 16) : toInt(attr.value), attr, diagnostics);
      return;
    case 'expires': case 'age':
      setOnce(target, attr.k, Number.parseInt(attr.value.text, 10), attr, diagnostics);
      return;
    case 'other': {
      const other = (target.other ??= Object.create(null)) as Record<string, string>;
      other[attr.key.text] = attr.value.text;
      // the key, the blanks after it as printed, and the value: cut from the unit's text
      const from = attr.key.offset - unitSpan.offset;
      const to = attr.value.offset + attr.value.text.length - unitSpan.offset;
      diagnostics.push({
        code: 'invalid-value', severity: 'warning',
        message: `"${attr.key.text}" is not a key ip route prints; its value was kept in "other".`,
        span: { ...tokenSpan(attr.key), length: to - from, text: unitSpan.text.slice(from, to) },
      });
      return;
    }
  }
}

// Keys in one fixed order (the schema's), so JSON output and deep equality are stable.
const ROUTE_KEYS = [
  'type', 'dst', 'default', 'network', 'prefixLength', 'family', 'from', 'nhid', 'tos', 'gateway', 'via', 'dev', 'table',
  'protocol', 'scope', 'prefsrc', 'metric', 'flags', 'mark', 'realms', 'uid', 'cache', 'expires', 'error', 'users', 'used',
  'age', 'ipid', 'metrics', 'locked', 'iif', 'pref', 'nhInfo', 'nexthops', 'other', 'span',
] as const;
const NEXTHOP_KEYS = ['gateway', 'via', 'dev', 'weight', 'realms', 'to', 'flags', 'span'] as const;

const rankOf = (keys: readonly string[]): Map<string, number> => new Map(keys.map((key, rank) => [key, rank]));
const ROUTE_RANK = rankOf(ROUTE_KEYS);
const NEXTHOP_RANK = rankOf(NEXTHOP_KEYS);

/** Whether `source` has only keys of `rank`, in its order, none undefined: then it is its own ordered copy. */
function isOrdered(source: Record<string, unknown>, rank: ReadonlyMap<string, number>): boolean {
  let last = -1;
  for (const key in source) {
    const at = rank.get(key);
    if (at === undefined || at <= last || source[key] === undefined) return false;
    last = at;
  }
  return true;
}

function ordered<T>(record: T, keys: readonly string[], rank: ReadonlyMap<string, number>): T {
  const source = record as unknown as Record<string, unknown>;
  // most records are built in print order, which is the schema's: checking is cheaper than copying
  if (isOrdered(source, rank)) return record;
  const out: Record<string, unknown> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out as unknown as T;
}

export function orderRoute(record: IpRouteEntry): IpRouteEntry {
  return ordered(record, ROUTE_KEYS, ROUTE_RANK);
}

export function orderNexthop(hop: IpRouteNexthop): IpRouteNexthop {
  return ordered(hop, NEXTHOP_KEYS, NEXTHOP_RANK);
}

/** Reads the destination: its family (when it shows one), network and prefix length. */
function destination(dst: Tok): { family: 'inet' | 'inet6' | null; address: string; prefixLength: number | null } | null {
  const text = dst.text;
  switch (dst.type) {
    case 'kw_default':
      return { family: null, address: '', prefixLength: 0 };
    case 'ipv4':
      return parseIPv4(text) === null ? null : { family: 'inet', address: text, prefixLength: 32 };
    case 'ipv6':
      return parseIPv6(text) === null ? null : { family: 'inet6', address: text, prefixLength: 128 };
    default: {
      const slash = text.indexOf('/');
      const address = text.slice(0, slash);
      const length = Number.parseInt(text.slice(slash + 1), 10);
      if (dst.type === 'prefix4') return parseIPv4(address) === null || length > 32 ? null : { family: 'inet', address, prefixLength: length };
      if (dst.type === 'prefix6') return parseIPv6(address) === null || length > 128 ? null : { family: 'inet6', address, prefixLength: length };
      // "0/8": RTA_DST missing with a non-zero length
      return { family: null, address: '', prefixLength: length };
    }
  }
}

/** rtnl_rtntype_n2a numbers, which ip -N prints instead of the names. */
const TYPE_NUMBERS: readonly (IpRouteType | null)[] = [
  null, 'unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat', 'xresolve',
];

/** Builds a route from its line; finishRoute completes it once its continuation lines are attached. */
export function buildRoute(unit: Extract<IpRouteUnit, { kind: 'route' }>, span: Span, diagnostics: Diagnostic[]): RouteDraft | null {
  const dst = destination(unit.dst);
  if (!dst) {
    diagnostics.push(unreadRoute(unit.dst, span, 'a destination: "default", an address or a prefix'));
    return null;
  }
  let type: IpRouteType = 'unicast';
  if (unit.type?.type === 'int') {
    const named = TYPE_NUMBERS[Number(unit.type.text)];
    if (!named) {
      diagnostics.push(unreadRoute(unit.type, span, 'a route type number from 1 to 11'));
      return null;
    }
    type = named;
  } else if (unit.type) type = unit.type.text as IpRouteType;
  const record: Record<string, unknown> = {
    type,
    dst: unit.dst.text,
    default: unit.dst.type === 'kw_default' || (dst.prefixLength === 0 && dst.family !== null),
    network: dst.address,
    prefixLength: dst.prefixLength,
    family: dst.family,
  };
  const familyOut = { family: dst.family };
  for (const attr of unit.attrs) apply(record, attr, span, diagnostics, familyOut);
  // flags and span after the attributes, in the schema's order (orderRoute then need not copy)
  record.flags ??= [];
  record.span = span;
  return { record: record as unknown as IpRouteEntry, family: familyOut.family };
}

export function attachNexthop(draft: RouteDraft, unit: Extract<IpRouteUnit, { kind: 'nexthop' }>, span: Span, diagnostics: Diagnostic[]): void {
  const hop: Record<string, unknown> = {};
  const familyOut = { family: null as 'inet' | 'inet6' | null };
  for (const attr of unit.attrs) apply(hop, attr, span, diagnostics, familyOut);
  hop.flags ??= [];
  hop.span = span;
  draft.family ??= familyOut.family;
  const record = draft.record as unknown as Record<string, unknown>;
  ((record.nexthops ??= []) as IpRouteNexthop[]).push(orderNexthop(hop as unknown as IpRouteNexthop));
}

export function attachCache(draft: RouteDraft, unit: Extract<IpRouteUnit, { kind: 'cache' }>, span: Span, diagnostics: Diagnostic[]): void {
  const record = draft.record as unknown as Record<string, unknown>;
  const flags = unit.flags ? unit.flags.text.slice(1, -1) : '';
  record.cache = flags === '' ? [] : flags.split(',');
  const familyOut = { family: draft.family };
  for (const attr of unit.attrs) apply(record, attr, span, diagnostics, familyOut);
  draft.family = familyOut.family;
}

/**
 * Completes a route: the family of "default" / "0/8" comes from its addresses, else from the
 * routes around it (`fallback`), and its network is written in that family.
 */
export function finishRoute(draft: RouteDraft, fallback: 'inet' | 'inet6'): IpRouteEntry {
  const record = draft.record as unknown as Record<string, unknown>;
  const family = draft.family ?? fallback;
  record.family = (record.family as string | null) ?? family;
  if (record.network === '') record.network = `${family === 'inet' ? '0.0.0.0' : '::'}/${record.prefixLength as number}`;
  else record.network = `${record.network as string}/${record.prefixLength as number}`;
  return orderRoute(draft.record);
}

const NEXTHOP_OBJECT_KEYS = [
  'type', 'id', 'family', 'group', 'groupType', 'resilient', 'gateway', 'dev', 'scope', 'blackhole', 'protocol', 'flags', 'fdb', 'span',
] as const;

export function orderNexthopObject<T extends IpNexthopInfo | IpNexthopObject>(object: T): T {
  const out: Record<string, unknown> = {};
  const source = object as unknown as Record<string, unknown>;
  for (const key of NEXTHOP_OBJECT_KEYS) if (source[key] !== undefined) out[key] = source[key];
  return out as unknown as T;
}

/** "1,3/2,5" → ids 1 and 2 with weights 3 and 5; null when a part is not a number. */
export function parseGroup(text: string): { id: number; weight?: number }[] | null {
  const group: { id: number; weight?: number }[] = [];
  for (const part of text.split('/')) {
    const comma = part.indexOf(',');
    const id = Number(comma === -1 ? part : part.slice(0, comma));
    const weight = comma === -1 ? undefined : Number(part.slice(comma + 1));
    if (part === '' || !Number.isInteger(id) || id < 0 || (weight !== undefined && !(Number.isInteger(weight) && weight > 0))) return null;
    group.push(weight === undefined ? { id } : { id, weight });
  }
  return group;
}

/** Builds an ip nexthop object (or the nh_info of a route) from its unit. */
export function buildNexthopObject(unit: IpNexthopUnit, span: Span, diagnostics: Diagnostic[]): IpNexthopInfo {
  const object: Record<string, unknown> = { id: toInt(unit.id), flags: unit.flags.map((f) => f.key.text as IpRouteFlag), span };
  if (unit.group) {
    const group = parseGroup(unit.group.value.text);
    if (group) object.group = group;
    else diagnostics.push(invalid(unit.group.value, 'a nexthop group such as 1/2 or 1,3/2,5', 'the group was not read.'));
    if (unit.group.type) object.groupType = unit.group.type.value.text;
    if (unit.group.resilient.length > 0) {
      const resilient = Object.create(null) as Record<string, number>;
      for (const { key, value } of unit.group.resilient) resilient[key.text] = toInt(value);
      object.resilient = resilient;
    }
  }
  if (unit.gateway) {
    const family = addressFamily(unit.gateway.value);
    if (family === null) diagnostics.push(invalid(unit.gateway.value, 'a gateway address', 'the gateway was not read.'));
    else Object.assign(object, { family, gateway: unit.gateway.value.text });
  }
  if (unit.dev) object.dev = unit.dev.value.text;
  if (unit.scope) object.scope = unit.scope.value.text;
  if (unit.blackhole) object.blackhole = true;
  if (unit.protocol) object.protocol = unit.protocol.value.text;
  if (unit.fdb) object.fdb = true;
  return orderNexthopObject(object as unknown as IpNexthopInfo);
}
