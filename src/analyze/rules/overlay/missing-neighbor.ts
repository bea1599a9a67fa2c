// flannel adds a permanent neighbour entry for each peer's VTEP address on flannel.1 (so the kernel
// never ARPs over vxlan). Without it the onlink route has no MAC to send to. A node that lacks more
// than ten (flannel down: all of them) gets one finding that counts them.
import { bestClaim, citeAbsence, coversDevice, FLANNEL_DEVICE, isOverlayMember, type Lease } from '../../../model';
import { missingMany } from '../../bounded';
import { flannelRestart } from '../../fix-commands';
import { defineRule } from '../rule';

export const missingNeighbor = defineRule({
  meta: {
    id: 'overlay/missing-neighbor',
    title: "No neighbour entry for a peer node's VTEP",
    severity: 'error',
    messages: {
      missing: '{host} has no neighbour entry on flannel.1 for {gateway}, the VTEP of {peer} ({subnet})',
      missingMany: '{host} has no neighbour entry on flannel.1 for {count} peers\' VTEPs: {gateways}',
    },
  },
  *check(model) {
    for (const node of model.nodes.values()) {
      if (!isOverlayMember(model, node) || !coversDevice(node.neighbors, FLANNEL_DEVICE)) continue;
      const listing = node.neighbors.complete.find((l) => l.dev === null || l.dev === FLANNEL_DEVICE);
      if (!listing) continue;
      // the addresses flannel.1 has neighbours for, read once (not once per lease)
      const held = new Set(node.neighbors.entries.filter((n) => n.dev === FLANNEL_DEVICE).map((n) => n.ip));
      const missing = model.cluster.leases.filter((lease) => lease.node !== node.name && !held.has(lease.gateway));
      const macOf = (lease: Lease) => bestClaim(model.cluster.nodes.get(lease.node)?.vtepMac ?? []);
      const absence = (lease: Lease) => citeAbsence(listing.source, `${lease.gateway} lladdr ${macOf(lease)?.value ?? `<${lease.node}'s VTEP MAC>`} PERMANENT`);
      const many = missingMany(node.name, missing, {
        list: 'gateways', name: (lease) => lease.gateway, absence, subnet: (lease) => lease.text, fix: [flannelRestart(node)],
        objects: (shown) => ({ addresses: shown.map((lease) => lease.gateway), subnets: shown.map((lease) => lease.text), interfaces: [FLANNEL_DEVICE], hosts: [node.name, ...shown.map((lease) => lease.node)] }),
      });
      if (many) {
        yield many;
        continue;
      }
      for (const lease of missing) {
        const mac = macOf(lease);
        yield {
          messageId: 'missing',
          host: node.name,
          data: { host: node.name, gateway: lease.gateway, peer: lease.node, subnet: lease.text },
          key: lease.gateway,
          evidence: [absence(lease), ...(mac ? mac.evidence.slice(0, 1) : [])],
          objects: { addresses: [lease.gateway], subnets: [lease.text], interfaces: [FLANNEL_DEVICE], macs: mac ? [mac.value] : [], hosts: [node.name, lease.node] },
          fix: [flannelRestart(node)],
          effectOf: [`overlay-path:${node.name}:${lease.text}`],
        };
      }
    }
  },
});
