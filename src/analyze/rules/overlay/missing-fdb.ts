// flannel adds a permanent FDB entry on flannel.1 for each peer's VTEP MAC, pointing at the peer's
// public (underlay) IP: it is how vxlan knows where to send the encapsulated frame.
import { bestClaim, citeAbsence, FLANNEL_DEVICE, isOverlayNode } from '../../../model';
import { flannelRestart } from '../../fix-commands';
import { defineRule } from '../rule';

export const missingFdb = defineRule({
  meta: {
    id: 'overlay/missing-fdb',
    title: "No FDB entry for a peer node's VTEP MAC",
    severity: 'error',
    messages: {
      missing: '{host} has no FDB entry on flannel.1 for {mac}, the VTEP of {peer} ({dst})',
    },
  },
  *check(model) {
    for (const node of model.nodes.values()) {
      const listing = node.fdb.complete.find((l) => l.dev === null || l.dev === FLANNEL_DEVICE);
      if (!listing || !isOverlayNode(node)) continue;
      // the MACs flannel.1 has FDB entries for, read once (not once per lease)
      const held = new Set(node.fdb.entries.filter((entry) => entry.dev === FLANNEL_DEVICE).map((entry) => entry.mac));
      for (const lease of model.cluster.leases) {
        if (lease.node === node.name) continue;
        const peer = model.cluster.nodes.get(lease.node);
        const mac = bestClaim(peer?.vtepMac ?? []);
        if (!mac) continue;
        if (held.has(mac.value)) continue;
        const underlay = bestClaim(peer?.underlay ?? []);
        const dst = underlay?.value ?? `<${lease.node}'s IP>`;
        yield {
          messageId: 'missing',
          host: node.name,
          data: { host: node.name, mac: mac.value, peer: lease.node, dst },
          key: mac.value,
          evidence: [citeAbsence(listing.source, `${mac.value} dev ${FLANNEL_DEVICE} dst ${dst} self permanent`), ...mac.evidence.slice(0, 1)],
          objects: { macs: [mac.value], addresses: underlay ? [underlay.value] : [], interfaces: [FLANNEL_DEVICE], subnets: [lease.text], hosts: [node.name, lease.node] },
          fix: [flannelRestart(node)],
          effectOf: [`overlay-path:${node.name}:${lease.text}`],
        };
      }
    }
  },
});
