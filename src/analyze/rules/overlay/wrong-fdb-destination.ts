// flannel's FDB entry for a peer's VTEP MAC points at the peer's public IP (backend/vxlan AddFDB,
// the lease's PublicIP): the underlay address vxlan sends the encapsulated frame to. An entry
// pointing elsewhere sends the peer's traffic to a host that is not the peer (or to no host at all,
// whose ARP then fails on the underlay).
import { FLANNEL_DEVICE, leaseOf, ownUnderlay, ownVtepMac, type Evidence } from '../../../model';
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
    const peers = [...model.cluster.nodes.values()];
    for (const node of model.nodes.values()) {
      for (const entry of node.fdb.entries) {
        if (entry.dev !== FLANNEL_DEVICE || !entry.dst || entry.mac === '00:00:00:00:00:00') continue;
        const peer = peers.find((other) => other.name !== node.name && ownVtepMac(other)?.value === entry.mac);
        const expected = ownUnderlay(peer);
        if (!peer || !expected || expected.value === entry.dst) continue;
        const mac = ownVtepMac(peer);
        const right = node.fdb.entries.some((f) => f.dev === FLANNEL_DEVICE && f.mac === entry.mac && f.dst === expected.value);
        // the underlay neighbour entry for the wrong address, when it shows that nobody answers there
        const failed = node.neighbors.entries.filter((n) => n.ip === entry.dst && n.dev !== FLANNEL_DEVICE
          && (n.state ?? []).some((state) => state === 'FAILED' || state === 'INCOMPLETE'));
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
