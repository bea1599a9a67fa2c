// Services as kube-proxy programs them on each node, in either proxy mode: its iptables chains and
// the comments it writes on them (pkg/proxy/iptables/proxier.go, "<ns>/<svc>:<port> has no
// endpoints", "… -> ip:port"), or its nftables table (pkg/proxy/nftables/proxier.go: the chain names
// service-/local-/external-/endpoint-<hash>-<ns>/<svc>/<proto>/<port>[__<ip>/<port>], the
// service-ips / service-nodeports maps, the no-endpoint-services / no-endpoint-nodeports maps whose
// elements carry "<ns>/<svc>:<port>" as their comment); and as kubectl shows them (endpoints, pods):
// what the service rules read, with evidence.
import { parseIPv4, parsePrefix4, prefixContains, type Prefix4, type Span, append } from '../core';
import type { KubectlEndpoints } from '../formats/kubectl-get/schema';
import type { NftSet } from '../formats/nft-ruleset/schema';
import type { KubernetesEndpointsObject, KubernetesPodObject } from '../formats/shared/kubernetes/schema';
import type { IptablesRule } from '../formats/shared/iptables/schema';
import { parseNatAddress } from '../formats/shared/iptables/typing';
import type { Model } from './build';
import type { Claim, Service } from './cluster';
import { formatIpvsService, ipvsAddressRole, type IpvsService } from './node/ipvs';
import { cite, citeAbsence, type Evidence, type ParsedSection } from './evidence';
import type { NftChainModel, NftTableModel } from './netfilter/nft-rule-set';
import { affinitySetOf } from './netfilter/resolve-kube-proxy-nft';
import { recentAction } from './netfilter/resolve-service';
import { citeRule, type NodeNetfilter } from './node/netfilter';
import type { NodeSnapshot } from './node/snapshot';
import { matchesOf, targetOf } from '../formats/shared/iptables/packed';

/** One DNAT destination of a KUBE-SEP chain (iptables mode) or of an endpoint- chain (nftables mode). */
export interface ProxiedEndpoint {
  address: string;
  port: string | null;
  /** The DNAT rule (`-j DNAT --to-destination`, `dnat to`). */
  evidence: Evidence[];
}

/**
 * What kube-proxy writes for a service port without (local) endpoints: a filter rule (iptables
 * mode), or an element of no-endpoint-services / no-endpoint-nodeports (nftables mode).
 */
export interface ServiceVerdictRule {
  /** The filter rule; null for an nftables map element. */
  rule: IptablesRule | null;
  /** The map element as nft prints it ("10.96.12.34 . tcp . 3000 comment \"…\" : goto reject-chain"); null for a rule. */
  element: string | null;
  evidence: Evidence[];
  /** What the rule matches: the ClusterIP (or an external IP) with its port, or a NodePort on local addresses. */
  kind: 'service-ip' | 'node-port' | 'other';
  address: string | null;
  port: number | null;
}

/** One service port as kube-proxy programs it on one node, in iptables or nftables mode. */
export interface ProxiedService {
  /** kube-proxy's ServicePortName: "ns/name:port", "ns/name" for an unnamed port. */
  name: string;
  namespace: string;
  service: string;
  portName: string | null;
  /** Which of kube-proxy's modes programs it (both when a node shows both). */
  modes: ('iptables' | 'nftables')[];
  /**
   * The hash of its chains: KUBE-SVC-<hash>, KUBE-EXT-<hash>, KUBE-SVL-<hash> (16 characters), or
   * service-/external-/local-<hash>-… in nftables mode (8); null when it has no chain.
   */
  hash: string | null;
  clusterIP: string | null;
  port: number | null;
  nodePort: number | null;
  /** The endpoints of KUBE-SVC-<hash> or service-<hash>-… (every ready endpoint in the cluster); null: no such chain. */
  endpoints: ProxiedEndpoint[] | null;
  /** The endpoints of KUBE-SVL-<hash> / KUBE-XLB-<hash> / local-<hash>-… (externalTrafficPolicy: Local): this node's only. */
  localEndpoints: ProxiedEndpoint[] | null;
  /** "has no endpoints" REJECT rules, or no-endpoint-services / -nodeports elements going to reject-chain. */
  rejects: ServiceVerdictRule[];
  /**
   * "has no local endpoints" DROP rules (filter), KUBE-MARK-DROP in KUBE-XLB (kube-proxy before
   * 1.22), or no-endpoint-services / -nodeports elements whose verdict is drop.
   */
  localDrops: ServiceVerdictRule[];
  /**
   * sessionAffinity: ClientIP: a client goes back to the endpoint it reached within timeoutSeconds
   * (iptables `-m recent --rcheck --seconds N`, nftables affinity-… sets with `timeout`; the
   * evidence is the check rules). null: no affinity rules.
   */
  affinity: { timeoutSeconds: number | null; evidence: Evidence[] } | null;
  /** What names the service's addresses: rules of KUBE-SERVICES and KUBE-NODEPORTS, or elements of service-ips and service-nodeports. */
  evidence: Evidence[];
}

