// The cluster as the pasted outputs show it: nodes, their underlay IPs, pod subnets (flannel
// leases) and VTEP MACs, inferred from every source that shows them (the node's own cni0 and
// flannel.1, its subnet.env and flannel log, other nodes' routes, neighbours and FDB entries, node
// objects, kubectl pod lists), with the sources listed and conflicts made explicit.
import { formatPrefix4, groupBy, parseIPv4, parsePrefix4, prefixContains, prefixWithin, type Prefix4, append, safeHostName } from '../core';
import type { KubectlNode, KubectlPod, KubectlService } from '../formats/kubectl-get/schema';
import type { FlannelNetConfObject } from '../formats/shared/kubernetes/schema';
import { asInferred, cite, citeAbsence, type Evidence, type ParsedSection } from './evidence';
import { citeRule } from './node/netfilter';
import { unrecoveredLeaseFailure } from './queries';
import type { NodeSnapshot } from './node/snapshot';
import { coversDevice } from './node/table';
import { targetOf } from '../formats/shared/iptables/packed';

/** One source's word for a fact: its value, how it was found, and the lines that show it. */
export interface Claim<T> {
  value: T;
  /** How it was found, in a few words ("cni0 address", "host190's FDB entry"). */
  via: string;
  evidence: Evidence[];
  inferred: boolean;
  /**
   * The claim rests on cni0 (its address or connected route): the bridge plugin sets it from the
   * subnet.env of the time and never changes it, so it keeps an old lease's address until deleted.
   */
  bridge?: boolean;
}

export interface ClusterNode {
  name: string;
  snapshot: NodeSnapshot | null;
  subnet: Claim<Prefix4>[];
  underlay: Claim<string>[];
  vtepMac: Claim<string>[];
  /** The node's VTEP address (flannel.1's /32, its lease's network address), by its own address or by elimination. */
  vtepAddress: Claim<string>[];
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
  /** The last flannel log line about it removed it ("removing subnet"): no live lease. */
  removed: boolean;
  /**
   * Something besides a log's "adding subnet" line shows it now: a node's route to it, flannel's
   * failure to program it, its lease in etcd. A log's window may reach back to a node long gone.
   */
  current: boolean;
  /**
   * A node's flannel failed to add its route: flannel adds a vxlanRoute only for another node's
   * lease it watches, so the subnet is a peer's even when no output names that peer.
   */
  addFailed: boolean;
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
  /** flannel's network config (its ConfigMap's net-conf.json, or <prefix>/config in etcd), when shown. */
  flannelConfig: FlannelConfig | null;
  conflicts: ClusterConflict[];
}

/** What flannel's network config (net-conf.json, or its config key in etcd) sets for the whole cluster. */
export interface FlannelConfig {
  /** where it was read: the ConfigMap's namespace and name */
  namespace: string | null;
  name: string;
  /** "ConfigMap kube-flannel-cfg", "etcd key /coreos.com/network/config" */
  where: string;
  backend: string | null;
  /** vxlan only: the VNI (1 when not given) and the UDP port (the kernel's 8472 when 0 or not given) */
  vni: number | null;
  port: number | null;
  evidence: Evidence[];
}

