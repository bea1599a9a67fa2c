// Reads the link part of ip -j addr / ip -j link (iproute2's JSON, ip/ipaddress.c print_linkinfo
// with PRINT_JSON) into the text layouts' field names (ifindex → index, operstate → state, txqlen
// → qlen, …); spans cover each interface's object and each addr_info object.
import { z } from 'zod';
import { SourceText, type Diagnostic, type Span } from '../../../core';
import { readJsonItems } from '../../engine/json-objects';
import { linkFlags, orderVxlan } from './build';
import type { LinkRecord, LinkStats, LinkVxlan } from './schema';

const JsonLinkInfo = z.looseObject({
  info_kind: z.string().optional(),
  info_data: z.record(z.string(), z.unknown()).optional(),
  info_slave_kind: z.string().optional(),
  info_slave_data: z.record(z.string(), z.unknown()).optional(),
});
const Counters = z.record(z.string(), z.number());
export const JsonLink = z.looseObject({
  ifindex: z.int(),
  ifname: z.string(),
  link: z.string().nullable().optional(),
  link_index: z.int().optional(),
  flags: z.array(z.string()).optional(),
  mtu: z.int().optional(),
  qdisc: z.string().optional(),
  master: z.string().optional(),
  operstate: z.string().optional(),
  linkmode: z.string().optional(),
  group: z.string().optional(),
  txqlen: z.int().optional(),
  link_type: z.string().optional(),
  address: z.string().optional(),
  broadcast: z.string().optional(),
  link_pointtopoint: z.boolean().optional(),
  permaddr: z.string().optional(),
  link_netnsid: z.int().optional(),
  promiscuity: z.int().optional(),
  allmulti: z.int().optional(),
  min_mtu: z.int().optional(),
  max_mtu: z.int().optional(),
  linkinfo: JsonLinkInfo.optional(),
  ifalias: z.string().optional(),
  altnames: z.array(z.string()).optional(),
  stats64: z.looseObject({ rx: Counters, tx: Counters }).optional(),
  stats: z.looseObject({ rx: Counters, tx: Counters }).optional(),
});
export type JsonLink = z.infer<typeof JsonLink>;

// the -d items after the kind lines: JSON name → the name ip prints
const PROPERTIES: [string, string][] = [
  ['inet6_addr_gen_mode', 'addrgenmode'], ['num_tx_queues', 'numtxqueues'], ['num_rx_queues', 'numrxqueues'],
  ['gso_max_size', 'gso_max_size'], ['gso_max_segs', 'gso_max_segs'], ['tso_max_size', 'tso_max_size'],
  ['tso_max_segs', 'tso_max_segs'], ['gro_max_size', 'gro_max_size'], ['gso_ipv4_max_size', 'gso_ipv4_max_size'],
  ['gro_ipv4_max_size', 'gro_ipv4_max_size'], ['parentbus', 'parentbus'], ['parentdev', 'parentdev'],
];
interface ObjectSpan { start: number; end: number; addresses: { start: number; end: number }[] }

/** Offsets of each top-level interface object and of the objects in its addr_info array. */
export function objectSpans(text: string): ObjectSpan[] {
  const out: ObjectSpan[] = [];
  const stack: { kind: '{' | '['; key: string | null; addrInfo: boolean }[] = [];
  let lastString = '';
  let current: ObjectSpan | null = null;
  let addressStart = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      lastString = text.slice(i + 1, j);
      i = j;
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === ':' && top?.kind === '{') top.key = lastString;
    else if (c === '{' || c === '[') {
      const topLevelElement = c === '{' && (stack.length === 0 || (stack.length === 1 && top?.kind === '['));
      if (topLevelElement) current = { start: i, end: i, addresses: [] };
      if (c === '{' && top?.addrInfo && stack.length <= 4) addressStart = i;
      stack.push({ kind: c, key: null, addrInfo: c === '[' && top?.kind === '{' && top.key === 'addr_info' && current !== null });
    } else if (c === '}' || c === ']') {
      stack.pop();
      const parent = stack[stack.length - 1];
      if (c === '}' && parent?.addrInfo && addressStart !== -1 && current) {
        current.addresses.push({ start: addressStart, end: i + 1 });
        addressStart = -1;
      }
      if (c === '}' && current && (stack.length === 0 || (stack.length === 1 && parent?.kind === '['))) {
        current.end = i + 1;
        out.push(current);
        current = null;
      }
    } else if (c === ',' && top?.kind === '{') top.key = null;
  }
  return out;
}

const RX_NAMES: Record<string, string> = {
  bytes: 'bytes', packets: 'packets', errors: 'errors', dropped: 'dropped', missed_errors: 'missed', multicast: 'mcast', compressed: 'compressed',
};
const RX_ERROR_NAMES: Record<string, string> = {
  length_errors: 'length', crc_errors: 'crc', frame_errors: 'frame', fifo_errors: 'fifo', over_errors: 'overrun', nohandler: 'nohandler',
};
const TX_NAMES: Record<string, string> = {
  bytes: 'bytes', packets: 'packets', errors: 'errors', dropped: 'dropped', carrier_errors: 'carrier', collisions: 'collsns', compressed: 'compressed',
};
const TX_ERROR_NAMES: Record<string, string> = {
  aborted_errors: 'aborted', fifo_errors: 'fifo', window_errors: 'window', heartbeat_errors: 'heartbt', carrier_changes: 'transns',
};