const CHAIN_PREFIXES = ['KUBE-SVC-', 'KUBE-SVL-', 'KUBE-EXT-', 'KUBE-XLB-', 'KUBE-FW-'] as const;

function hashOf(chain: string): string | null {
  for (const prefix of CHAIN_PREFIXES) if (chain.startsWith(prefix)) return chain.slice(prefix.length);
  return null;
}

function commentOf(rule: IptablesRule): string | null {
  for (const match of matchesOf(rule)) if (match.typed?.type === 'comment') return match.typed.comment;
  return null;
}

/** "shop/cart:http has no endpoints" → { name: "shop/cart:http", rest: "has no endpoints" }. */
export function servicePortName(comment: string | null): { name: string; namespace: string; service: string; portName: string | null; rest: string } | null {
  if (!comment) return null;
  const space = comment.indexOf(' ');
  const name = space === -1 ? comment : comment.slice(0, space);
  const slash = name.indexOf('/');
  if (slash <= 0 || slash === name.length - 1 || name.indexOf('/', slash + 1) !== -1) return null;
  const colon = name.indexOf(':', slash);
  const namespace = name.slice(0, slash);
  const service = colon === -1 ? name.slice(slash + 1) : name.slice(slash + 1, colon);
  if (!/^[a-z0-9.-]+$/.test(namespace) || !/^[a-z0-9.-]+$/.test(service)) return null;
  return { name, namespace, service, portName: colon === -1 ? null : name.slice(colon + 1), rest: space === -1 ? '' : comment.slice(space + 1) };
}

function destinationPort(rule: IptablesRule): number | null {
  for (const match of matchesOf(rule)) {
    const typed = match.typed;
    if (typed?.type === 'ports' && typed.destinationPort && !typed.destinationPort.negated && typed.destinationPort.from === typed.destinationPort.to) return typed.destinationPort.from;
    if (typed?.type === 'multiport' && typed.direction === 'destination' && !typed.negated && typed.ports.length === 1 && typed.ports[0]?.from === typed.ports[0]?.to) return typed.ports[0]?.from ?? null;
  }
  return null;
}

function matchesLocalDestination(rule: IptablesRule): boolean {
  return matchesOf(rule).some((match) => match.typed?.type === 'addrtype' && match.typed.destinationType?.types.includes('LOCAL') === true && !match.typed.destinationType.negated);
}

function hostAddress(cidr: string): string | null {
  const slash = cidr.indexOf('/');
  if (slash === -1) return parseIPv4(cidr) === null ? null : cidr;
  return cidr.slice(slash + 1) === '32' ? cidr.slice(0, slash) : null;
}

/** Every service port kube-proxy programs on a node, from its nat and filter rules. */
// several rules ask for every node's services: read each node's chains once
const servicesOfNode = new WeakMap<NodeSnapshot, ProxiedService[]>();

export function proxiedServices(node: NodeSnapshot): ProxiedService[] {
  let services = servicesOfNode.get(node);
  if (!services) {
    services = readProxiedServices(node);
    servicesOfNode.set(node, services);
  }
  return services;
}

