// The cluster as the pasted outputs show it: nodes, their underlay IPs, pod subnets (flannel
// leases) and VTEP MACs, inferred from every source that shows them (the node's own cni0 and
// flannel.1, its subnet.env and flannel log, other nodes' routes, neighbours and FDB entries, node
// objects, kubectl pod lists), with the sources listed and conflicts made explicit.
import { formatPrefix4, parseIPv4, parsePrefix4, prefixContains, type Prefix4 } from '../core';
import type { KubectlPod, KubectlService } from '../formats/kubectl-get/schema';
import { asInferred, cite, type Evidence, type ParsedSection } from './evidence';
import type { NodeSnapshot } from './node/snapshot';

/** One source's word for a fact: its value, how it was found, and the lines that show it. */
export interface Claim<T> {
  value: T;
  /** How it was found, in a few words ("cni0 address", "host190's FDB entry"). */
  via: string;
  evidence: Evidence[];
  inferred: boolean;
}

export interface ClusterNode {
  name: string;
  snapshot: NodeSnapshot | null;
  subnet: Claim<Prefix4>[];
  underlay: Claim<string>[];
  vtepMac: Claim<string>[];
}

/** A node's pod subnet, as the cluster model settles it. */
export interface Lease {
  node: string;
  subnet: Prefix4;
  /** "10.244.2.0/24" */
  text: string;
  /** The address flannel's vxlan route goes via: the subnet's network address (its VTEP's /32). */
  gateway: string;
  claims: Claim<Prefix4>[];
  inferred: boolean;
}

/** A pod subnet another node routes to (or flannel logs), before it is tied to a node. */
export interface PeerSubnet {
  subnet: Prefix4;
  text: string;
  gateway: string | null;
  vtepMac: Claim<string>[];
  publicIp: Claim<string>[];
  evidence: Evidence[];
  owner: string | null;
  ownerVia: string | null;
}

export interface Pod {
  namespace: string | null;
  name: string;
  ip: string;
  node: string | null;
  evidence: Evidence;
}

export interface Service {
  namespace: string | null;
  name: string;
  type: string;
  clusterIP: string | null;
  ports: { port: number; nodePort: number | null; protocol: string }[];
  evidence: Evidence;
}

export interface ClusterConflict {
  node: string;
  fact: 'subnet' | 'underlay' | 'vtepMac';
  claims: Claim<string>[];
}

export interface Cluster {
  nodes: Map<string, ClusterNode>;
  leases: Lease[];
  peerSubnets: PeerSubnet[];
  pods: Pod[];
  services: Service[];
  network: Claim<Prefix4> | null;
  conflicts: ClusterConflict[];
}

const FLANNEL_DEVICE = 'flannel.1';

/** A node-object record (kubectl -o json/yaml, etcd): read by shape, since the format may not yet produce it. */
interface NodeObjectLike {
  kind: 'node-object';
  name: string;
  podCIDRs: string[];
  internalIPs: string[];
  flannel: { publicIp: string | null; vtepMac: string | null };
  span: import('../core').Span;
}

interface FlannelLeaseLike {
  kind: 'flannel-subnet-lease';
  subnet: string;
  publicIp: string | null;
  vtepMac: string | null;
  span: import('../core').Span;
}

