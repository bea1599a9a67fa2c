// Turns parsed sections into node facts: routes (route -n, ip route), addresses and links (ip addr,
// ip link, ifconfig), neighbours (ip neigh), FDB entries (bridge fdb). Each fact cites its record.
import { parseIPv4, parsePrefix4 } from '../../core';
import type { BridgeFdbEntry } from '../../formats/bridge-fdb/schema';
import type { IfconfigInterface } from '../../formats/ifconfig/schema';
import type { IpAddrInterface } from '../../formats/ip-addr/schema';
import type { IpLinkInterface } from '../../formats/ip-link/schema';
import type { IpNeighEntry } from '../../formats/ip-neigh/schema';
import type { IpRuleEntry } from '../../formats/ip-rule/schema';
import type { IpRouteEntry } from '../../formats/ip-route/schema';
import type { RouteNEntry } from '../../formats/route-n/schema';
import { cite, citeFailure, type ParsedSection } from '../evidence';
import { failureMessage } from '../../core/bundle';
import type { Address, FdbEntry, KernelLookup, Link, LinkKind, Listing, Neighbor, PolicyRule, Route, RouteType } from './facts';

// a listing cut short, or narrowed by selectors (ip neigh show nud reachable: src/ingest/command.ts), does not show what is absent
const isComplete = (source: ParsedSection): boolean => !source.section.partial && source.section.options?.['filter'] === undefined;

/** `ip route get`'s answer (the section's `get` option): the route the kernel chose, or the error it printed instead. */
export function readKernelLookup(source: ParsedSection): KernelLookup | null {
  const options = source.section.options;
  const destination = options?.['get'];
  if (source.section.format !== 'ip-route' || destination === undefined || parseIPv4(destination) === null) return null;
  const mark = options?.['mark'] === undefined ? null : Number(options['mark']);
  const asked = { destination, from: options?.['from'] ?? null, iif: options?.['iif'] ?? null, oif: options?.['oif'] ?? null, mark: mark !== null && Number.isInteger(mark) ? mark : null };
  const failure = citeFailure(source);
  if (failure && source.section.failure) return { ...asked, route: null, error: failureMessage(source.section.failure), evidence: failure };
  const found = (source.records as IpRouteEntry[]).find((r) => r.type !== 'nexthop' && r.family === 'inet');
  if (!found || found.type === 'nexthop') return null;
  const record = found;
  return {
    ...asked,
    route: { type: record.type, dev: record.dev ?? null, gateway: record.gateway ?? null, src: record.prefsrc ?? null, table: record.table ?? null },
    error: null, evidence: cite(source, record.span),
  };
}

/** route -n shows the main table; ip route the table asked for ("table all": every one); ip route get, the kernel's lookup, no table at all. */
export function readRoutes(source: ParsedSection): Listing<Route> {
  const entries: Route[] = [];
  if (source.section.options?.['get'] !== undefined) return { source, complete: false, dev: null, entries };
  // ip route show dev X prints no "dev X" on its lines (like ip neigh show dev X)
  const dev = source.section.options?.['dev'] ?? null;
  if (source.section.format === 'route-n') {
    for (const record of source.records as RouteNEntry[]) {
      if (record.family !== 'inet' || record.network === null) continue;
      const prefix = parsePrefix4(record.network);
      if (!prefix) continue;
      // net-tools shows a blackhole as Iface "*" and unreachable/prohibit with flag "!" (one RTF_REJECT)
      const type: RouteType = record.kind === 'blackhole' ? 'blackhole' : record.kind === 'reject' ? 'unreachable' : 'unicast';
      const gateway = record.gateway === null || record.gateway === '0.0.0.0' || record.gateway === '*' ? null : record.gateway;
      entries.push({
        table: 'main', type, prefix, network: `${record.destination}/${prefix.length}`, gateway, dev: record.iface,
        protocol: null, scope: null, metric: record.metric ?? null, onlink: false, typeInferred: type !== 'unicast',
        evidence: cite(source, record.span),
      });
    }
  } else if (source.section.format === 'ip-route') {
    for (const record of source.records as IpRouteEntry[]) {
      if (record.type === 'nexthop' || record.family !== 'inet' || record.cache) continue;
      const prefix = parsePrefix4(record.network);
      if (!prefix) continue;
      entries.push({
        table: record.table ?? tableOfListing(source.section.options?.['table']), type: record.type, prefix, network: record.network,
        gateway: record.gateway ?? record.nexthops?.[0]?.gateway ?? null, dev: record.dev ?? record.nexthops?.[0]?.dev ?? dev,
        protocol: record.protocol ?? null, scope: record.scope ?? null, metric: record.metric ?? null,
        onlink: record.flags.includes('onlink'), src: record.prefsrc ?? null, typeInferred: false, evidence: cite(source, record.span),
      });
    }
  }
  return { source, complete: isComplete(source) && showsWholeTable(source), dev, entries };
}

