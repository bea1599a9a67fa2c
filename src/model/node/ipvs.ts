// kube-proxy's IPVS mode: the virtual services a node's ipvsadm listings show, each with its real
// servers. A packet for a local address and port of a virtual service is sent on by IPVS (at LOCAL_IN,
// after filter INPUT; the node's own at LOCAL_OUT) to one of its real servers; iptables only marks it.
import type { IpvsadmDestination, IpvsadmEntry, IpvsadmService } from '../../formats/ipvsadm/schema';
import { formatAddressPort } from '../../core/ip';
import { cite, type Evidence, type ParsedSection } from '../evidence';
import type { NodeSnapshot } from './snapshot';

export interface IpvsRealServer {
  address: string;
  port: number;
  /** masq (NAT: what kube-proxy sets), route, tunnel, local…; null where the listing does not show it (--stats) */
  forward: IpvsadmDestination['forward'];
  /** null where the listing does not show it; 0: takes no new connections (an endpoint going away) */
  weight: number | null;
  evidence: Evidence;
}

export interface IpvsService {
  protocol: 'tcp' | 'udp' | 'sctp';
  address: string;
  port: number;
  /** rr, wrr, lc…; null where only --stats or --rate show the service */
  scheduler: string | null;
  /** persistence timeout (kube-proxy's sessionAffinity ClientIP), seconds */
  persistent: number | null;
  realServers: IpvsRealServer[];
  evidence: Evidence;
}

export interface IpvsTable {
  services: IpvsService[];
  /** A listing of one service (ipvsadm -Ln -t VIP:PORT) only, or one cut short (| grep): a service it does not show may exist. */
  partial: boolean;
  /** ipvsadm could not read IPVS ("Can't initialize ipvs: Protocol not available": the ip_vs module is not loaded); null when it could. */
  unavailable: { reason: string; evidence: Evidence } | null;
}

const keyOf = (protocol: string, address: string, port: number): string => `${protocol} ${address} ${port}`;

/** Every numeric IPv4 or IPv6 virtual service the node's ipvsadm listings show; null when no listing (nor its failure to read IPVS) is shown. */
export function readIpvs(sources: readonly ParsedSection[]): IpvsTable | null {
  const services = new Map<string, IpvsService>();
  let shown = false;
  let partial = false;
  let unavailable: IpvsTable['unavailable'] = null;
  for (const source of sources) {
    if (source.section.format !== 'ipvsadm') continue;
    // "Permission denied (you must be root)" says nothing of the kernel's IPVS
    const failed = (source.records as IpvsadmEntry[]).find((r) => r.type === 'error' && r.error === 'cannot-initialize' && !(r.reason ?? '').startsWith('Permission denied'));
    // the last listing tells: one that failed after a table, or a table after a failure (the module loaded since)
    if (failed?.type === 'error') unavailable = { reason: failed.message, evidence: cite(source, failed.span) };
    else if ((source.records as IpvsadmEntry[]).some((r) => r.type === 'service')) unavailable = null;
    let current: IpvsService | null = null;
    let listsServices = false;
    for (const record of source.records as IpvsadmEntry[]) {
      if (record.type === 'service') {
        listsServices = true;
        current = serviceOf(record, source, services);
      } else if (record.type === 'destination') {
        listsServices = true;
        // a save's -a line names its service itself; a listing's server belongs to the line before it
        // (null: the parser could not tell which service it is listed under)
        const named = record.layout === 'save' ? record.service : null;
        const service = named && named.address !== null && named.port !== null
          ? services.get(keyOf(named.protocol.toLowerCase(), named.address, named.port)) ?? null
          : record.service === null ? null : current;
        if (service && record.address !== null && record.port !== null) addServer(service, record, source);
      }
    }
    // "Prot LocalAddress:Port …" with no service under it is an empty table, and shows that
    if (listsServices || source.records.some((r) => (r as IpvsadmEntry).type === 'version')) shown = true;
    // one service's listing, or a listing cut short (| grep, | head, rows elided): a service it does not show may exist
    // (ingest names the one service a listing was asked for: { service })
    if (source.section.options?.['service'] !== undefined || source.section.partial) partial = true;
  }
  return shown || unavailable ? { services: [...services.values()], partial, unavailable } : null;
}

function serviceOf(record: IpvsadmService, source: ParsedSection, services: Map<string, IpvsService>): IpvsService | null {
  if (record.protocol === 'FWM' || record.address === null || record.port === null) return null;
  const protocol = record.protocol.toLowerCase() as IpvsService['protocol'];
  const key = keyOf(protocol, record.address, record.port);
  const known = services.get(key);
  if (known) {
    known.scheduler ??= record.scheduler;
    known.persistent ??= record.persistent;
    return known;
  }
  const service: IpvsService = {
    protocol, address: record.address, port: record.port, scheduler: record.scheduler, persistent: record.persistent,
    realServers: [], evidence: cite(source, record.span),
  };
  services.set(key, service);
  return service;
}

function addServer(service: IpvsService, record: IpvsadmDestination, source: ParsedSection): void {
  const address = record.address as string;
  const port = record.port as number;
  const known = service.realServers.find((server) => server.address === address && server.port === port);
  if (known) {
    known.forward ??= record.forward;
    known.weight ??= record.weight;
    return;
  }
  service.realServers.push({ address, port, forward: record.forward, weight: record.weight, evidence: cite(source, record.span) });
}

/** A virtual service as ipvsadm names it, protocol and address: "TCP 10.96.0.1:443", "TCP [fd00::1]:443". */
export function formatIpvsService(service: Pick<IpvsService, 'protocol' | 'address' | 'port'>): string {
  return `${service.protocol.toUpperCase()} ${formatAddressPort(service.address, service.port)}`;
}

/** The virtual service a node's IPVS has for this protocol, address and port; null when none is shown. */
export function findIpvsService(table: IpvsTable | null, protocol: 'tcp' | 'udp', address: string, port: number): IpvsService | null {
  return table?.services.find((s) => s.protocol === protocol && s.address === address && s.port === port) ?? null;
}

/**
 * What a virtual service's address is on the node, as its addresses show: a service address
 * (kube-proxy binds ClusterIPs and external IPs to kube-ipvs0), a node address (a NodePort's, its own
 * on each node), or null where no output shows it and the two are not told apart.
 */
export function ipvsAddressRole(node: Pick<NodeSnapshot, 'addresses'>, address: string): 'service' | 'node' | null {
  const on = node.addresses.entries.filter((a) => a.ip === address);
  if (on.length === 0) return null;
  return on.every((a) => a.device === 'kube-ipvs0') ? 'service' : 'node';
}