export function buildCluster(snapshots: readonly NodeSnapshot[], clusterSections: readonly ParsedSection[]): Cluster {
  const nodes = new Map<string, ClusterNode>();
  const nodeOf = (name: string): ClusterNode => {
    let node = nodes.get(name);
    if (!node) {
      node = { name, snapshot: null, subnet: [], underlay: [], vtepMac: [] };
      nodes.set(name, node);
    }
    return node;
  };
  for (const snapshot of snapshots) {
    const node = nodeOf(snapshot.name);
    node.snapshot = snapshot;
    ownFacts(node, snapshot);
  }

  const pods: Pod[] = [];
  const services: Service[] = [];
  const peers = new Map<string, PeerSubnet>();
  const peerOf = (subnet: Prefix4): PeerSubnet => {
    const text = formatPrefix4(subnet);
    let peer = peers.get(text);
    if (!peer) {
      peer = { subnet, text, gateway: null, vtepMac: [], publicIp: [], evidence: [], owner: null, ownerVia: null };
      peers.set(text, peer);
    }
    return peer;
  };
  let network: Claim<Prefix4> | null = null;

  for (const source of clusterSections) {
    for (const record of source.records as { kind?: string }[]) {
      if (record.kind === 'pod') {
        const pod = record as KubectlPod;
        if (pod.ip && parseIPv4(pod.ip) !== null) {
          pods.push({ namespace: pod.namespace, name: pod.name, ip: pod.ip, node: pod.node ?? null, evidence: cite(source, pod.span) });
          if (pod.node) nodeOf(pod.node);
        }
      } else if (record.kind === 'service') {
        const service = record as KubectlService;
        services.push({
          namespace: service.namespace, name: service.name, type: service.type, clusterIP: service.clusterIP,
          ports: service.ports.map((port) => ({ port: port.port, nodePort: port.nodePort, protocol: port.protocol })),
          evidence: cite(source, service.span),
        });
      } else if (record.kind === 'node-object') {
        const object = record as NodeObjectLike;
        const node = nodeOf(object.name);
        const evidence = [cite(source, object.span)];
        const via = source.section.format === 'etcdctl-get' ? 'the node object in etcd' : 'the node object';
        for (const cidr of object.podCIDRs) {
          const subnet = parsePrefix4(cidr);
          if (subnet) node.subnet.push({ value: subnet, via: `${via} (podCIDR)`, evidence, inferred: false });
        }
        if (object.flannel.publicIp) node.underlay.push({ value: object.flannel.publicIp, via: `${via} (flannel public-ip)`, evidence, inferred: false });
        else for (const ip of object.internalIPs) node.underlay.push({ value: ip, via: `${via} (InternalIP)`, evidence, inferred: false });
        if (object.flannel.vtepMac) node.vtepMac.push({ value: object.flannel.vtepMac.toLowerCase(), via: `${via} (flannel backend-data)`, evidence, inferred: false });
      } else if (record.kind === 'flannel-subnet-lease') {
        const lease = record as FlannelLeaseLike;
        const subnet = parsePrefix4(lease.subnet);
        if (!subnet) continue;
        const peer = peerOf(subnet);
        const evidence = [cite(source, lease.span)];
        peer.evidence.push(...evidence);
        if (lease.publicIp) peer.publicIp.push({ value: lease.publicIp, via: 'flannel\'s lease in etcd', evidence, inferred: false });
        if (lease.vtepMac) peer.vtepMac.push({ value: lease.vtepMac.toLowerCase(), via: 'flannel\'s lease in etcd', evidence, inferred: false });
      }
    }
  }

  for (const snapshot of snapshots) {
    peerFacts(snapshot, peerOf);
    for (const { entry, evidence } of snapshot.flannel.subnetEnv) {
      if (entry.type === 'cidr' && entry.name === 'FLANNEL_NETWORK' && !network) {
        const prefix = parsePrefix4(`${entry.address}/${entry.prefixLength}`);
        if (prefix) network = { value: prefix, via: `${snapshot.name}'s subnet.env`, evidence: [evidence], inferred: false };
      }
    }
  }

  assignPeers(nodes, [...peers.values()], pods);
  const leases = settleLeases(nodes);
  return { nodes, leases, peerSubnets: [...peers.values()], pods, services, network, conflicts: conflictsOf(nodes) };
}

/** What a node's own outputs say about it. */
function ownFacts(node: ClusterNode, snapshot: NodeSnapshot): void {
  for (const address of snapshot.addresses.entries) {
    if (address.device === 'cni0' && address.prefixLength < 32) {
      const subnet = parsePrefix4(address.cidr);
      if (subnet) node.subnet.push({ value: subnet, via: 'its cni0 address', evidence: [address.evidence], inferred: false });
    }
  }
  for (const route of snapshot.routes.entries) {
    if (route.dev === 'cni0' && route.gateway === null && route.type === 'unicast' && route.prefix.length > 0 && route.prefix.length < 32) {
      node.subnet.push({ value: route.prefix, via: 'its route to cni0', evidence: [route.evidence], inferred: false });
    }
  }
  for (const { entry, evidence } of snapshot.flannel.subnetEnv) {
    if (entry.type === 'cidr' && entry.name === 'FLANNEL_SUBNET') {
      const subnet = parsePrefix4(`${entry.address}/${entry.prefixLength}`);
      if (subnet) node.subnet.push({ value: subnet, via: 'its subnet.env', evidence: [evidence], inferred: false });
    }
  }
  for (const { event, evidence } of snapshot.flannel.events) {
    if (event.event === 'lease-acquired') {
      const subnet = parsePrefix4(event.subnet);
      if (subnet) node.subnet.push({ value: subnet, via: 'its flannel log (lease acquired)', evidence: [evidence], inferred: false });
    } else if (event.event === 'node-lease') {
      for (const cidr of event.podCidrs) {
        const subnet = parsePrefix4(cidr);
        if (subnet) node.subnet.push({ value: subnet, via: 'its flannel log (node pod CIDR)', evidence: [evidence], inferred: false });
      }
    } else if (event.event === 'interface' || event.event === 'external-address') {
      const address = (event as { address?: string }).address;
      if (address && parseIPv4(address) !== null) node.underlay.push({ value: address, via: 'its flannel log', evidence: [evidence], inferred: false });
    }
  }
  const flannel = snapshot.links.get(FLANNEL_DEVICE);
  if (flannel?.vxlan?.local) node.underlay.push({ value: flannel.vxlan.local, via: 'the local address of its flannel.1', evidence: flannel.evidence.slice(0, 1), inferred: false });
  if (flannel?.mac) node.vtepMac.push({ value: flannel.mac, via: 'its flannel.1 MAC', evidence: flannel.evidence.slice(0, 1), inferred: false });
}