/**
 * The table of a route line that names none: the table the command listed, but `table all` (0,
 * unspec) prints "table X" on every route outside main, so its unnamed routes are main's.
 */
function tableOfListing(listed: string | undefined): string {
  return listed === undefined || listed === 'all' || listed === '0' || listed === 'unspec' ? 'main' : listed;
}

// ip route's selectors (iproute2 ip/iproute.c iproute_list_flush_or_save): what they leave out is not absent
const ROUTE_SELECTORS_WITHOUT_ABSENCE = new Set(['table', 'tab', 'dev']);

/**
 * Whether an ip route listing shows all of the main table's routes (or a device's, with `dev`):
 * `ip route show table local`, `type blackhole`, `proto bird` or `10.244.0.0/16` show a part of it.
 * route -n and netstat -rn always show the whole main table.
 */
function showsWholeTable(source: ParsedSection): boolean {
  if (source.section.format !== 'ip-route') return true;
  const table = source.section.options?.['table'];
  if (table !== undefined && !['main', 'all', '254', '0'].includes(table)) return false;
  // redirections ("2>&1", "2>/dev/null") select nothing
  const words = ((source.section.command ?? '').split('|')[0]?.trim().split(/\s+/) ?? []).filter((word) => !/^[012&]?>/.test(word));
  let i = words.lastIndexOf('ip') + 1;
  if (i === 0) return true;
  while (i < words.length && (words[i] ?? '').startsWith('-')) i += ['-n', '-netns', '-f', '-family'].includes(words[i] ?? '') ? 2 : 1;
  i++; // the object: r, ro, route
  if (['s', 'sh', 'sho', 'show', 'l', 'li', 'lis', 'list', 'ls', 'lst'].includes(words[i] ?? '')) i++; // iproute2's matches(): any prefix
  while (i < words.length) {
    if (!ROUTE_SELECTORS_WITHOUT_ABSENCE.has(words[i] ?? '')) return false;
    i += 2;
  }
  return true;
}

/** ifconfig's hardware titles and ip's link types, as link kinds. */
function kindFromHardware(title: string | null | undefined): LinkKind | null {
  if (!title) return null;
  const lower = title.toLowerCase();
  if (lower.includes('ipip')) return 'ipip';
  if (lower === 'loopback' || lower.includes('local loopback')) return 'loopback';
  if (lower === 'ether' || lower === 'ethernet') return 'ether';
  if (lower.includes('tunnel')) return 'tunnel';
  return null;
}

/** Names that say what a device is, by convention of the CNI that makes it. */
export function kindFromName(name: string): LinkKind | null {
  if (name === 'flannel.1' || name === 'vxlan.calico' || name.startsWith('flannel-v6')) return 'vxlan';
  if (name === 'tunl0') return 'ipip';
  if (name === 'cni0' || name === 'docker0') return 'bridge';
  if (name.startsWith('veth') || name.startsWith('cali')) return 'veth';
  if (name === 'lo') return 'loopback';
  return null;
}

const LINK_KINDS: ReadonlySet<string> = new Set(['vxlan', 'bridge', 'veth', 'ipip', 'dummy']);

function linkFromIproute2(record: IpAddrInterface | IpLinkInterface, source: ParsedSection): Link {
  const infoKind = record.linkinfo?.kind;
  const kind: LinkKind | null = infoKind
    ? (LINK_KINDS.has(infoKind) ? (infoKind as LinkKind) : 'other')
    : record.linkType === 'ipip' ? 'ipip' : record.linkType === 'loopback' ? 'loopback' : null;
  return {
    name: record.ifname, kind, kindFromName: false, mac: record.linkType === 'ether' ? record.address ?? null : null,
    mtu: record.mtu ?? null, up: record.isUp ?? null, master: record.master ?? null,
    vxlan: record.vxlan
      ? { id: record.vxlan.id ?? null, local: record.vxlan.local ?? null, dev: record.vxlan.dev ?? null, port: record.vxlan.dstport ?? null }
      : null,
    evidence: [cite(source, record.span)],
  };
}

function linkFromIfconfig(record: IfconfigInterface, source: ParsedSection): Link {
  const mac = record.hwAddress && /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i.test(record.hwAddress) ? record.hwAddress.toLowerCase() : null;
  return {
    name: record.name, kind: kindFromHardware(record.hwTitle) ?? kindFromHardware(record.hwName), kindFromName: false, mac,
    mtu: record.mtu, up: record.up, master: null, vxlan: null, evidence: [cite(source, record.span)],
  };
}

