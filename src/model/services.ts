// Services as kube-proxy programs them on each node (its iptables chains and the comments it writes
// on them: pkg/proxy/iptables/proxier.go, "<ns>/<svc>:<port> has no endpoints", "… -> ip:port"),
// and as kubectl shows them (endpoints, pods): what the service rules read, with evidence.
import { parseIPv4, parsePrefix4, prefixContains, type Prefix4 } from '../core';
import type { KubectlEndpoints } from '../formats/kubectl-get/schema';
import type { KubernetesEndpointsObject, KubernetesPodObject } from '../formats/shared/kubernetes/schema';
import type { IptablesRule } from '../formats/shared/iptables/schema';
import type { Model } from './build';
import type { Claim } from './cluster';
import { cite, citeAbsence, type Evidence, type ParsedSection } from './evidence';
import { citeRule, type NodeNetfilter } from './node/netfilter';
import type { NodeSnapshot } from './node/snapshot';

/** One DNAT destination of a KUBE-SEP chain. */
export interface ProxiedEndpoint {
  address: string;
  port: string | null;
  /** The DNAT rule. */
  evidence: Evidence[];
}

/** A filter rule kube-proxy writes for a service port without (local) endpoints. */
export interface ServiceVerdictRule {
  rule: IptablesRule;
  evidence: Evidence[];
  /** What the rule matches: the ClusterIP (or an external IP) with its port, or a NodePort on local addresses. */
  kind: 'service-ip' | 'node-port' | 'other';
  address: string | null;
  port: number | null;
}

/** One service port as kube-proxy (iptables mode) programs it on one node. */
export interface ProxiedService {
  /** kube-proxy's ServicePortName: "ns/name:port", "ns/name" for an unnamed port. */
  name: string;
  namespace: string;
  service: string;
  portName: string | null;
  /** The hash of its chains (KUBE-SVC-<hash>, KUBE-EXT-<hash>, KUBE-SVL-<hash>), when they exist. */
  hash: string | null;
  clusterIP: string | null;
  port: number | null;
  nodePort: number | null;
  /** The endpoints of KUBE-SVC-<hash> (every ready endpoint in the cluster); null: no such chain. */
  endpoints: ProxiedEndpoint[] | null;
  /** The endpoints of KUBE-SVL-<hash> / KUBE-XLB-<hash> (externalTrafficPolicy: Local): this node's only. */
  localEndpoints: ProxiedEndpoint[] | null;
  /** "has no endpoints" REJECT rules. */
  rejects: ServiceVerdictRule[];
  /** "has no local endpoints" DROP rules (filter), or KUBE-MARK-DROP in KUBE-XLB (kube-proxy before 1.22). */
  localDrops: ServiceVerdictRule[];
  /** The rules that name the service's addresses: KUBE-SERVICES, KUBE-NODEPORTS. */
  evidence: Evidence[];
}

const CHAIN_PREFIXES = ['KUBE-SVC-', 'KUBE-SVL-', 'KUBE-EXT-', 'KUBE-XLB-', 'KUBE-FW-'] as const;

function hashOf(chain: string): string | null {
  for (const prefix of CHAIN_PREFIXES) if (chain.startsWith(prefix)) return chain.slice(prefix.length);
  return null;
}

function commentOf(rule: IptablesRule): string | null {
  for (const match of rule.matches) if (match.typed?.type === 'comment') return match.typed.comment;
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
  for (const match of rule.matches) {
    const typed = match.typed;
    if (typed?.type === 'ports' && typed.destinationPort && !typed.destinationPort.negated && typed.destinationPort.from === typed.destinationPort.to) return typed.destinationPort.from;
    if (typed?.type === 'multiport' && typed.direction === 'destination' && !typed.negated && typed.ports.length === 1 && typed.ports[0]?.from === typed.ports[0]?.to) return typed.ports[0]?.from ?? null;
  }
  return null;
}