/** What a node's routes, neighbours, FDB and flannel log say about its peers. */
function peerFacts(snapshot: NodeSnapshot, peerOf: (subnet: Prefix4) => PeerSubnet): void {
  const own = (subnet: Prefix4): boolean => snapshot.routes.entries.some((r) => r.dev === 'cni0' && r.prefix.network === subnet.network && r.prefix.length === subnet.length);
  const macOfGateway = new Map<string, { mac: string; evidence: Evidence }>();
  for (const neighbor of snapshot.neighbors.entries) {
    if (neighbor.dev === FLANNEL_DEVICE && neighbor.lladdr) macOfGateway.set(neighbor.ip, { mac: neighbor.lladdr, evidence: neighbor.evidence });
  }
  const dstOfMac = new Map<string, { dst: string; evidence: Evidence }>();
  for (const entry of snapshot.fdb.entries) {
    if (entry.dev === FLANNEL_DEVICE && entry.dst && entry.mac !== '00:00:00:00:00:00') dstOfMac.set(entry.mac, { dst: entry.dst, evidence: entry.evidence });
  }
  const learn = (peer: PeerSubnet, gateway: string | null, evidence: Evidence): void => {
    peer.evidence.push(evidence);
    peer.gateway ??= gateway;
    const vtep = gateway ? macOfGateway.get(gateway) : undefined;
    if (!vtep) return;
    if (!peer.vtepMac.some((claim) => claim.value === vtep.mac && claim.evidence[0] === vtep.evidence)) {
      peer.vtepMac.push({ value: vtep.mac, via: `${snapshot.name}'s neighbour entry for ${gateway ?? ''}`, evidence: [vtep.evidence], inferred: false });
    }
    const fdb = dstOfMac.get(vtep.mac);
    if (fdb && !peer.publicIp.some((claim) => claim.evidence[0] === fdb.evidence)) {
      peer.publicIp.push({ value: fdb.dst, via: `${snapshot.name}'s FDB entry for ${vtep.mac}`, evidence: [fdb.evidence], inferred: false });
    }
  };
  for (const route of snapshot.routes.entries) {
    if (route.dev !== FLANNEL_DEVICE || route.type !== 'unicast' || route.prefix.length === 0 || own(route.prefix)) continue;
    learn(peerOf(route.prefix), route.gateway, route.evidence);
  }
  for (const { event, evidence } of snapshot.flannel.events) {
    if (event.event === 'vxlan-subnet-added' && event.family === 'inet') {
      const subnet = parsePrefix4(event.subnet);
      if (!subnet) continue;
      const peer = peerOf(subnet);
      peer.evidence.push(evidence);
      peer.vtepMac.push({ value: event.vtepMac.toLowerCase(), via: `${snapshot.name}'s flannel log`, evidence: [evidence], inferred: false });
      peer.publicIp.push({ value: event.publicIp, via: `${snapshot.name}'s flannel log`, evidence: [evidence], inferred: false });
    } else if ((event.event === 'route-add-failed' || event.event === 'route-delete-failed') && event.family === 'inet') {
      const subnet = parsePrefix4(event.subnet);
      if (subnet) learn(peerOf(subnet), event.gateway, evidence);
    }
  }
}