export interface InterfaceListing {
  links: Link[];
  addresses: Listing<Address>;
}

/** ip addr, ip link and ifconfig: the links and their IPv4 addresses. */
export function readInterfaces(source: ParsedSection): InterfaceListing {
  const links: Link[] = [];
  const addresses: Address[] = [];
  const format = source.section.format;
  if (format === 'ip-addr' || format === 'ip-link') {
    for (const record of source.records as (IpAddrInterface | IpLinkInterface)[]) {
      links.push(linkFromIproute2(record, source));
      if (!('addresses' in record)) continue;
      for (const address of record.addresses) {
        const value = address.family === 'inet' ? parseIPv4(address.local) : null;
        if (value === null) continue;
        addresses.push({
          ip: address.local, value, prefixLength: address.prefixLength, cidr: `${address.local}/${address.prefixLength}`,
          device: address.label ?? record.ifname, evidence: cite(source, address.span),
        });
      }
    }
  } else if (format === 'ifconfig') {
    for (const record of source.records as IfconfigInterface[]) {
      links.push(linkFromIfconfig(record, source));
      for (const address of record.addresses) {
        if (address.family !== 'inet') continue;
        const value = parseIPv4(address.address);
        if (value === null) continue;
        addresses.push({
          ip: address.address, value, prefixLength: address.prefixLength, cidr: address.cidr,
          device: record.name, evidence: cite(source, address.span),
        });
      }
    }
  }
  // ip link lists no addresses: it says nothing about them
  const lists = format !== 'ip-link';
  return { links, addresses: { source, complete: lists && isComplete(source), dev: null, entries: lists ? addresses : [] } };
}

export function readNeighbors(source: ParsedSection): Listing<Neighbor> {
  const dev = source.section.options?.['dev'] ?? null;
  const entries = (source.records as IpNeighEntry[])
    .filter((record) => record.family === 'inet')
    .map((record): Neighbor => ({
      ip: record.dst, dev: record.dev ?? dev, lladdr: record.lladdr?.toLowerCase() ?? null, state: record.state,
      evidence: cite(source, record.span),
    }));
  return { source, complete: isComplete(source), dev, entries };
}

export function readFdb(source: ParsedSection): Listing<FdbEntry> {
  const dev = source.section.options?.['dev'] ?? null;
  const entries = (source.records as BridgeFdbEntry[])
    .filter((record) => !record.deleted)
    .map((record): FdbEntry => ({
      mac: record.mac.toLowerCase(), dev: record.dev ?? dev, dst: record.dst ?? null, master: record.master ?? null,
      permanent: !record.isDynamic, evidence: cite(source, record.span),
    }));
  return { source, complete: isComplete(source), dev, entries };
}

/** ip rule (IPv4 rules; a rule of no family, "from all", applies to IPv4 too). */
export function readPolicyRules(source: ParsedSection): Listing<PolicyRule> {
  const entries: PolicyRule[] = [];
  for (const record of source.records as IpRuleEntry[]) {
    if (record.family === 'inet6') continue;
    const from = record.from === 'all' ? null : parsePrefix4(record.from.includes('/') ? record.from : `${record.from}/32`);
    const to = record.to === null || record.to === 'all' ? null : parsePrefix4(record.to.includes('/') ? record.to : `${record.to}/32`);
    // an IPv4 rule whose selector netsift cannot read as IPv4 ("0/0" forms aside) is not modelled
    if ((record.from !== 'all' && !from && !record.from.startsWith('0/')) || (record.to !== null && record.to !== 'all' && !to)) continue;
    const undecided: string[] = [];
    if (record.tos) undecided.push(`tos ${record.tos}`);
    if (record.uidrange) undecided.push(`uidrange ${record.uidrange.start}-${record.uidrange.end}`);
    if (record.sport) undecided.push(`sport ${record.sport.start}-${record.sport.end}`);
    if (record.tunId) undecided.push(`tun_id ${record.tunId}`);
    if (record.l3mdev) undecided.push('l3mdev');
    if (record.suppressIfgroup) undecided.push(`suppress_ifgroup ${record.suppressIfgroup}`);
    entries.push({
      priority: record.priority, not: record.not, from: record.from.startsWith('0/') ? null : from, to,
      fwmark: record.fwmark, fwmask: record.fwmask, iif: record.iif, oif: record.oif, ipproto: record.ipproto, dport: record.dport, undecided, action: record.action,
      table: record.table, tableId: record.tableId, goto: record.goto, suppressPrefixLength: record.suppressPrefixLength,
      evidence: cite(source, record.span),
    });
  }
  return { source, complete: isComplete(source), dev: null, entries };
}