function matchesLocalDestination(rule: IptablesRule): boolean {
  return rule.matches.some((match) => match.typed?.type === 'addrtype' && match.typed.destinationType?.types.includes('LOCAL') === true && !match.typed.destinationType.negated);
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
        name: parsed.name, namespace: parsed.namespace, service: parsed.service, portName: parsed.portName, hash: null,
        clusterIP: null, port: null, nodePort: null, endpoints: null, localEndpoints: null, rejects: [], localDrops: [], evidence: [],
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
    for (const rule of chain.rules) {
      const target = rule.target?.name ?? '';
      if (target.startsWith('KUBE-SEP-')) endpoints.push(...sepEndpoints(netfilter, target));
      else if (chain.name.startsWith('KUBE-XLB-') && target === 'KUBE-MARK-DROP') {
        service.localDrops.push({ rule, evidence: cited(rule), kind: 'other', address: null, port: null });
      }
    }
    if (chain.name.startsWith('KUBE-SVC-')) service.endpoints = endpoints;
    else service.localEndpoints = endpoints;
  }
  for (const rule of rules.chain('nat', 'KUBE-SERVICES')?.rules ?? []) {
    const hash = hashOf(rule.target?.name ?? '');
    const name = hash ? nameOfHash.get(hash) : undefined;
    const service = name ? byName.get(name) : undefined;
    if (!service) continue;
    const address = rule.destination && !rule.destination.negated ? hostAddress(rule.destination.value) : null;
    if (address && (rule.target?.name.startsWith('KUBE-SVC-') || servicePortName(commentOf(rule))?.rest === 'cluster IP')) {
      service.clusterIP ??= address;
      service.port ??= destinationPort(rule);
    }
    service.evidence.push(...cited(rule));
  }
  for (const rule of rules.chain('nat', 'KUBE-NODEPORTS')?.rules ?? []) {
    const hash = hashOf(rule.target?.name ?? '');
    const name = hash ? nameOfHash.get(hash) : servicePortName(commentOf(rule))?.name;
    const service = name ? byName.get(name) : undefined;
    if (!service) continue;
    service.nodePort ??= destinationPort(rule);
    service.evidence.push(...cited(rule));
  }
  for (const chainName of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-NODEPORTS']) {
    for (const rule of rules.chain('filter', chainName)?.rules ?? []) {
      const parsed = servicePortName(commentOf(rule));
      if (!parsed) continue;
      const typed = rule.target?.typed;
      const noEndpoints = parsed.rest === 'has no endpoints' && typed?.type === 'reject';
      const noLocal = parsed.rest === 'has no local endpoints' && (typed?.type === 'verdict' && typed.verdict === 'DROP');
      if (!noEndpoints && !noLocal) continue;
      const service = serviceOf(parsed);
      const address = rule.destination && !rule.destination.negated ? hostAddress(rule.destination.value) : null;
      const port = destinationPort(rule);
      const verdict: ServiceVerdictRule = {
        rule, evidence: cited(rule), port, address,
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
  return [...byName.values()];
}

function sepName(netfilter: NodeNetfilter, rule: IptablesRule): ReturnType<typeof servicePortName> {
  const target = rule.target?.name ?? '';
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
    const typed = rule.target?.typed;
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
  for (const source of model.clusterSections) {
    for (const record of source.records as { kind?: string }[]) {
      if (record.kind !== 'pod-object') continue;
      const pod = record as KubernetesPodObject;
      for (const ip of pod.podIPs) {
        if (parseIPv4(ip) !== null && !out.some((p) => p.ip === ip && p.name === pod.name)) {
          out.push({ namespace: pod.namespace, name: pod.name, ip, node: pod.node, evidence: cite(source, pod.span) });
        }
      }
    }
  }
  return out;
}

/** The pod lists shown (sections holding pods), for citing an absence from them. */
export function podListings(model: Model): ParsedSection[] {
  return model.clusterSections.filter((source) => (source.records as { kind?: string }[]).some((r) => r.kind === 'pod' || r.kind === 'pod-object'));
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
        if (rule.target?.name !== 'KUBE-MARK-MASQ' || !rule.source?.negated) continue;
        const prefix = parsePrefix4(rule.source.value);
        const evidence = citeRule(netfilter, rule);
        if (prefix && evidence) return { value: prefix, via: `kube-proxy's cluster CIDR on ${node.name}`, evidence: [evidence], inferred: false };
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
