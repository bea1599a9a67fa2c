// flannel sends a peer's vxlan frames to the public IP of its lease (the node annotation
// flannel.alpha.coreos.com/public-ip, or PublicIP in etcd), chosen from --iface/--public-ip or the
// default route's interface. Two nodes with one public IP (cloned VMs, Vagrant's NAT 10.0.2.15 on
// every box) make every peer send both nodes' traffic to one of them.
import { groupBy, parseIPv4, parsePrefix4, prefixContains, type Prefix4 } from '../../../core';
import { FLANNEL_DEVICE, nodesByClaim, ownClaims, ownVtepMac, type Claim, type ClusterNode, type Evidence, type Model } from '../../../model';
import { flannelRestart, kubernetesName, sh, shList, type ShellCommand } from '../../fix-commands';
import { defineRule } from '../rule';

// devices whose addresses are never the node's own underlay address
const VIRTUAL_DEVICE = /^(?:lo|flannel\.\d+|cni\d*|docker\d+|br-[0-9a-f]+|veth|tunl\d+|kube-ipvs\d+|kube-bridge|nodelocaldns|cali|vxlan\.calico|cilium_|weave|virbr)/;

interface OwnAddress { address: string; prefix: Prefix4 | null }

/**
 * The addresses a node could use instead of the shared one: what else it is said to have as its public
 * IP (a node object's InternalIP), then the IPv4 addresses of its real interfaces outside the pod network.
 */
function ownAddresses(model: Model, node: ClusterNode, shared: string): OwnAddress[] {
  const found = new Map<string, OwnAddress>();
  for (const claim of ownClaims(node, node.underlay)) {
    if (claim.value !== shared && parseIPv4(claim.value) !== null) found.set(claim.value, { address: claim.value, prefix: null });
  }
  // `kubectl get nodes -o wide`: the kubelet's InternalIP (not a claim of flannel's public IP, so only here)
  for (const source of model.clusterSections) {
    for (const record of source.records as { kind?: string; name?: string; internalIP?: string | null }[]) {
      const ip = record.kind === 'node' && record.name === node.name ? record.internalIP : null;
      if (ip && ip !== shared && parseIPv4(ip) !== null) found.set(ip, { address: ip, prefix: null });
    }
  }
  if (found.size) return [...found.values()];
  const network = model.cluster.network?.value ?? null;
  for (const address of node.snapshot?.addresses.entries ?? []) {
    if (address.ip === shared || VIRTUAL_DEVICE.test(address.device) || parseIPv4(address.ip) === null) continue;
    if (address.ip.startsWith('127.') || address.ip.startsWith('169.254.')) continue;
    if (network && prefixContains(network, address.value)) continue;
    found.set(address.ip, { address: address.ip, prefix: parsePrefix4(address.cidr) });
  }
  return [...found.values()];
}

/** One address per node where the input settles it: the only candidate, or the only one on a network another node also has. */
function chooseOwnAddresses(candidates: Map<string, OwnAddress[]>): Map<string, string> {
  const chosen = new Map<string, string>();
  for (const [node, own] of candidates) {
    if (own.length === 1) { chosen.set(node, own[0]!.address); continue; }
    const others = [...candidates].filter(([other]) => other !== node).flatMap(([, list]) => list);
    const shared = own.filter((mine) => mine.prefix && others.some((other) => {
      const value = parseIPv4(other.address);
      return value !== null && prefixContains(mine.prefix!, value);
    }));
    if (shared.length === 1) chosen.set(node, shared[0]!.address);
  }
  return chosen;
}

/** Per node: annotate it with its own address and restart its flannel, or say how to find the address. */
function publicIpFix(model: Model, nodes: readonly string[], shared: string): ShellCommand[] {
  const candidates = new Map<string, OwnAddress[]>();
  for (const name of nodes) {
    const node = model.cluster.nodes.get(name);
    candidates.set(name, node ? ownAddresses(model, node, shared) : []);
  }
  const chosen = chooseOwnAddresses(candidates);
  return nodes.flatMap((name) => {
    const snapshot = model.nodes.get(name);
    const restart = snapshot ? flannelRestart(snapshot) : sh`kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=${name}`;
    const address = chosen.get(name);
    if (address) return [sh`kubectl annotate node ${kubernetesName(model, name)} ${`flannel.alpha.coreos.com/public-ip-overwrite=${address}`} --overwrite`, restart];
    const own = candidates.get(name) ?? [];
    const hint = own.length ? sh`one of ${shList(own.map((o) => o.address), ', ')}` : sh`its address on the node network: ip -4 -o addr show scope global`;
    return [sh`# ${name}: the input does not settle its own address (${hint})`,
      sh`kubectl annotate node ${name} flannel.alpha.coreos.com/public-ip-overwrite=ADDRESS --overwrite`, restart];
  });
}

