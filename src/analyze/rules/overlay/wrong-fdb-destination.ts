// flannel's FDB entry for a peer's VTEP MAC points at the peer's public IP (backend/vxlan AddFDB,
// the lease's PublicIP): the underlay address vxlan sends the encapsulated frame to. An entry
// pointing elsewhere sends the peer's traffic to a host that is not the peer (or to no host at all,
// whose ARP then fails on the underlay).
import { groupBy } from '../../../core';
import { FLANNEL_DEVICE, leaseOf, nodesByClaim, ownUnderlay, ownVtepMac, type Evidence, type Neighbor } from '../../../model';
import { sh } from '../../fix-commands';
import { defineRule } from '../rule';

export const wrongFdbDestination = defineRule({
  meta: {
    id: 'overlay/wrong-fdb-destination',
    title: "FDB entry for a peer's VTEP points at another IP",
    severity: 'error',
    messages: {
      wrong: "{host}'s FDB entry for {mac}, the VTEP of {peer}, sends to {dst}, but {peer}'s IP is {expected}",
      extra: "{host}'s FDB entry for {mac}, the VTEP of {peer}, also sends to {dst} besides {expected}: every frame to {peer} is copied there",
    },
  },
  *check(model) {
    const byMac = nodesByClaim(model.cluster, ownVtepMac);
    for (const node of model.nodes.values()) {
      // this node's flannel.1 entries as "mac dst", and its failed underlay neighbours by address, read once
      const flannelEntries = new Set<string>();
      for (const f of node.fdb.entries) if (f.dev === FLANNEL_DEVICE && f.dst) flannelEntries.add(`${f.mac} ${f.dst}`);
      let failedByIp: Map<string, Neighbor[]> | null = null;
      for (const entry of node.fdb.entries) {
        if (entry.dev !== FLANNEL_DEVICE || !entry.dst || entry.mac === '00:00:00:00:00:00') continue;
        const peer = byMac.get(entry.mac)?.find((other) => other.name !== node.name);
        const expected = ownUnderlay(peer);
        if (!peer || !expected || expected.value === entry.dst) continue;
        const mac = ownVtepMac(peer);
        const right = flannelEntries.has(`${entry.mac} ${expected.value}`);
        // the underlay neighbour entry for the wrong address, when it shows that nobody answers there
        failedByIp ??= failedNeighbors(node.neighbors.entries);
        const failed = failedByIp.get(entry.dst) ?? [];
        const evidence: Evidence[] = [entry.evidence, ...expected.evidence.slice(0, 1), ...(mac?.evidence.slice(0, 1) ?? []), ...failed.map((n) => n.evidence)];
        const lease = leaseOf(model.cluster, peer.name);
        yield {
          messageId: right ? 'extra' : 'wrong',
          host: node.name,
          data: { host: node.name, mac: entry.mac, peer: peer.name, dst: entry.dst, expected: expected.value },
          key: `${entry.mac} ${entry.dst}`,
          evidence,
          severity: right ? 'warning' : 'error',
          objects: { addresses: [entry.dst, expected.value], macs: [entry.mac], interfaces: [FLANNEL_DEVICE], hosts: [node.name, peer.name], subnets: lease ? [lease.text] : [] },
          fix: [
            sh`bridge fdb del ${entry.mac} dev ${FLANNEL_DEVICE} dst ${entry.dst}`,
            ...(right ? [] : [sh`bridge fdb append ${entry.mac} dev ${FLANNEL_DEVICE} dst ${expected.value} self permanent`]),
          ],
          explains: right ? [] : [`vtep:${node.name}:${peer.name}`, ...(lease ? [`overlay-path:${node.name}:${lease.text}`] : [])],
        };
      }
    }
  },
});

/** Underlay neighbours (not on flannel.1) in state FAILED or INCOMPLETE, by address, in listing order. */
function failedNeighbors(entries: readonly Neighbor[]): Map<string, Neighbor[]> {
  return groupBy(entries, (n) => (n.dev !== FLANNEL_DEVICE && (n.state ?? []).some((state) => state === 'FAILED' || state === 'INCOMPLETE') ? n.ip : null));
}
