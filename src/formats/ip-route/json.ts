// Reads `ip -j route` (and -d, -6, -p) output: the JSON array print_route writes, validated with zod
// into the same records as the text. Key names per ip/iproute.c (print_string/print_uint keys).
import { z } from 'zod';
import { SourceText, parseIPv4, parseIPv6, type Diagnostic, type Span } from '../../core';
import { orderNexthop, orderNexthopObject, orderRoute } from './build';
import { IpRouteFlag, IpRouteType, type IpNexthopInfo, type IpNexthopObject, type IpRouteEntry, type IpRouteNexthop } from './schema';
import { readJsonItems, topLevelObjects } from '../engine/json-objects';

const Via = z.object({ family: z.string(), host: z.string() });
const JsonNexthop = z.looseObject({
  gateway: z.string().optional(), via: Via.optional(), dev: z.string().optional(), weight: z.int().optional(),
  to: z.string().optional(), flags: z.array(IpRouteFlag).default([]),
  flow: z.object({ from: z.string().optional(), to: z.string() }).optional(),
});
// print_nexthop in ip/ipnexthop.c; "blackhole" and "fdb" print as keys with null
const JsonNexthopObject = z.looseObject({
  id: z.int(),
  group: z.array(z.object({ id: z.int(), weight: z.int().optional() })).optional(),
  type: z.string().optional(),
  resilient_args: z.record(z.string(), z.int()).optional(),
  gateway: z.string().optional(),
  dev: z.string().optional(),
  scope: z.string().optional(),
  blackhole: z.null().optional(),
  protocol: z.string().optional(),
  flags: z.array(IpRouteFlag).default([]),
  fdb: z.null().optional(),
});
const KNOWN_NEXTHOP_OBJECT = new Set(Object.keys(JsonNexthopObject.shape));

const JsonRoute = z.looseObject({
  type: IpRouteType.default('unicast'),
  dst: z.string(),
  from: z.string().optional(),
  nhid: z.int().optional(),
  tos: z.string().optional(),
  gateway: z.string().optional(),
  via: Via.optional(),
  dev: z.string().optional(),
  table: z.string().optional(),
  protocol: z.string().optional(),
  scope: z.string().optional(),
  prefsrc: z.string().optional(),
  metric: z.int().optional(),
  flags: z.array(IpRouteFlag).default([]),
  mark: z.int().optional(),
  flow: z.object({ from: z.string().optional(), to: z.string() }).optional(),
  uid: z.int().optional(),
  cache: z.array(z.string()).optional(),
  expires: z.int().optional(),
  error: z.int().optional(),
  users: z.int().optional(),
  used: z.int().optional(),
  age: z.int().optional(),
  ipid: z.string().optional(),
  metrics: z.array(z.record(z.string(), z.union([z.number(), z.string(), z.null()]))).optional(),
  iif: z.string().optional(),
  pref: z.string().optional(),
  nh_info: JsonNexthopObject.optional(),
  nexthops: z.array(JsonNexthop).optional(),
});
const KNOWN = new Set(Object.keys(JsonRoute.shape));

/** Offsets [start, end) of the values directly inside the array or object opening at `open`. */
function elementRanges(text: string, open: number): [number, number][] {
  const ranges: [number, number][] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      depth++;
      if (depth === 2) start = i;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 1 && start !== -1) {
        ranges.push([start, i + 1]);
        start = -1;
      } else if (depth === 0) break;
    }
  }
  return ranges;
}

function realmsOf(flow: { from?: string | undefined; to: string } | undefined): string | undefined {
  return flow ? (flow.from !== undefined ? `${flow.from}/${flow.to}` : flow.to) : undefined;
}

function familyOfAddress(text: string | undefined): 'inet' | 'inet6' | null {
  if (text === undefined) return null;
  if (parseIPv4(text) !== null) return 'inet';
  return parseIPv6(text) !== null ? 'inet6' : null;
}

export function parseIpRouteJson(text: string): { records: IpRouteEntry[]; diagnostics: Diagnostic[] } {
  const source = new SourceText(text);
  const whole = source.span(0, text.length);
  const read = readJsonItems(text);
  if ('error' in read) {
    return {
      records: [],
      diagnostics: [{
        code: 'invalid-json', severity: 'error',
        message: `Expected the JSON array of ip -j route (${read.error}); nothing was read.`,
        span: whole,
      }],
    };
  }
  const list = read.items;
  const ranges = topLevelObjects(text);
  const records: IpRouteEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  list.forEach((item, index) => {
    const [start, end] = ranges[index] ?? [0, text.length];
    const span = source.spanBetween(start, end);
    // ip -j nexthop: objects with an id and no dst
    if (item !== null && typeof item === 'object' && !('dst' in item) && 'id' in item) {
      const object = JsonNexthopObject.safeParse(item);
      if (object.success) records.push({ type: 'nexthop', ...nexthopObject(object.data, span, diagnostics) } as IpNexthopObject);
      else
        diagnostics.push({
          code: 'invalid-json', severity: 'error',
          message: `Expected a nexthop object of ip -j nexthop (${object.error.issues[0]?.path.join('.') ?? ''}: ${object.error.issues[0]?.message ?? ''}); it was not read.`,
          span,
        });
      return;
    }
    const parsed = JsonRoute.safeParse(item);
    if (!parsed.success) {
      diagnostics.push({
        code: 'invalid-json', severity: 'error',
        message: `Expected a route object of ip -j route (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''}); it was not read.`,
        span,
      });
      return;
    }
    const record = toRecord(parsed.data, span, text, start, end, source, diagnostics);
    if (record) records.push(record);
  });
  return { records, diagnostics };
}