function rename(source: Record<string, number>, names: Record<string, string>): Record<string, number> {
  const out = Object.create(null) as Record<string, number>;
  for (const [key, value] of Object.entries(source)) if (Object.hasOwn(names, key)) out[names[key] as string] = value;
  return out;
}

/** JSON counters under the text's column names; without -s -s, over_errors is the RX line's "overrun" (older layout). */
function stats(json: { rx: Record<string, number>; tx: Record<string, number> }): LinkStats {
  const extended = 'length_errors' in json.rx;
  const rx = rename(json.rx, extended ? RX_NAMES : { ...RX_NAMES, over_errors: 'overrun' });
  const out: LinkStats = { rx, tx: rename(json.tx, TX_NAMES) };
  if (extended) out.rxErrors = rename(json.rx, RX_ERROR_NAMES);
  if ('aborted_errors' in json.tx) out.txErrors = rename(json.tx, TX_ERROR_NAMES);
  return out;
}

function vxlan(data: Record<string, unknown>): LinkVxlan | undefined {
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const id = num(data.id);
  if (id === undefined) return undefined;
  const range = data.port_range as { low?: unknown; high?: unknown } | undefined;
  const low = num(range?.low);
  const high = num(range?.high);
  return orderVxlan({
    id, local: str(data.local) ?? str(data.local6), remote: str(data.remote) ?? str(data.remote6),
    group: str(data.group) ?? str(data.group6), dev: str(data.link),
    srcport: low !== undefined && high !== undefined ? [low, high] : undefined, dstport: num(data.port),
    learning: data.learning !== false, ageing: num(data.ageing),
  });
}

/** The link fields of an ip -j interface object, under the text layouts' names. */
export function linkFromJson(json: JsonLink): LinkRecord {
  const record: LinkRecord = { index: json.ifindex, ifname: json.ifname };
  if (json.link !== undefined) record.link = json.link;
  if (json.link_index !== undefined) {
    record.link = `if${json.link_index}`;
    record.linkIndex = json.link_index;
  }
  if (json.flags) Object.assign(record, linkFlags(`<${json.flags.join(',')}>`));
  Object.assign(record, {
    mtu: json.mtu, qdisc: json.qdisc, master: json.master, state: json.operstate, mode: json.linkmode, group: json.group,
    qlen: json.txqlen, linkType: json.link_type, address: json.address,
  });
  if (json.broadcast !== undefined) {
    if (json.link_pointtopoint) record.peer = json.broadcast;
    else record.broadcast = json.broadcast;
  }
  Object.assign(record, {
    permaddr: json.permaddr, linkNetnsid: json.link_netnsid, promiscuity: json.promiscuity, allmulti: json.allmulti,
    minmtu: json.min_mtu, maxmtu: json.max_mtu,
  });
  const info = json.linkinfo;
  if (info?.info_kind !== undefined) {
    record.linkinfo = { kind: info.info_kind, ...(info.info_data ? { data: info.info_data } : {}) };
    if (info.info_kind === 'vxlan' && info.info_data) record.vxlan = vxlan(info.info_data);
  }
  if (info?.info_slave_kind !== undefined)
    record.slave = { kind: info.info_slave_kind, ...(info.info_slave_data ? { data: info.info_slave_data } : {}) };
  const properties = Object.create(null) as Record<string, string | number>;
  let hasProperties = false;
  for (const [from, to] of PROPERTIES) {
    const value = (json as Record<string, unknown>)[from];
    if (typeof value === 'string' || typeof value === 'number') {
      properties[to] = value;
      hasProperties = true;
    }
  }
  if (hasProperties) record.properties = properties;
  if (json.ifalias !== undefined) record.alias = json.ifalias;
  if (json.altnames) record.altnames = json.altnames;
  const counters = json.stats64 ?? json.stats;
  if (counters) record.stats = stats(counters);
  return record;
}

/**
 * Reads an ip -j array of interface objects with `build` (which gets each object's span and the
 * spans of its addr_info objects). Bad JSON or a wrong shape gives an invalid-json diagnostic.
 */
export function parseJsonInterfaces<T, R>(
  text: string, schema: z.ZodType<T>, build: (json: T, span: Span, addressSpans: Span[]) => R,
): { records: R[]; diagnostics: Diagnostic[] } {
  const source = new SourceText(text);
  const whole = source.span(0, text.length);
  const read = readJsonItems(text);
  if ('error' in read) {
    return {
      records: [],
      diagnostics: [{
        code: 'invalid-json', severity: 'error', span: whole, expected: ['ip -j output'],
        message: `The text starts like ip -j output but is not JSON (${read.error}).`,
      }],
    };
  }
  const list = read.items;
  const spans = objectSpans(text);
  const records: R[] = [];
  const diagnostics: Diagnostic[] = [];
  list.forEach((item, i) => {
    const where = spans[i];
    const span = where ? source.span(where.start, where.end - where.start) : whole;
    const parsed = schema.safeParse(item);
    if (!parsed.success) {
      diagnostics.push({
        code: 'invalid-json', severity: 'error', span, expected: ['an ip -j interface object (ifindex, ifname, …)'],
        message: `Element ${i} is not an interface object: ${parsed.error.issues[0]?.message ?? 'wrong shape'}.`,
      });
      return;
    }
    const addressSpans = (where?.addresses ?? []).map((a) => source.span(a.start, a.end - a.start));
    records.push(build(parsed.data, span, addressSpans));
  });
  return { records, diagnostics };
}
