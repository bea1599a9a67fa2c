// flannel sends a peer's vxlan frames to the public IP of its lease (the node annotation
// flannel.alpha.coreos.com/public-ip, or PublicIP in etcd), chosen from --iface/--public-ip or the
// default route's interface. Two nodes with one public IP (cloned VMs, Vagrant's NAT 10.0.2.15 on
// every box) make every peer send both nodes' traffic to one of them.
import { FLANNEL_DEVICE, flannelRestart, ownClaims, ownVtepMac, type Claim, type Evidence } from '../../../model';
import { defineRule } from '../rule';

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
    const byIp = new Map<string, { node: string; claim: Claim<string> }[]>();
    for (const node of cluster.nodes.values()) {
      const seen = new Set<string>();
      for (const claim of ownClaims(node, node.underlay)) {
        if (seen.has(claim.value)) continue;
        seen.add(claim.value);
        byIp.set(claim.value, [...(byIp.get(claim.value) ?? []), { node: node.name, claim }]);
      }
    }
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
        fix: nodes.map((node) => `kubectl annotate node ${node} flannel.alpha.coreos.com/public-ip-overwrite=<${node}'s own IP> --overwrite`),
        explains: [`public-ip:${address}`],
      };
    }
    // flannel's leases in etcd: one public IP for two subnets
    const leaseIps = new Map<string, { subnet: string; evidence: Evidence }[]>();
    for (const peer of cluster.peerSubnets) {
      for (const claim of peer.publicIp) {
        if (claim.via !== "flannel's lease in etcd" || !claim.evidence[0]) continue;
        const list = leaseIps.get(claim.value) ?? [];
        if (!list.some((l) => l.subnet === peer.text)) list.push({ subnet: peer.text, evidence: claim.evidence[0] });
        leaseIps.set(claim.value, list);
      }
    }
    for (const [address, leases] of leaseIps) {
      if (leases.length < 2 || reported.has(address)) continue;
      reported.add(address);
      yield {
        messageId: 'leases' as const, host: null,
        data: { address, subnets: leases.map((l) => l.subnet).join(', ') }, key: address,
        evidence: leases.map((l) => l.evidence),
        objects: { addresses: [address], subnets: leases.map((l) => l.subnet) },
        fix: leases.map((l) => `etcdctl del /coreos.com/network/subnets/${l.subnet.replace('/', '-')}`),
        explains: [`public-ip:${address}`],
      };
    }
    // a node's FDB: the VTEPs of two nodes sent to one IP
    for (const node of model.nodes.values()) {
      const byDst = new Map<string, { peer: string; mac: string; evidence: Evidence }[]>();
      for (const entry of node.fdb.entries) {
        if (entry.dev !== FLANNEL_DEVICE || !entry.dst || entry.mac === '00:00:00:00:00:00') continue;
        const peer = [...cluster.nodes.values()].find((other) => ownVtepMac(other)?.value === entry.mac);
        if (!peer) continue;
        byDst.set(entry.dst, [...(byDst.get(entry.dst) ?? []), { peer: peer.name, mac: entry.mac, evidence: entry.evidence }]);
      }
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