function toRecord(
  route: z.infer<typeof JsonRoute>, span: Span, text: string, start: number, end: number, source: SourceText,
  diagnostics: Diagnostic[],
): IpRouteEntry | null {
  const dst = route.dst;
  const slash = dst.indexOf('/');
  const address = slash === -1 ? dst : dst.slice(0, slash);
  const isDefault = dst === 'default';
  let family: 'inet' | 'inet6' | null = isDefault || address === '0' ? null : familyOfAddress(address);
  const hostLength = family === 'inet6' ? 128 : 32;
  const prefixLength = isDefault ? 0 : slash === -1 ? hostLength : Number.parseInt(dst.slice(slash + 1), 10);
  if ((!isDefault && address !== '0' && family === null) || !(prefixLength >= 0 && prefixLength <= 128)) {
    diagnostics.push({ code: 'invalid-json', severity: 'error', message: `Expected a destination, not "${dst}"; the route was not read.`, span });
    return null;
  }
  family ??= familyOfAddress(route.gateway) ?? familyOfAddress(route.prefsrc) ?? (route.pref !== undefined ? 'inet6' : null);
  const hops = route.nexthops?.map((hop): IpRouteNexthop => {
    family ??= familyOfAddress(hop.gateway);
    return orderNexthop({
      gateway: hop.gateway, via: hop.via, dev: hop.dev, weight: hop.weight, realms: realmsOf(hop.flow), to: hop.to,
      flags: hop.flags, span,
    });
  });
  if (hops) {
    // each next hop's own span: the objects inside "nexthops"
    const key = text.slice(start, end).search(/"nexthops"\s*:\s*\[/);
    if (key !== -1) {
      const ranges = elementRanges(text, text.indexOf('[', start + key));
      hops.forEach((hop, i) => {
        const range = ranges[i];
        if (range) hop.span = source.spanBetween(range[0], range[1]);
      });
    }
  }
  const resolved = family ?? 'inet';
  let metrics: Record<string, number | string> | undefined;
  for (const entry of route.metrics ?? []) {
    metrics ??= Object.create(null) as Record<string, number | string>;
    // "features": ecn prints as a key with null (print_null)
    for (const [name, value] of Object.entries(entry)) {
      if (value === null) metrics.features = name;
      else metrics[name === 'congestion' ? 'congctl' : name] = value;
    }
  }
  let other: Record<string, string> | undefined;
  for (const [key, value] of Object.entries(route)) {
    if (KNOWN.has(key)) continue;
    other ??= Object.create(null) as Record<string, string>;
    other[key] = typeof value === 'string' ? value : JSON.stringify(value);
    diagnostics.push({
      code: 'invalid-value', severity: 'warning',
      message: `"${key}" is not a key ip -j route prints; its value was kept in "other".`, span,
    });
  }
  let nhInfo: IpNexthopInfo | undefined;
  if (route.nh_info) {
    const key = text.slice(start, end).search(/"nh_info"\s*:\s*\{/);
    const open = key === -1 ? -1 : text.indexOf('{', start + key + 1);
    const range = open === -1 ? undefined : elementRanges(`[${text.slice(open, end)}`, 0)[0];
    const nhSpan = range ? source.spanBetween(open + range[0] - 1, open + range[1] - 1) : span;
    nhInfo = nexthopObject(route.nh_info, nhSpan, diagnostics);
  }
  return orderRoute({
    type: route.type, dst, default: isDefault || prefixLength === 0, network: `${isDefault || address === '0' ? (resolved === 'inet' ? '0.0.0.0' : '::') : address}/${prefixLength}`,
    prefixLength, family: resolved, from: route.from, nhid: route.nhid, tos: route.tos, gateway: route.gateway, via: route.via,
    dev: route.dev, table: route.table, protocol: route.protocol, scope: route.scope, prefsrc: route.prefsrc, metric: route.metric,
    flags: route.flags, mark: route.mark, realms: realmsOf(route.flow), uid: route.uid, cache: route.cache, expires: route.expires,
    error: route.error, users: route.users, used: route.used, age: route.age, ipid: route.ipid, metrics, iif: route.iif,
    pref: route.pref, nhInfo, nexthops: hops, other, span,
  } as IpRouteEntry);
}

function nexthopObject(object: z.infer<typeof JsonNexthopObject>, span: Span, diagnostics: Diagnostic[]): IpNexthopInfo {
  for (const key of Object.keys(object))
    if (!KNOWN_NEXTHOP_OBJECT.has(key))
      diagnostics.push({
        code: 'invalid-value', severity: 'warning', message: `"${key}" is not a key ip -j nexthop prints; it was not read.`, span,
      });
  const family = familyOfAddress(object.gateway);
  let resilient: Record<string, number> | undefined;
  if (object.resilient_args) resilient = Object.assign(Object.create(null) as Record<string, number>, object.resilient_args);
  return orderNexthopObject({
    id: object.id, family: family ?? undefined, group: object.group?.map((g) => (g.weight === undefined ? { id: g.id } : { id: g.id, weight: g.weight })),
    groupType: object.type, resilient, gateway: object.gateway, dev: object.dev, scope: object.scope,
    blackhole: object.blackhole === null ? true : undefined, protocol: object.protocol, flags: object.flags,
    fdb: object.fdb === null ? true : undefined, span,
  });
}