const FLANNEL_DEVICE = 'flannel.1';
/** Linux's vxlan port when none is given (flannel's Port 0): 8472, not IANA's 4789. */
export const VXLAN_KERNEL_PORT = 8472;

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
      node = { name, snapshot: null, subnet: [], underlay: [], vtepMac: [], vtepAddress: [] };
      nodes.set(name, node);
    }
    return node;
  };
  for (const snapshot of snapshots) {
    const node = nodeOf(snapshot.name);
    node.snapshot = snapshot;
    ownFacts(node, snapshot);
  }
  // a name the cluster's outputs give a node (kubectl, etcd) is the host whose prompt shows it short
  const hostOf = hostNamer(snapshots, clusterNodeNames(clusterSections));
  const clusterNodeOf = (text: string): ClusterNode => {
    // kubectl's and etcd's node names come from the text: what no node name holds is replaced
    const name = safeHostName(text);
    const host = hostOf(name);
    const snapshot = host === name ? undefined : nodes.get(host)?.snapshot;
    if (snapshot) snapshot.kubernetesName ??= name;
    return nodeOf(host);
  };
  vtepsByElimination(snapshots, nodes);

  const pods: Pod[] = [];
  const services: Service[] = [];
  const peers = new Map<string, PeerSubnet>();
  const peerOf = (subnet: Prefix4): PeerSubnet => {
    const text = formatPrefix4(subnet);
    let peer = peers.get(text);
    if (!peer) {
      peer = { subnet, text, gateway: null, vtepMac: [], publicIp: [], evidence: [], owner: null, ownerVia: null, removed: false, current: false, addFailed: false };
      peers.set(text, peer);
    }
    return peer;
  };
  let network: Claim<Prefix4> | null = null;
  let configNetwork: Claim<Prefix4> | null = null;
  let flannelConfig: FlannelConfig | null = null;

  for (const source of clusterSections) {
    for (const record of source.records as { kind?: string }[]) {
      if (record.kind === 'pod') {
        const pod = record as KubectlPod;
        if (pod.ip && parseIPv4(pod.ip) !== null) {
          const host = pod.node ? clusterNodeOf(pod.node).name : null;
          pods.push({ namespace: pod.namespace, name: pod.name, ip: pod.ip, node: host, evidence: cite(source, pod.span) });
        }
      } else if (record.kind === 'node') {
        // kubectl get nodes -o wide: a node of the cluster, and the address flannel uses unless told otherwise
        const row = record as KubectlNode;
        const node = clusterNodeOf(row.name);
        if (row.internalIP && parseIPv4(row.internalIP) !== null) {
          node.underlay.push({ value: row.internalIP, via: 'kubectl get nodes (INTERNAL-IP)', evidence: [cite(source, row.span)], inferred: false });
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
        const node = clusterNodeOf(object.name);
        const evidence = [cite(source, object.span)];
        const via = source.section.format === 'etcdctl-get' ? 'the node object in etcd' : 'the node object';
        for (const cidr of object.podCIDRs) {
          const subnet = parsePrefix4(cidr);
          if (subnet) node.subnet.push({ value: subnet, via: `${via} (podCIDR)`, evidence, inferred: false });
        }
        if (object.flannel.publicIp) node.underlay.push({ value: object.flannel.publicIp, via: `${via} (flannel public-ip)`, evidence, inferred: false });
        else for (const ip of object.internalIPs) node.underlay.push({ value: ip, via: `${via} (InternalIP)`, evidence, inferred: false });
        if (object.flannel.vtepMac) node.vtepMac.push({ value: object.flannel.vtepMac.toLowerCase(), via: `${via} (flannel backend-data)`, evidence, inferred: false });
      } else if (record.kind === 'flannel-net-conf') {
        const conf = record as FlannelNetConfObject;
        const evidence = [cite(source, conf.span)];
        const prefix = conf.network ? parsePrefix4(conf.network) : null;
        // the ConfigMap says what flannel is to use: it comes before what a node's subnet.env says it used
        const etcd = source.section.format === 'etcdctl-get';
        const where = etcd ? `etcd key ${conf.name}` : `ConfigMap ${conf.name}`;
        if (prefix && !configNetwork) configNetwork = { value: prefix, via: etcd ? `flannel's config in etcd (${conf.name})` : `flannel's ConfigMap ${conf.name} (net-conf.json)`, evidence, inferred: false };
        if (!flannelConfig) {
          const type = conf.backend?.type ?? null;
          const vxlan = type?.toLowerCase() === 'vxlan';
          flannelConfig = {
            namespace: conf.namespace, name: conf.name, where, backend: type, vni: vxlan ? conf.backend?.vni ?? 1 : null,
            port: vxlan ? (conf.backend?.port ? conf.backend.port : VXLAN_KERNEL_PORT) : null, evidence,
          };
        }
      } else if (record.kind === 'flannel-subnet-lease') {
        const lease = record as FlannelLeaseLike;
        const subnet = parsePrefix4(lease.subnet);
        if (!subnet) continue;
        const peer = peerOf(subnet);
        peer.current = true;
        const evidence = [cite(source, lease.span)];
        append(peer.evidence, evidence);
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
  network = configNetwork ?? network ?? netfilterNetwork(snapshots) ?? leaseNetwork(leases);
  return { nodes, leases, peerSubnets: [...peers.values()], pods, services, network, flannelConfig, conflicts: conflictsOf(nodes) };
}

/**
 * The host a node name of the cluster's outputs stands for: itself when a host has that name;
 * else the one host whose name is its first label (prompt `bravo`, node `bravo.lab.example.com`),
 * or whose first label it is (a sos report's `bravo.lab.example.com`, kubectl's `bravo`).
 */
function hostNamer(snapshots: readonly NodeSnapshot[], clusterNames: ReadonlySet<string>): (name: string) => string {
  const names = new Set(snapshots.map((snapshot) => snapshot.name));
  const firstLabel = (name: string): string | null => {
    const dot = name.indexOf('.');
    return dot > 0 ? name.slice(0, dot) : null;
  };
  const byFirstLabel = new Map<string, string[]>();
  for (const name of names) {
    const first = firstLabel(name);
    if (first !== null) byFirstLabel.set(first, [...(byFirstLabel.get(first) ?? []), name]);
  }
  // the full names the cluster gives, by first label: node-b.dc1 and node-b.dc2 are two nodes, neither is node-b
  const clusterByFirstLabel = new Map<string, number>();
  for (const name of clusterNames) {
    const first = firstLabel(name);
    if (first !== null && !names.has(name)) clusterByFirstLabel.set(first, (clusterByFirstLabel.get(first) ?? 0) + 1);
  }
  return (name) => {
    if (names.has(name)) return name;
    const short = firstLabel(name);
    if (short !== null) return names.has(short) && !byFirstLabel.has(short) && (clusterByFirstLabel.get(short) ?? 0) <= 1 ? short : name;
    const long = byFirstLabel.get(name);
    return long?.length === 1 ? long[0] as string : name;
  };
}

/** The node names the cluster's outputs give (pods' nodes, node lists, node objects), as host names. */
function clusterNodeNames(sections: readonly ParsedSection[]): Set<string> {
  const out = new Set<string>();
  for (const source of sections) {
    for (const record of source.records as { kind?: string; node?: string | null; name?: string }[]) {
      const name = record.kind === 'pod' ? record.node : record.kind === 'node' || record.kind === 'node-object' ? record.name : null;
      if (typeof name === 'string' && name.length > 0) out.add(safeHostName(name));
    }
  }
  return out;
}

/** What a node's own outputs say about it. */
function ownFacts(node: ClusterNode, snapshot: NodeSnapshot): void {
  for (const address of snapshot.addresses.entries) {
    if (address.device === 'cni0' && address.prefixLength < 32) {
      const subnet = parsePrefix4(address.cidr);
      if (subnet) node.subnet.push({ value: subnet, via: 'its cni0 address', evidence: [address.evidence], inferred: false, bridge: true });
    }
    // flannel gives flannel.1 its lease's network address as a /32 (backend/vxlan: the VTEP address)
    if (address.device === FLANNEL_DEVICE && address.prefixLength === 32) {
      node.vtepAddress.push({ value: address.ip, via: 'its flannel.1 address', evidence: [address.evidence], inferred: false });
    }
  }
  for (const route of snapshot.routes.entries) {
    if (route.dev === 'cni0' && route.gateway === null && route.type === 'unicast' && route.prefix.length > 0 && route.prefix.length < 32) {
      node.subnet.push({ value: route.prefix, via: 'its route to cni0', evidence: [route.evidence], inferred: false, bridge: true });
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
    peer.current = true;
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
    if (event.event === 'vxlan-subnet-removed' && event.family === 'inet') {
      const subnet = parsePrefix4(event.subnet);
      if (subnet) peerOf(subnet).removed = true;
    } else if (event.event === 'vxlan-subnet-added' && event.family === 'inet') {
      const subnet = parsePrefix4(event.subnet);
      if (!subnet) continue;
      const peer = peerOf(subnet);
      peer.removed = false;
      peer.evidence.push(evidence);
      peer.vtepMac.push({ value: event.vtepMac.toLowerCase(), via: `${snapshot.name}'s flannel log`, evidence: [evidence], inferred: false });
      peer.publicIp.push({ value: event.publicIp, via: `${snapshot.name}'s flannel log`, evidence: [evidence], inferred: false });
    } else if ((event.event === 'route-add-failed' || event.event === 'route-delete-failed') && event.family === 'inet') {
      const subnet = parsePrefix4(event.subnet);
      if (!subnet) continue;
      const peer = peerOf(subnet);
      learn(peer, event.gateway, evidence);
      if (event.event === 'route-add-failed') peer.addFailed = true;
    }
  }
}

/** Ties each peer subnet to the node that owns it: by its subnet, VTEP MAC, public IP, pods, or elimination. */
function assignPeers(nodes: Map<string, ClusterNode>, peers: PeerSubnet[], pods: Pod[]): void {
  assignOwners(nodes, peers, pods);
  settlePeers(nodes, peers);
}

/**
 * Each peer subnet's owner by the ties its node shows (VTEP address, own subnet, VTEP MAC, underlay
 * IP, bridge subnet) or by the pods it runs; a node tied only by its pods gets the subnet as an
 * inferred claim (exported for its test).
 */
export function assignOwners(nodes: Map<string, ClusterNode>, peers: PeerSubnet[], pods: Pod[]): void {
  const subnetKey = (prefix: Prefix4): string => `${prefix.network}/${prefix.length}`;
  const order = new Map([...nodes.keys()].map((name, index) => [name, index]));
  // Each tie looked up by value, not searched for node by node and peer by peer (a 4,000-node
  // cluster's flannel log names 4,000 peers): the first node in order that holds it, as a search
  // in node order finds it.
  const firstHolder = (values: (node: ClusterNode) => Iterable<string>): Map<string, ClusterNode> => {
    const index = new Map<string, ClusterNode>();
    for (const node of nodes.values()) for (const value of values(node)) if (!index.has(value)) index.set(value, node);
    return index;
  };
  const byVtepAddress = firstHolder((node) => node.vtepAddress.map((claim) => claim.value));
  const byOwnSubnet = firstHolder((node) => node.subnet.filter((claim) => !claim.bridge).map((claim) => subnetKey(claim.value)));
  const byVtepMac = firstHolder((node) => node.vtepMac.map((claim) => claim.value));
  const byUnderlay = firstHolder((node) => node.underlay.map((claim) => claim.value));
  const byBridge = firstHolder((node) => node.subnet.filter((claim) => claim.bridge === true).map((claim) => subnetKey(claim.value)));
  const earlier = (a: ClusterNode, b: ClusterNode | undefined): boolean => !b || (order.get(a.name) ?? 0) < (order.get(b.name) ?? 0);
  /** The first node in order among the holders of any of `values` (a peer may show several MACs). */
  const firstOf = (index: Map<string, ClusterNode>, values: string[]): ClusterNode | undefined => {
    let first: ClusterNode | undefined;
    for (const value of values) {
      const node = index.get(value);
      if (node && earlier(node, first)) first = node;
    }
    return first;
  };
  // the strongest tie first: the node's VTEP address is the subnet's gateway; flannel's own record of
  // the subnet; the VTEP MAC or underlay IP peers send to; last its cni0, which may hold an old lease
  const tiers: [string, (peer: PeerSubnet) => ClusterNode | undefined][] = [
    ['its flannel.1 address', (peer) => byVtepAddress.get(peer.gateway ?? networkAddress(peer.text))],
    ['its own outputs', (peer) => byOwnSubnet.get(subnetKey(peer.subnet))],
    ['its VTEP MAC', (peer) => firstOf(byVtepMac, peer.vtepMac.map((mac) => mac.value))],
    ['its underlay IP', (peer) => firstOf(byUnderlay, peer.publicIp.map((ip) => ip.value))],
    ['its own outputs', (peer) => byBridge.get(subnetKey(peer.subnet))],
  ];
  // pods by address, once: each peer subnet not otherwise owned asks which pods it holds
  const podsByAddress = pods.flatMap((pod, order) => {
    const value = parseIPv4(pod.ip);
    return value !== null && pod.node ? [{ value, pod, order }] : [];
  }).sort((a, b) => a.value - b.value || a.order - b.order);
  /** The pods in a prefix, in input order (a node's last one names it, as the search through them all did). */
  const podsIn = (prefix: Prefix4): Pod[] => {
    const first = prefix.network >>> 0;
    const last = first + 2 ** (32 - prefix.length) - 1;
    let low = 0;
    let high = podsByAddress.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((podsByAddress[middle] as { value: number }).value < first) low = middle + 1;
      else high = middle;
    }
    const out: { pod: Pod; order: number }[] = [];
    for (let i = low; i < podsByAddress.length && (podsByAddress[i] as { value: number }).value <= last; i++) out.push(podsByAddress[i] as { pod: Pod; order: number });
    return out.sort((a, b) => a.order - b.order).map((entry) => entry.pod);
  };
  for (const peer of peers) {
    for (const [via, ownerOf] of tiers) {
      const owner = ownerOf(peer);
      if (!owner) continue;
      peer.owner = owner.name;
      peer.ownerVia = via;
      break;
    }
    if (peer.owner) continue;
    const owners = new Map<string, Pod>();
    for (const pod of podsIn(peer.subnet)) owners.set(pod.node as string, pod);
    const [only] = owners.entries();
    if (owners.size === 1 && only) {
      const [name, pod] = only;
      const node = nodes.get(name);
      if (node && node.subnet.length === 0) {
        peer.owner = name;
        peer.ownerVia = `pod ${pod.name} (${pod.ip}) runs on it`;
        node.subnet.push({ value: peer.subnet, via: peer.ownerVia, evidence: [asInferred(pod.evidence), ...peer.evidence.slice(0, 1).map(asInferred)], inferred: true });
        // a claim of its own outputs' kind (no bridge): a later peer of the same subnet finds it, as the search did
        const key = subnetKey(peer.subnet);
        if (earlier(node, byOwnSubnet.get(key))) byOwnSubnet.set(key, node);
      }
    }
  }
}

/** The name of a node known only by its lease: angle brackets, as for other values no output shows. */
export function unnamedNode(subnet: string): string {
  return `<node with lease ${subnet}>`;
}

/** Whether a node shown has no subnet known (a subnet no output ties to a node may be its). */
function bareNodes(nodes: Map<string, ClusterNode>): boolean {
  return [...nodes.values()].some((node) => node.snapshot !== null && node.subnet.length === 0 && unrecoveredLeaseFailure(node.snapshot) === null);
}

/** The peers no tie named, by elimination; then each owner gets the peer's MACs, IPs and subnet as claims. */
function settlePeers(nodes: Map<string, ClusterNode>, peers: PeerSubnet[]): void {
  const sameSubnet = (a: Prefix4, b: Prefix4): boolean => a.network === b.network && a.length === b.length;
  // elimination: one node without a subnet, one peer subnet without an owner (not a node whose
  // flannel says it got no lease: the subnet is then an unseen node's)
  const bare = [...nodes.values()].filter((node) => node.subnet.length === 0 && node.snapshot !== null && unrecoveredLeaseFailure(node.snapshot) === null);
  const orphans = peers.filter((peer) => peer.owner === null);
  if (bare.length === 1 && orphans.length === 1 && bare[0] && orphans[0]) {
    const [node, peer] = [bare[0], orphans[0]];
    peer.owner = node.name;
    peer.ownerVia = 'the only node whose subnet is not otherwise known';
    node.subnet.push({ value: peer.subnet, via: peer.ownerVia, evidence: peer.evidence.slice(0, 1).map(asInferred), inferred: true });
  }
  // a subnet flannel added (its log, its lease in etcd) or programmed (a neighbour and FDB entry
  // that give its public IP) for a node no output shows: that node's lease all the same, the node
  // named by its public IP (host188's log alone shows 10.244.2.0/24 is 192.168.86.189's); when
  // something shows it now (a route, a failure to program it, etcd), not a log line alone
  for (const peer of peers) {
    if (peer.owner !== null || peer.removed || !peer.current) continue;
    const publicIp = bestClaim(peer.publicIp)?.value;
    if (publicIp === undefined) continue;
    let node = nodes.get(publicIp);
    if (!node) {
      node = { name: publicIp, snapshot: null, subnet: [], underlay: [], vtepMac: [], vtepAddress: [] };
      nodes.set(publicIp, node);
    } else if (node.subnet.length > 0) continue;
    peer.owner = node.name;
    peer.ownerVia = 'its public IP (no output of that node was given)';
  }
  // a subnet flannel failed to route, whose node no output names (no public IP either): a peer's
  // lease all the same, its node unnamed; not while a node shown could be it (its subnet not known)
  if (!bareNodes(nodes)) {
    for (const peer of peers) {
      if (peer.owner !== null || peer.removed || !peer.addFailed) continue;
      const name = unnamedNode(peer.text);
      if (!nodes.has(name)) nodes.set(name, { name, snapshot: null, subnet: [], underlay: [], vtepMac: [], vtepAddress: [] });
      peer.owner = name;
      peer.ownerVia = 'flannel failed to route it, as it routes only other nodes\' leases (no output names that node)';
    }
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

/**
 * A node's lease: flannel's own records first (subnet.env, its log, the node's podCIDR, etcd), then
 * the subnet whose gateway is the node's VTEP address (flannel.1's /32), then peers' routes to it,
 * and cni0 last: the bridge keeps the address of the lease it was made for.
 */
function settleLeases(nodes: Map<string, ClusterNode>): Lease[] {
  const leases: Lease[] = [];
  for (const node of nodes.values()) {
    const vteps = new Set(node.vtepAddress.map((claim) => claim.value));
    const rank = (claim: Claim<Prefix4>): number => (!claim.inferred && !claim.bridge ? 0
      : vteps.has(networkAddress(formatPrefix4(claim.value))) ? 1 : !claim.bridge ? 2 : 3);
    const [first] = [...node.subnet].sort((a, b) => rank(a) - rank(b));
    if (!first) continue;
    const text = formatPrefix4(first.value);
    const claims = node.subnet.filter((claim) => formatPrefix4(claim.value) === text);
    leases.push({
      node: node.name, subnet: first.value, text, gateway: networkAddress(text), claims,
      inferred: claims.every((claim) => claim.inferred),
    });
  }
  return leases;
}

/** "10.244.2.0/24" → "10.244.2.0". */
function networkAddress(text: string): string {
  return text.slice(0, text.indexOf('/'));
}

/**
 * flannel adds a neighbour entry on flannel.1 for every peer's VTEP address and none for its own:
 * when each node's complete flannel.1 neighbour listing lacks exactly one of the addresses the
 * listings show, and no two lack the same, that one is the node's own.
 */
function vtepsByElimination(snapshots: readonly NodeSnapshot[], nodes: Map<string, ClusterNode>): void {
  const listed = new Map<NodeSnapshot, Set<string>>();
  for (const snapshot of snapshots) {
    if (!coversDevice(snapshot.neighbors, FLANNEL_DEVICE)) continue;
    listed.set(snapshot, new Set(snapshot.neighbors.entries.filter((n) => n.dev === FLANNEL_DEVICE).map((n) => n.ip)));
  }
  if (listed.size < 2) return;
  const all = new Set([...listed.values()].flatMap((ips) => [...ips]));
  const own = new Map<NodeSnapshot, string>();
  for (const [snapshot, ips] of listed) {
    const lacking = [...all].filter((ip) => !ips.has(ip));
    if (lacking.length !== 1 || !lacking[0]) return;
    own.set(snapshot, lacking[0]);
  }
  if (new Set(own.values()).size !== own.size) return;
  for (const [snapshot, ip] of own) {
    const node = nodes.get(snapshot.name);
    const listing = snapshot.neighbors.complete.find((l) => l.dev === null || l.dev === FLANNEL_DEVICE);
    if (!node || !listing || node.vtepAddress.length > 0) continue;
    const shown = [...listed.keys()].flatMap((other) => other.neighbors.entries.filter((n) => n.ip === ip && n.dev === FLANNEL_DEVICE)).slice(0, 1);
    node.vtepAddress.push({
      value: ip, via: 'the one VTEP address its flannel.1 neighbours lack', inferred: true,
      evidence: [asInferred(citeAbsence(listing.source, `${ip} (its own VTEP: flannel adds no neighbour entry for itself)`)), ...shown.map((n) => asInferred(n.evidence))],
    });
  }
}

/**
 * The cluster network from kube-proxy's masquerade rule for traffic from outside the cluster CIDR
 * (`! -s <cidr> … -j KUBE-MARK-MASQ`, pkg/proxy/iptables) or flanneld's own RETURN rule for pod to
 * pod traffic (`-s <net> -d <net> -j RETURN` in FLANNEL-POSTRTG or POSTROUTING).
 */
function netfilterNetwork(snapshots: readonly NodeSnapshot[]): Claim<Prefix4> | null {
  for (const snapshot of snapshots) {
    const netfilter = snapshot.netfilter;
    if (!netfilter) continue;
    for (const chain of netfilter.rules.chains('nat')) {
      for (const rule of chain.rules) {
        let prefix: Prefix4 | null = null;
        let via = '';
        if (targetOf(rule)?.name === 'KUBE-MARK-MASQ' && rule.source?.negated) {
          prefix = parsePrefix4(rule.source.value);
          via = `kube-proxy's masquerade rule on ${snapshot.name} (its cluster CIDR)`;
        } else if ((chain.name === 'FLANNEL-POSTRTG' || chain.name === 'POSTROUTING') && targetOf(rule)?.name === 'RETURN'
          && rule.source && rule.destination && !rule.source.negated && !rule.destination.negated && rule.source.value === rule.destination.value) {
          prefix = parsePrefix4(rule.source.value);
          via = `flanneld's masquerade rules on ${snapshot.name}`;
        }
        const evidence = prefix ? citeRule(netfilter, rule) : null;
        if (prefix && prefix.length > 0 && prefix.length < 32 && evidence) return { value: prefix, via, evidence: [evidence], inferred: false };
      }
    }
  }
  return null;
}

/**
 * When nothing names the network: the /16 the leases share (flannel's default network is a /16 of
 * /24 leases), or the smallest wider prefix that holds them all. Inferred: a guess, not a record.
 */
function leaseNetwork(leases: readonly Lease[]): Claim<Prefix4> | null {
  const [first, ...rest] = leases;
  if (!first) return null;
  let length = Math.min(16, first.subnet.length);
  const masked = (n: number): number => (n === 0 ? 0 : (first.subnet.network & (0xffffffff << (32 - n))) >>> 0);
  while (length > 0 && rest.some((lease) => !prefixWithin(lease.subnet, { network: masked(length), length }))) length--;
  return {
    value: { network: masked(length), length }, via: 'the prefix the leases share', inferred: true,
    evidence: leases.flatMap((lease) => lease.claims.slice(0, 1).flatMap((claim) => claim.evidence.slice(0, 1))).map(asInferred),
  };
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

/** The node whose VTEP answers at an address: by its lease's gateway, else by its flannel.1 address. */
export function nodeOfVtep(cluster: Cluster, address: string): string | null {
  const lease = cluster.leases.find((l) => l.gateway === address);
  if (lease) return lease.node;
  for (const node of cluster.nodes.values()) if (node.vtepAddress.some((claim) => claim.value === address)) return node.name;
  return null;
}

/**
 * What a node says of itself (its own outputs) or its cluster objects say (node annotations,
 * flannel's lease in etcd): not what its peers' tables say of it, which may be stale.
 */
export function ownClaims<T>(node: ClusterNode, claims: readonly Claim<T>[]): Claim<T>[] {
  return claims.filter((claim) => !claim.inferred && claim.evidence.every((e) => e.host === null || e.host === node.name));
}

/** A node's VTEP MAC as it shows it itself (its flannel.1), else as its node object or etcd lease says. */
export function ownVtepMac(node: ClusterNode | undefined): Claim<string> | null {
  return node ? selfFirst(node, ownClaims(node, node.vtepMac)) : null;
}

/** A node's underlay (public) IP as it shows it itself (flannel.1's local, its flannel log), else as its node object says. */
export function ownUnderlay(node: ClusterNode | undefined): Claim<string> | null {
  return node ? selfFirst(node, ownClaims(node, node.underlay)) : null;
}

/**
 * The cluster's nodes by what `claimOf` gives for each (ownVtepMac, ownUnderlay), in the cluster's
 * order; a node without one is left out. For looking a node up by its MAC or IP once per entry,
 * not by a walk over every node.
 */
export function nodesByClaim(cluster: Cluster, claimOf: (node: ClusterNode) => Claim<string> | null): Map<string, ClusterNode[]> {
  return groupBy(cluster.nodes.values(), (node) => claimOf(node)?.value);
}

function selfFirst<T>(node: ClusterNode, claims: readonly Claim<T>[]): Claim<T> | null {
  return claims.find((claim) => claim.evidence.every((e) => e.host === node.name)) ?? claims[0] ?? null;
}

/** The lease a node holds, if known. */
export function leaseOf(cluster: Cluster, node: string): Lease | null {
  return cluster.leases.find((lease) => lease.node === node) ?? null;
}

/** The best-supported value of a node fact: direct evidence first. */
export function bestClaim<T>(claims: readonly Claim<T>[]): Claim<T> | null {
  return claims.find((claim) => !claim.inferred) ?? claims[0] ?? null;
}