/** Ties each peer subnet to the node that owns it: by its subnet, VTEP MAC, public IP, pods, or elimination. */
function assignPeers(nodes: Map<string, ClusterNode>, peers: PeerSubnet[], pods: Pod[]): void {
  const sameSubnet = (a: Prefix4, b: Prefix4): boolean => a.network === b.network && a.length === b.length;
  for (const peer of peers) {
    for (const node of nodes.values()) {
      if (node.subnet.some((claim) => sameSubnet(claim.value, peer.subnet))) {
        peer.owner = node.name;
        peer.ownerVia = 'its own outputs';
      } else if (peer.vtepMac.length > 0 && node.vtepMac.some((claim) => peer.vtepMac.some((mac) => mac.value === claim.value))) {
        peer.owner = node.name;
        peer.ownerVia = 'its VTEP MAC';
      } else if (peer.publicIp.length > 0 && node.underlay.some((claim) => peer.publicIp.some((ip) => ip.value === claim.value))) {
        peer.owner = node.name;
        peer.ownerVia = 'its underlay IP';
      }
      if (peer.owner) break;
    }
    if (peer.owner) continue;
    const owners = new Map<string, Pod>();
    for (const pod of pods) {
      const value = parseIPv4(pod.ip);
      if (value !== null && pod.node && prefixContains(peer.subnet, value)) owners.set(pod.node, pod);
    }
    const [only] = owners.entries();
    if (owners.size === 1 && only) {
      const [name, pod] = only;
      const node = nodes.get(name);
      if (node && node.subnet.length === 0) {
        peer.owner = name;
        peer.ownerVia = `pod ${pod.name} (${pod.ip}) runs on it`;
        node.subnet.push({ value: peer.subnet, via: peer.ownerVia, evidence: [asInferred(pod.evidence), ...peer.evidence.slice(0, 1).map(asInferred)], inferred: true });
      }
    }
  }
  // elimination: one node without a subnet, one peer subnet without an owner
  const bare = [...nodes.values()].filter((node) => node.subnet.length === 0 && node.snapshot !== null);
  const orphans = peers.filter((peer) => peer.owner === null);
  if (bare.length === 1 && orphans.length === 1 && bare[0] && orphans[0]) {
    const [node, peer] = [bare[0], orphans[0]];
    peer.owner = node.name;
    peer.ownerVia = 'the only node whose subnet is not otherwise known';
    node.subnet.push({ value: peer.subnet, via: peer.ownerVia, evidence: peer.evidence.slice(0, 1).map(asInferred), inferred: true });
  }
  for (const peer of peers) {
    const node = peer.owner ? nodes.get(peer.owner) : undefined;
    if (!node) continue;
    const inferred = peer.ownerVia !== 'its own outputs';
    for (const claim of peer.vtepMac) if (!node.vtepMac.some((c) => c.evidence[0] === claim.evidence[0])) node.vtepMac.push({ ...claim, inferred: claim.inferred || inferred });
    for (const claim of peer.publicIp) if (!node.underlay.some((c) => c.evidence[0] === claim.evidence[0])) node.underlay.push({ ...claim, inferred: claim.inferred || inferred });
    if (!node.subnet.some((claim) => sameSubnet(claim.value, peer.subnet))) {
      node.subnet.push({ value: peer.subnet, via: `its peers' routes (${peer.ownerVia ?? ''})`, evidence: peer.evidence.slice(0, 1), inferred: true });
    }
  }
}

function settleLeases(nodes: Map<string, ClusterNode>): Lease[] {
  const leases: Lease[] = [];
  for (const node of nodes.values()) {
    const first = node.subnet.find((claim) => !claim.inferred) ?? node.subnet[0];
    if (!first) continue;
    const text = formatPrefix4(first.value);
    const claims = node.subnet.filter((claim) => formatPrefix4(claim.value) === text);
    leases.push({
      node: node.name, subnet: first.value, text, gateway: text.slice(0, text.indexOf('/')), claims,
      inferred: claims.every((claim) => claim.inferred),
    });
  }
  return leases;
}

function conflictsOf(nodes: Map<string, ClusterNode>): ClusterConflict[] {
  const conflicts: ClusterConflict[] = [];
  for (const node of nodes.values()) {
    const subnets = node.subnet.map((claim) => ({ ...claim, value: formatPrefix4(claim.value) }));
    for (const [fact, claims] of [['subnet', subnets], ['underlay', node.underlay], ['vtepMac', node.vtepMac]] as const) {
      if (new Set(claims.map((claim) => claim.value)).size > 1) conflicts.push({ node: node.name, fact, claims: [...claims] });
    }
  }
  return conflicts;
}

/** The lease that holds an address, other than `except`'s own. */
export function leaseContaining(cluster: Cluster, address: string, options: { except?: string } = {}): Lease | null {
  const value = parseIPv4(address);
  if (value === null) return null;
  return cluster.leases.find((lease) => lease.node !== options.except && prefixContains(lease.subnet, value)) ?? null;
}

/** The lease a node holds, if known. */
export function leaseOf(cluster: Cluster, node: string): Lease | null {
  return cluster.leases.find((lease) => lease.node === node) ?? null;
}

/** The best-supported value of a node fact: direct evidence first. */
export function bestClaim<T>(claims: readonly Claim<T>[]): Claim<T> | null {
  return claims.find((claim) => !claim.inferred) ?? claims[0] ?? null;
}
