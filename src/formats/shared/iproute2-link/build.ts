// The parts of an interface record that ip addr and ip link print alike (iproute2
// ip/ipaddress.c print_linkinfo): header fields, link fields, -d kind and slave lines, -s
// counters. Each format's build.ts adds its own units; here each unit becomes typed values.
import type { Token } from '../../engine/lex';
import type { LinkInfo, LinkRecord, LinkStats, LinkVxlan } from './schema';
import { decimalValue } from '../../engine/decimal';

export type Pair = [Token, Token];

/** The units of the lines both formats print (grammars/include/iproute2-link.ne). */
export type LinkUnit =
  | { kind: 'header'; index: Token; name: Token; flags: Token; items: Pair[] }
  | { kind: 'link'; type: Token; address: Token | null; items: Pair[]; details: { head: Pair[]; tail: Pair[] } | null }
  | { kind: 'linkinfo' | 'slave'; name: Token; options: Token[]; tail: Pair[] }
  | { kind: 'altname'; name: Token }
  | { kind: 'alias'; words: Token[] }
  | { kind: 'statsHeader'; direction: Token; columns: Token[] }
  | { kind: 'statsValues'; values: Token[] };

const int = (token: Token): number => Number.parseInt(token.text, 10);

/** "eth0@if3:" or "eth0@if3" → name, link text, link index. */
export function splitName(text: string): { ifname: string; link?: string | null; linkIndex?: number } {
  const name = text.endsWith(':') ? text.slice(0, -1) : text;
  const at = name.indexOf('@');
  if (at === -1) return { ifname: name };
  const link = name.slice(at + 1);
  const ifname = name.slice(0, at);
  if (link === 'NONE') return { ifname, link: null };
  if (link.startsWith('if')) {
    const n = Number(link.slice(2));
    if (link.length > 2 && Number.isInteger(n) && n >= 0) return { ifname, link, linkIndex: n };
  }
  return { ifname, link };
}

/** "<BROADCAST,MULTICAST,UP,LOWER_UP>" → the names, and the derived booleans. */
export function linkFlags(text: string): { flags: string[]; isUp: boolean; isLowerUp: boolean } {
  const inner = text.slice(1, -1);
  const flags = inner === '' ? [] : inner.split(',');
  return { flags, isUp: flags.includes('UP'), isLowerUp: flags.includes('LOWER_UP') };
}

export function applyHeader(record: LinkRecord, unit: Extract<LinkUnit, { kind: 'header' }>): void {
  record.index = int(unit.index);
  Object.assign(record, splitName(unit.name.text), linkFlags(unit.flags.text));
  for (const [key, value] of unit.items) {
    switch (key.type) {
      case 'kw_mtu': record.mtu = int(value); break;
      case 'kw_qdisc': record.qdisc = value.text; break;
      case 'kw_master': record.master = value.text; break;
      case 'kw_state': record.state = value.text; break;
      case 'kw_mode': record.mode = value.text; break;
      case 'kw_group': record.group = value.text; break;
      case 'kw_qlen': record.qlen = int(value); break;
      case 'kw_netns': record.linkNetns = value.text; break;
      case 'kw_netnsid': record.linkNetnsid = int(value); break;
    }
  }
}

export function applyLink(record: LinkRecord, unit: Extract<LinkUnit, { kind: 'link' }>): void {
  record.linkType = unit.type.text.slice(5);
  if (unit.address) record.address = unit.address.text;
  for (const [key, value] of unit.items) {
    switch (key.type) {
      case 'kw_brd': record.broadcast = value.text; break;
      case 'kw_peer': record.peer = value.text; break;
      case 'kw_permaddr': record.permaddr = value.text; break;
      case 'kw_netns': record.linkNetns = value.text; break;
      case 'kw_netnsid': record.linkNetnsid = int(value); break;
    }
  }
  if (unit.details) {
    for (const [key, value] of unit.details.head) {
      switch (key.type) {
        case 'kw_promiscuity': record.promiscuity = int(value); break;
        case 'kw_allmulti': record.allmulti = int(value); break;
        case 'kw_minmtu': record.minmtu = int(value); break;
        case 'kw_maxmtu': record.maxmtu = int(value); break;
      }
    }
    applyTail(record, unit.details.tail);
  }
}

function applyTail(record: LinkRecord, tail: Pair[]): void {
  if (tail.length === 0) return;
  const properties = record.properties ?? (Object.create(null) as Record<string, string | number>);
  for (const [key, value] of tail) properties[key.text] = value.type === 'int' ? int(value) : value.text;
  record.properties = properties;
}

export function applyKind(record: LinkRecord, unit: Extract<LinkUnit, { kind: 'linkinfo' | 'slave' }>): void {
  const options = unit.options.map((token) => token.text);
  if (unit.kind === 'slave') record.slave = { kind: unit.name.text.slice(0, -'_slave'.length), options };
  else {
    record.linkinfo = { kind: unit.name.text, options };
    if (unit.name.text === 'vxlan') {
      const vxlan = vxlanFromOptions(options);
      if (vxlan) record.vxlan = vxlan;
    }
  }
  applyTail(record, unit.tail);
}

/** The typed vxlan fields from "id 1 local 192.168.86.189 dev eth0 srcport 0 0 dstport 8472 nolearning …" (ip/iplink_vxlan.c). */
const whole = (text: string | undefined): number | undefined => {
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
};

export function vxlanFromOptions(options: readonly string[]): LinkVxlan | undefined {
  let id: number | undefined;
  const vxlan: Partial<LinkVxlan> = { learning: true };
  for (let i = 0; i < options.length; i++) {
    const word = options[i];
    const next = options[i + 1];
    switch (word) {
      case 'id': id = whole(next); i++; break;
      case 'local': vxlan.local = next; i++; break;
      case 'remote': vxlan.remote = next; i++; break;
      case 'group': vxlan.group = next; i++; break;
      case 'dev': vxlan.dev = next; i++; break;
      case 'srcport': {
        const low = whole(next);
        const high = whole(options[i + 2]);
        if (low !== undefined && high !== undefined) vxlan.srcport = [low, high];
        i += 2;
        break;
      }
      case 'dstport': vxlan.dstport = whole(next); i++; break;
      case 'ageing': vxlan.ageing = whole(next); i++; break;
      case 'nolearning': vxlan.learning = false; break;
    }
  }
  if (id === undefined) return undefined;
  return orderVxlan({ ...vxlan, id } as LinkVxlan);
}

const VXLAN_KEYS = ['id', 'local', 'remote', 'group', 'dev', 'srcport', 'dstport', 'learning', 'ageing'] as const;
export function orderVxlan(vxlan: LinkVxlan): LinkVxlan {
  const out: Record<string, unknown> = {};
  for (const key of VXLAN_KEYS) if (vxlan[key] !== undefined) out[key] = vxlan[key];
  return out as LinkVxlan;
}

export type StatsKey = keyof LinkStats;
export function statsKey(direction: Token): StatsKey {
  switch (direction.type) {
    case 'rx': return 'rx';
    case 'tx': return 'tx';
    case 'rxerrors': return 'rxErrors';
    default: return 'txErrors';
  }
}

export function counters(columns: readonly { text: string }[], values: readonly { text: string }[]): Record<string, number> {
  const out = Object.create(null) as Record<string, number>;
  columns.forEach((column, i) => {
    out[column.text] = decimalValue((values[i] as { text: string }).text);
  });
  return out;
}

export function linkInfo(kind: string, options: string[]): LinkInfo {
  return { kind, options };
}