export const duplicatePublicIp = defineRule({
  meta: {
    id: 'overlay/duplicate-public-ip',
    title: 'Two nodes claim the same public (underlay) IP',
    severity: 'error',
    messages: {
      claimed: '{nodes} all claim the public IP {address}: peers send the vxlan traffic of every one of them to the same host',
      leases: 'flannel leases {subnets} all name the public IP {address}: peers send the vxlan traffic of each subnet to the same host',
      fdb: "{host}'s FDB sends the VTEPs of {nodes} ({macs}) all to {address}",
    },
  },
  *check(model) {
    const cluster = model.cluster;
    // what each node says of itself, or its node object says
    const claimed: { node: string; claim: Claim<string> }[] = [];
    for (const node of cluster.nodes.values()) {
      const seen = new Set<string>();
      for (const claim of ownClaims(node, node.underlay)) {
        if (seen.has(claim.value)) continue;
        seen.add(claim.value);
        claimed.push({ node: node.name, claim });
      }
    }
    const byIp = groupBy(claimed, (c) => c.claim.value);
    const reported = new Set<string>();
    for (const [address, claims] of byIp) {
      if (claims.length < 2) continue;
      reported.add(address);
      const nodes = claims.map((c) => c.node);
      yield {
        messageId: 'claimed' as const, host: null,
        data: { address, nodes: nodes.join(', ') }, key: address,
        evidence: claims.flatMap((c) => c.claim.evidence.slice(0, 1)),
        objects: { addresses: [address], hosts: nodes },
        fix: publicIpFix(model, nodes, address),
        explains: [`public-ip:${address}`],
      };
    }
    // flannel's leases in etcd: one public IP for two subnets
    // public IP → subnet → the first evidence of it (a Map: one entry per subnet, in the order met)
    const leaseIps = new Map<string, Map<string, Evidence>>();
    for (const peer of cluster.peerSubnets) {
      for (const claim of peer.publicIp) {
        if (claim.via !== "flannel's lease in etcd" || !claim.evidence[0]) continue;
        let subnets = leaseIps.get(claim.value);
        if (!subnets) leaseIps.set(claim.value, (subnets = new Map()));
        if (!subnets.has(peer.text)) subnets.set(peer.text, claim.evidence[0]);
      }
    }
    for (const [address, subnets] of leaseIps) {
      const leases = [...subnets].map(([subnet, evidence]) => ({ subnet, evidence }));
      if (leases.length < 2 || reported.has(address)) continue;
      reported.add(address);
      yield {
        messageId: 'leases' as const, host: null,
        data: { address, subnets: leases.map((l) => l.subnet).join(', ') }, key: address,
        evidence: leases.map((l) => l.evidence),
        objects: { addresses: [address], subnets: leases.map((l) => l.subnet) },
        fix: leases.map((l) => sh`etcdctl del ${`/coreos.com/network/subnets/${l.subnet.replace('/', '-')}`}`),
        explains: [`public-ip:${address}`],
      };
    }
    // a node's FDB: the VTEPs of two nodes sent to one IP
    // each VTEP MAC's nodes (the first in the cluster's order is the peer), once, not once per FDB entry
    const byMac = nodesByClaim(cluster, ownVtepMac);
    for (const node of model.nodes.values()) {
      const toPeers: { dst: string; peer: string; mac: string; evidence: Evidence }[] = [];
      for (const entry of node.fdb.entries) {
        if (entry.dev !== FLANNEL_DEVICE || !entry.dst || entry.mac === '00:00:00:00:00:00') continue;
        const peer = byMac.get(entry.mac)?.[0]?.name;
        if (peer !== undefined) toPeers.push({ dst: entry.dst, peer, mac: entry.mac, evidence: entry.evidence });
      }
      const byDst = groupBy(toPeers, (e) => e.dst);
      for (const [address, entries] of byDst) {
        const nodes = [...new Set(entries.map((e) => e.peer))];
        if (nodes.length < 2 || reported.has(address)) continue;
        yield {
          messageId: 'fdb' as const, host: node.name,
          data: { host: node.name, address, nodes: nodes.join(', '), macs: entries.map((e) => e.mac).join(', ') }, key: address,
          evidence: entries.map((e) => e.evidence),
          objects: { addresses: [address], macs: entries.map((e) => e.mac), interfaces: [FLANNEL_DEVICE], hosts: [node.name, ...nodes] },
          fix: [flannelRestart(node)],
          explains: [`public-ip:${address}`],
        };
      }
    }
  },
});