function readProxiedServices(node: NodeSnapshot): ProxiedService[] {
  const netfilter = node.netfilter;
  if (!netfilter) return [];
  const rules = netfilter.rules;
  const byName = new Map<string, ProxiedService>();
  const nameOfHash = new Map<string, string>();
  const cited = (rule: IptablesRule): Evidence[] => {
    const evidence = citeRule(netfilter, rule);
    return evidence ? [evidence] : [];
  };
  const serviceOf = (parsed: NonNullable<ReturnType<typeof servicePortName>>): ProxiedService => {
    let service = byName.get(parsed.name);
    if (!service) {
      service = {
        name: parsed.name, namespace: parsed.namespace, service: parsed.service, portName: parsed.portName, modes: ['iptables'], hash: null,
        clusterIP: null, port: null, nodePort: null, endpoints: null, localEndpoints: null, rejects: [], localDrops: [], affinity: null, evidence: [],
      };
      byName.set(parsed.name, service);
    }
    return service;
  };
  // the service a chain of hash h belongs to: named by the comments of its rules or its endpoints'
  for (const chain of rules.chains('nat')) {
    const hash = hashOf(chain.name);
    if (!hash || nameOfHash.has(hash)) continue;
    for (const rule of chain.rules) {
      const parsed = servicePortName(commentOf(rule)) ?? sepName(netfilter, rule);
      if (!parsed) continue;
      nameOfHash.set(hash, parsed.name);
      serviceOf(parsed).hash = hash;
      break;
    }
  }
  for (const chain of rules.chains('nat')) {
    if (!chain.name.startsWith('KUBE-SVC-') && !chain.name.startsWith('KUBE-SVL-') && !chain.name.startsWith('KUBE-XLB-')) continue;
    const name = nameOfHash.get(chain.name.slice(9));
    const service = name ? byName.get(name) : undefined;
    if (!service) continue;
    const endpoints: ProxiedEndpoint[] = [];
    const seps = new Set<string>();
    for (const rule of chain.rules) {
      const target = targetOf(rule)?.name ?? '';
      // an affinity check jumps to an endpoint the dispatch rules below name too
      // a loop, not map + find: this runs for every rule of every KUBE-SVC chain
      let check: ReturnType<typeof recentAction> = null;
      for (const match of matchesOf(rule)) {
        if (match.typed?.type !== 'recent') continue;
        const action = recentAction(match);
        if (action?.kind === 'check') {
          check = action;
          break;
        }
      }
      if (check?.kind === 'check') {
        service.affinity ??= { timeoutSeconds: check.timeoutSeconds, evidence: [] };
        service.affinity.timeoutSeconds ??= check.timeoutSeconds;
        append(service.affinity.evidence, cited(rule));
        continue;
      }
      if (target.startsWith('KUBE-SEP-') && !seps.has(target)) {
        seps.add(target);
        append(endpoints, sepEndpoints(netfilter, target));
      } else if (chain.name.startsWith('KUBE-XLB-') && target === 'KUBE-MARK-DROP') {
        service.localDrops.push({ rule, element: null, evidence: cited(rule), kind: 'other', address: null, port: null });
      }
    }
    if (chain.name.startsWith('KUBE-SVC-')) service.endpoints = endpoints;
    else service.localEndpoints = endpoints;
  }
  for (const rule of rules.chain('nat', 'KUBE-SERVICES')?.rules ?? []) {
    const hash = hashOf(targetOf(rule)?.name ?? '');
    const name = hash ? nameOfHash.get(hash) : undefined;
    const service = name ? byName.get(name) : undefined;
    if (!service) continue;
    const address = rule.destination && !rule.destination.negated ? hostAddress(rule.destination.value) : null;
    if (address && (targetOf(rule)?.name.startsWith('KUBE-SVC-') || servicePortName(commentOf(rule))?.rest === 'cluster IP')) {
      service.clusterIP ??= address;
      service.port ??= destinationPort(rule);
    }
    append(service.evidence, cited(rule));
  }
  for (const rule of rules.chain('nat', 'KUBE-NODEPORTS')?.rules ?? []) {
    const hash = hashOf(targetOf(rule)?.name ?? '');
    const name = hash ? nameOfHash.get(hash) : servicePortName(commentOf(rule))?.name;
    const service = name ? byName.get(name) : undefined;
    if (!service) continue;
    service.nodePort ??= destinationPort(rule);
    append(service.evidence, cited(rule));
  }
  for (const chainName of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-NODEPORTS']) {
    for (const rule of rules.chain('filter', chainName)?.rules ?? []) {
      const parsed = servicePortName(commentOf(rule));
      if (!parsed) continue;
      const typed = targetOf(rule)?.typed;
      const noEndpoints = parsed.rest === 'has no endpoints' && typed?.type === 'reject';
      const noLocal = parsed.rest === 'has no local endpoints' && (typed?.type === 'verdict' && typed.verdict === 'DROP');
      if (!noEndpoints && !noLocal) continue;
      const service = serviceOf(parsed);
      const address = rule.destination && !rule.destination.negated ? hostAddress(rule.destination.value) : null;
      const port = destinationPort(rule);
      const verdict: ServiceVerdictRule = {
        rule, element: null, evidence: cited(rule), port, address,
        kind: address ? 'service-ip' : matchesLocalDestination(rule) ? 'node-port' : 'other',
      };
      if (verdict.kind === 'service-ip' && chainName === 'KUBE-SERVICES') {
        service.clusterIP ??= address;
        service.port ??= port;
      }
      if (verdict.kind === 'node-port') service.nodePort ??= port;
      (noEndpoints ? service.rejects : service.localDrops).push(verdict);
    }
  }
  readNftServices(netfilter, byName);
  const services = [...byName.values()];
  // exactly sized (lists grown by push keep room for 16 more): every node holds its services for the whole diagnosis
  for (const service of services) {
    service.evidence = service.evidence.slice();
    if (service.endpoints) service.endpoints = service.endpoints.slice();
    if (service.localEndpoints) service.localEndpoints = service.localEndpoints.slice();
  }
  return services;
}

