// flannel adds a permanent neighbour entry for each peer's VTEP address on flannel.1 (so the kernel
// never ARPs over vxlan). Without it the onlink route has no MAC to send to.
import { bestClaim, citeAbsence, coversDevice, FLANNEL_DEVICE, isOverlayNode } from '../../../model';
import { flannelRestart } from '../../fix-commands';
import { defineRule } from '../rule';

export const missingNeighbor = defineRule({
  meta: {
    id: 'overlay/missing-neighbor',
    title: "No neighbour entry for a peer node's VTEP",
    severity: 'error',
    messages: {
      missing: '{host} has no neighbour entry on flannel.1 for {gateway}, the VTEP of {peer} ({subnet})',
    },
  },
  *check(model) {
    for (const node of model.nodes.values()) {
      if (!isOverlayNode(node) || !coversDevice(node.neighbors, FLANNEL_DEVICE)) continue;
      const listing = node.neighbors.complete.find((l) => l.dev === null || l.dev === FLANNEL_DEVICE);
      if (!listing) continue;
      // the addresses flannel.1 has neighbours for, read once (not once per lease)
      const held = new Set(node.neighbors.entries.filter((n) => n.dev === FLANNEL_DEVICE).map((n) => n.ip));
      for (const lease of model.cluster.leases) {
        if (lease.node === node.name) continue;
        if (held.has(lease.gateway)) continue;
        const mac = bestClaim(model.cluster.nodes.get(lease.node)?.vtepMac ?? []);
        yield {
          messageId: 'missing',
          host: node.name,
          data: { host: node.name, gateway: lease.gateway, peer: lease.node, subnet: lease.text },
          key: lease.gateway,
          evidence: [citeAbsence(listing.source, `${lease.gateway} lladdr ${mac?.value ?? `<${lease.node}'s VTEP MAC>`} PERMANENT`), ...(mac ? mac.evidence.slice(0, 1) : [])],
          objects: { addresses: [lease.gateway], subnets: [lease.text], interfaces: [FLANNEL_DEVICE], macs: mac ? [mac.value] : [], hosts: [node.name, lease.node] },
          fix: [flannelRestart(node)],
          effectOf: [`overlay-path:${node.name}:${lease.text}`],
        };
      }
    }
  },
});