/** kube-proxy's nftables chain names: <prefix>-<hash>-<ns>/<svc>/<proto>/<port>[__<ip>/<port>] (proxier.go, servicePortChainNameBase). */
const NFT_CHAIN = /^(service|local|external|endpoint|firewall)-([A-Z2-7]{8})-([a-z0-9.-]+)\/([a-z0-9.-]+)\/(?:tcp|udp|sctp)\/([a-z0-9-]*)(?:__.+)?$/;

interface NftChainName {
  kind: string;
  hash: string;
  name: { name: string; namespace: string; service: string; portName: string | null };
}

function nftChainName(chain: string): NftChainName | null {
  const match = NFT_CHAIN.exec(chain);
  if (!match) return null;
  const [, kind, hash, namespace, service, port] = match as unknown as [string, string, string, string, string, string];
  const portName = port === '' ? null : port;
  return { kind, hash, name: { name: `${namespace}/${service}${portName === null ? '' : `:${portName}`}`, namespace, service, portName } };
}

/** A map element "k1 . k2 [comment \"…\"] : verdict" into its key parts, comment and verdict. */
function nftElement(element: string): { key: string[]; comment: string | null; verdict: string } | null {
  const colon = element.lastIndexOf(' : ');
  if (colon === -1) return null;
  let key = element.slice(0, colon).trim();
  let comment: string | null = null;
  const at = key.indexOf(' comment "');
  if (at !== -1) {
    comment = key.slice(at + 10).replace(/"$/, '');
    key = key.slice(0, at).trim();
  }
  return { key: key.split(' . ').map((part) => part.trim()), comment, verdict: element.slice(colon + 3).trim() };
}

/**
 * Evidence for the elements of a set or map: each element's line, found from the set's span and how
 * many elements nft printed on each line; the whole set when that fails. The set's lines are read
 * once for all its elements (a map of 20,000 services, one element each, is cited 20,000 times).
 */
function elementCiter(source: ParsedSection, set: NftSet): (index: number) => Evidence {
  const lines = set.span.text.split('\n');
  const first = lines.findIndex((line) => /^\s*elements = \{/.test(line));
  // where each line starts in the set's text, and the element count up to the end of each elements line
  const lineStarts: number[] = [];
  for (let offset = 0, k = 0; k < lines.length; k++) {
    lineStarts.push(offset);
    offset += (lines[k] as string).length + 1;
  }
  const counted: number[] = [];
  for (let seen = 0, k = 0; k < set.elementLines.length; k++) counted.push((seen += set.elementLines[k] as number));
  return (index) => {
    const element = set.elements?.[index];
    let line = first;
    if (first !== -1) {
      // the first elements line whose count passes the index (binary search over the running counts)
      let low = 0;
      let high = counted.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (index < (counted[middle] as number)) high = middle;
        else low = middle + 1;
      }
      if (low < counted.length) line = first + low;
    }
    const text = line === -1 ? undefined : lines[line];
    const column = element === undefined || text === undefined ? -1 : text.indexOf(element);
    if (text === undefined || element === undefined || column === -1) return cite(source, set.span);
    const span: Span = {
      line: set.span.line + line, column: (line === 0 ? set.span.column : 1) + column,
      offset: set.span.offset + (lineStarts[line] as number) + column, length: element.length, text: element,
    };
    return cite(source, span);
  };
}

/** Services of kube-proxy's nftables mode: each `table ip kube-proxy` of the node's nft listings. */
function readNftServices(netfilter: NodeNetfilter, byName: Map<string, ProxiedService>): void {
  for (const { ruleSet, source } of netfilter.nft) {
    for (const table of ruleSet.tables.values()) {
      // IPv4 only, as the iptables side (ip6tables listings are not read): table ip kube-proxy
      if (table.name !== 'kube-proxy' || table.family !== 'ip') continue;
      readNftTable(netfilter, source, table, byName);
    }
  }
}

function readNftTable(netfilter: NodeNetfilter, source: ParsedSection, table: NftTableModel, byName: Map<string, ProxiedService>): void {
  const cited = (rule: IptablesRule): Evidence[] => {
    const evidence = citeRule(netfilter, rule);
    return evidence ? [evidence] : [];
  };
  const serviceOf = (name: NftChainName['name']): ProxiedService => {
    let service = byName.get(name.name);
    if (!service) {
      service = {
        ...name, modes: [], hash: null, clusterIP: null, port: null, nodePort: null, endpoints: null, localEndpoints: null,
        rejects: [], localDrops: [], affinity: null, evidence: [],
      };
      byName.set(name.name, service);
    }
    if (!service.modes.includes('nftables')) service.modes.push('nftables');
    return service;
  };
  // service-… (Cluster policy, every endpoint) and local-… (Local policy, this node's): their endpoints and affinity
  for (const chain of table.chains.values()) {
    const parsed = nftChainName(chain.name);
    if (!parsed || (parsed.kind !== 'service' && parsed.kind !== 'local' && parsed.kind !== 'external')) continue;
    const service = serviceOf(parsed.name);
    service.hash ??= parsed.hash;
    if (parsed.kind === 'external') continue;
    const endpoints = nftEndpoints(table, chain, cited, service);
    if (parsed.kind === 'service') service.endpoints = [...(service.endpoints ?? []), ...endpoints];
    else service.localEndpoints = [...(service.localEndpoints ?? []), ...endpoints];
  }
  const clusterIPs = new Set((table.sets.get('cluster-ips')?.elements ?? []).map((element) => element.trim()));
  // the addresses: service-ips (ClusterIP → service-…, external and load-balancer IPs → external-…) and service-nodeports
  for (const mapName of ['service-ips', 'service-nodeports']) {
    const map = table.sets.get(mapName);
    if (!map) continue;
    const citeElement = elementCiter(source, map);
    (map.elements ?? []).forEach((text, index) => {
      const element = nftElement(text);
      const target = element && /^(?:goto|jump) (\S+)$/.exec(element.verdict)?.[1];
      const parsed = target ? nftChainName(target) : null;
      if (!element || !parsed) return;
      const service = serviceOf(parsed.name);
      const port = Number(element.key[element.key.length - 1]);
      if (mapName === 'service-ips' && parsed.kind === 'service' && element.key.length === 3) {
        service.clusterIP ??= element.key[0] ?? null;
        service.port ??= Number.isInteger(port) ? port : null;
      }
      if (mapName === 'service-nodeports' && element.key.length === 2) service.nodePort ??= Number.isInteger(port) ? port : null;
      service.evidence.push(citeElement(index));
    });
  }
  // no endpoints: goto reject-chain (none at all) or drop (none local, externalTrafficPolicy Local)
  const verdicts: { map: string; kind: 'service-ip' | 'node-port' }[] = [{ map: 'no-endpoint-services', kind: 'service-ip' }, { map: 'no-endpoint-nodeports', kind: 'node-port' }];
  for (const { map: mapName, kind } of verdicts) {
    const map = table.sets.get(mapName);
    if (!map) continue;
    const citeElement = elementCiter(source, map);
    (map.elements ?? []).forEach((text, index) => {
      const element = nftElement(text);
      const named = servicePortName(element?.comment ?? null);
      if (!element || !named) return;
      const reject = element.verdict === 'goto reject-chain' || element.verdict === 'jump reject-chain';
      if (!reject && element.verdict !== 'drop') return;
      const service = serviceOf({ name: named.name, namespace: named.namespace, service: named.service, portName: named.portName });
      const portText = element.key[element.key.length - 1];
      const port = portText !== undefined && /^\d+$/.test(portText) ? Number(portText) : null;
      const address = kind === 'service-ip' ? element.key[0] ?? null : null;
      if (kind === 'service-ip' && address !== null && (clusterIPs.has(address) || (clusterIPs.size === 0 && reject && service.clusterIP === null))) {
        service.clusterIP ??= address;
        service.port ??= port;
      }
      if (kind === 'node-port') service.nodePort ??= port;
      const verdict: ServiceVerdictRule = { rule: null, element: text, evidence: [citeElement(index)], kind, address, port };
      (reject ? service.rejects : service.localDrops).push(verdict);
    });
  }
}

/** The endpoints a service- or local- chain dispatches to (numgen vmap, or a goto), each with its `dnat to`; its affinity checks on the service. */
function nftEndpoints(table: NftTableModel, chain: NftChainModel, cited: (rule: IptablesRule) => Evidence[], service: ProxiedService): ProxiedEndpoint[] {
  // the endpoint chains in the order first named (a set: a service may have thousands)
  const targets = new Set<string>();
  for (const rule of chain.rules) {
    const check = rule.statements.map((statement) => affinitySetOf(table, statement)).find((set) => set !== null);
    if (check) {
      service.affinity ??= { timeoutSeconds: check.timeoutSeconds, evidence: [] };
      service.affinity.timeoutSeconds ??= check.timeoutSeconds;
      append(service.affinity.evidence, cited(rule.iptables));
      continue;
    }
    for (const statement of rule.statements) {
      const verdicts = statement.kind === 'numgen' && statement.map.kind === 'map' ? statement.map.entries.map((entry) => entry.value)
        : statement.kind === 'numgen' && statement.map.kind === 'ref' ? (table.sets.get(statement.map.name)?.elements ?? []).map((e) => nftElement(e)?.verdict ?? '')
          : statement.kind === 'verdict' && (statement.verdict === 'goto' || statement.verdict === 'jump') ? [`${statement.verdict} ${statement.target ?? ''}`] : [];
      for (const verdict of verdicts) {
        const target = /^(?:goto|jump) (endpoint-\S+)$/.exec(verdict)?.[1];
        if (target) targets.add(target);
      }
    }
  }
  const out: ProxiedEndpoint[] = [];
  for (const target of targets) {
    for (const rule of table.chains.get(target)?.rules ?? []) {
      for (const statement of rule.statements) {
        if (statement.kind !== 'nat' || statement.type !== 'dnat' || statement.to === null) continue;
        const to = parseNatAddress(statement.to);
        out.push({ address: to.address, port: to.port ?? null, evidence: cited(rule.iptables) });
      }
    }
  }
  return out;
}

function sepName(netfilter: NodeNetfilter, rule: IptablesRule): ReturnType<typeof servicePortName> {
  const target = targetOf(rule)?.name ?? '';
  if (!target.startsWith('KUBE-SEP-')) return null;
  for (const sep of netfilter.rules.chain('nat', target)?.rules ?? []) {
    const parsed = servicePortName(commentOf(sep));
    if (parsed) return parsed;
  }
  return null;
}

function sepEndpoints(netfilter: NodeNetfilter, chain: string): ProxiedEndpoint[] {
  const out: ProxiedEndpoint[] = [];
  for (const rule of netfilter.rules.chain('nat', chain)?.rules ?? []) {
    const typed = targetOf(rule)?.typed;
    if (typed?.type !== 'dnat') continue;
    const evidence = citeRule(netfilter, rule);
    for (const to of typed.to) out.push({ address: to.address, port: to.port ?? null, evidence: evidence ? [evidence] : [] });
  }
  return out;
}

/** A service's endpoints as kubectl shows them (get endpoints, -o json/yaml Endpoints or EndpointSlices). */
export interface KubectlEndpointSet {
  namespace: string | null;
  /** The service's name. */
  service: string;
  addresses: { address: string; port: string | null; nodeName: string | null }[];
  /** kubectl left some out ("+ 2 more..."). */
  partial: boolean;
  evidence: Evidence;
}

export function kubectlEndpoints(model: Model): KubectlEndpointSet[] {
  const out: KubectlEndpointSet[] = [];
  for (const source of model.clusterSections) {
    for (const record of source.records as { kind?: string }[]) {
      if (record.kind === 'endpoints') {
        const row = record as KubectlEndpoints;
        out.push({
          namespace: row.namespace, service: row.name, partial: row.more > 0, evidence: cite(source, row.span),
          addresses: row.addresses.map((text) => {
            const colon = text.lastIndexOf(':');
            return colon === -1 ? { address: text, port: null, nodeName: null } : { address: text.slice(0, colon), port: text.slice(colon + 1), nodeName: null };
          }),
        });
      } else if (record.kind === 'endpoints-object') {
        const object = record as KubernetesEndpointsObject;
        if (!object.service) continue;
        out.push({
          namespace: object.namespace, service: object.service, partial: false, evidence: cite(source, object.span),
          addresses: object.addresses.filter((a) => a.ready).map((a) => ({ address: a.ip, port: a.port === undefined ? null : String(a.port), nodeName: a.nodeName })),
        });
      }
    }
  }
  return out;
}

/** A pod address any pod list shows: kubectl get pods -o wide, or pod objects. */
export interface PodAddress {
  namespace: string | null;
  name: string;
  ip: string;
  node: string | null;
  evidence: Evidence;
}

export function podAddresses(model: Model): PodAddress[] {
  const out: PodAddress[] = model.cluster.pods.map((pod) => ({ namespace: pod.namespace, name: pod.name, ip: pod.ip, node: pod.node, evidence: pod.evidence }));
  // address and pod name of each listed, to skip a pod object shown already (a set: a cluster lists 10,000 pods)
  const listed = new Set(out.map((p) => JSON.stringify([p.ip, p.name])));
  for (const source of model.clusterSections) {
    for (const record of source.records as { kind?: string }[]) {
      if (record.kind !== 'pod-object') continue;
      const pod = record as KubernetesPodObject;
      for (const ip of pod.podIPs) {
        const key = JSON.stringify([ip, pod.name]);
        if (parseIPv4(ip) !== null && !listed.has(key)) {
          listed.add(key);
          out.push({ namespace: pod.namespace, name: pod.name, ip, node: pod.node, evidence: cite(source, pod.span) });
        }
      }
    }
  }
  return out;
}

// read once per model: each orphan endpoint cites every pod listing, and finding them reads every cluster record
const podListingsOf = new WeakMap<Model, ParsedSection[]>();

/** The pod lists shown (sections holding pods), for citing an absence from them. */
export function podListings(model: Model): ParsedSection[] {
  let listings = podListingsOf.get(model);
  if (listings === undefined) {
    listings = model.clusterSections.filter((source) => (source.records as { kind?: string }[]).some((r) => r.kind === 'pod' || r.kind === 'pod-object'));
    podListingsOf.set(model, listings);
  }
  return listings;
}

/** Evidence that no pod list shows an address: each pod listing, as an absence. */
export function citePodAbsence(model: Model, address: string): Evidence[] {
  return podListings(model).map((source) => citeAbsence(source, `a pod with IP ${address}`));
}

/**
 * The cluster's pod network: flannel's FLANNEL_NETWORK (subnet.env), else what the rules say of it:
 * flannel's FLANNEL-FWD accepts ("-s <network> … flanneld forward") and kube-proxy's cluster CIDR
 * (KUBE-SVC-*: "! -s <clusterCIDR> -d <clusterIP> … -j KUBE-MARK-MASQ").
 */
export function podNetwork(model: Model): Claim<Prefix4> | null {
  if (model.cluster.network) return model.cluster.network;
  for (const node of model.nodes.values()) {
    const netfilter = node.netfilter;
    if (!netfilter) continue;
    for (const rule of netfilter.rules.chain('filter', 'FLANNEL-FWD')?.rules ?? []) {
      const prefix = rule.source && !rule.source.negated ? parsePrefix4(rule.source.value) : null;
      const evidence = citeRule(netfilter, rule);
      if (prefix && evidence) return { value: prefix, via: `${node.name}'s FLANNEL-FWD rule`, evidence: [evidence], inferred: false };
    }
  }
  for (const node of model.nodes.values()) {
    const netfilter = node.netfilter;
    if (!netfilter) continue;
    for (const chain of netfilter.rules.chains('nat')) {
      if (!chain.name.startsWith('KUBE-SVC-')) continue;
      for (const rule of chain.rules) {
        if (targetOf(rule)?.name !== 'KUBE-MARK-MASQ' || !rule.source?.negated) continue;
        const prefix = parsePrefix4(rule.source.value);
        const evidence = citeRule(netfilter, rule);
        if (prefix && evidence) return { value: prefix, via: `kube-proxy's cluster CIDR on ${node.name}`, evidence: [evidence], inferred: false };
      }
    }
    // nftables mode: "ip daddr <clusterIP> ip saddr != <clusterCIDR> jump mark-for-masquerade" in service-… chains
    for (const { ruleSet } of netfilter.nft) {
      const table = ruleSet.table('ip', 'kube-proxy');
      for (const chain of table?.chains.values() ?? []) {
        if (nftChainName(chain.name)?.kind !== 'service') continue;
        for (const rule of chain.rules) {
          const masquerade = rule.statements.some((st) => st.kind === 'verdict' && st.verdict === 'jump' && st.target === 'mark-for-masquerade');
          const source = rule.statements.find((st) => st.kind === 'match' && st.op === '!=' && st.selectors.length === 1 && st.selectors[0]?.join(' ') === 'ip saddr');
          const prefix = masquerade && source?.kind === 'match' && source.value.kind === 'literal' ? parsePrefix4(source.value.text) : null;
          const evidence = citeRule(netfilter, rule.iptables);
          if (prefix && evidence) return { value: prefix, via: `kube-proxy's cluster CIDR on ${node.name}`, evidence: [evidence], inferred: false };
        }
      }
    }
  }
  return null;
}

/** Whether an address lies in a prefix given as text or as a Prefix4. */
export function inPrefix(prefix: Prefix4, address: string): boolean {
  const value = parseIPv4(address);
  return value !== null && prefixContains(prefix, value);
}

/** A connection the user tried: `curl http://ip:port/…` or `wget …` as a command of the input. */
export interface RequestedTarget {
  host: string | null;
  address: string;
  port: number;
  evidence: Evidence;
}

export function requestedTargets(model: Model): RequestedTarget[] {
  const sources: ParsedSection[] = [...model.hosts.flatMap((host) => host.sections), ...model.clusterSections, ...model.unattributed];
  const out: RequestedTarget[] = [];
  for (const source of sources) {
    const command = source.section.command;
    if (!command || !/^(?:sudo\s+)?(?:curl|wget)\s/.test(command)) continue;
    const url = /\bhttps?:\/\/(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?/.exec(command);
    if (!url?.[1]) continue;
    const port = Number(url[2] ?? (command.includes('https://') ? '443' : '80'));
    // the command's section: its span starts at the output, which follows the command line
    const evidence: Evidence = {
      host: source.host, origin: source.section.origin, format: source.section.format, command, span: source.section.span, text: source.section.text,
    };
    out.push({ host: source.host, address: url[1], port, evidence });
  }
  return out;
}

/**
 * The kubectl service a node's IPVS virtual service belongs to (kube-proxy's IPVS mode): by
 * ClusterIP and port, or, on a node address that is not on kube-ipvs0, by NodePort; null when
 * `kubectl get svc` is not shown or names none.
 */
export function ipvsServiceOwner(model: Model, node: NodeSnapshot, virtual: IpvsService): { service: Service; label: string } | null {
  const protocol = virtual.protocol.toUpperCase();
  const nodeAddress = ipvsAddressRole(node, virtual.address) === 'node';
  for (const service of model.cluster.services) {
    for (const port of service.ports) {
      if (port.protocol.toUpperCase() !== protocol) continue;
      if ((service.clusterIP === virtual.address && port.port === virtual.port) || (nodeAddress && port.nodePort === virtual.port))
        return { service, label: `${service.namespace ?? 'default'}/${service.name}:${port.port}` };
    }
  }
  return null;
}

/** A virtual service as the findings name it: its kubectl service and port ("shop/cart:80"), else "IPVS virtual service TCP 10.96.3.40:80". */
export function ipvsServiceLabel(model: Model, node: NodeSnapshot, virtual: IpvsService): string {
  return ipvsServiceOwner(model, node, virtual)?.label ?? `IPVS virtual service ${formatIpvsService(virtual)}`;
}
