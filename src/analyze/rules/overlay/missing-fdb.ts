// flannel adds a permanent FDB entry on flannel.1 for each peer's VTEP MAC, pointing at the peer's
// public (underlay) IP: it is how vxlan knows where to send the encapsulated frame. A node that
// lacks more than ten (flannel down: all of them) gets one finding that counts them.
import { bestClaim, citeAbsence, FLANNEL_DEVICE, isOverlayMember, type Claim, type Lease } from '../../../model';
import { missingMany } from '../../bounded';
import { flannelRestart } from '../../fix-commands';
import { defineRule } from '../rule';

export const missingFdb = defineRule({
  meta: {
    id: 'overlay/missing-fdb',
    title: "No FDB entry for a peer node's VTEP MAC",
    severity: 'error',
    messages: {
      missing: '{host} has no FDB entry on flannel.1 for {mac}, the VTEP of {peer} ({dst})',
      missingMany: '{host} has no FDB entry on flannel.1 for {count} peers\' VTEP MACs: {macs}',
    },
  },
  *check(model) {
    for (const node of model.nodes.values()) {
      const listing = node.fdb.complete.find((l) => l.dev === null || l.dev === FLANNEL_DEVICE);
      if (!listing || !isOverlayMember(model, node)) continue;
      // the MACs flannel.1 has FDB entries for, read once (not once per lease)
      const held = new Set(node.fdb.entries.filter((entry) => entry.dev === FLANNEL_DEVICE).map((entry) => entry.mac));
      const missing: { lease: Lease; mac: Claim<string>; underlay: Claim<string> | null; dst: string }[] = [];
      for (const lease of model.cluster.leases) {
        if (lease.node === node.name) continue;
        const peer = model.cluster.nodes.get(lease.node);
        const mac = bestClaim(peer?.vtepMac ?? []);
        if (!mac || held.has(mac.value)) continue;
        const underlay = bestClaim(peer?.underlay ?? []);
        missing.push({ lease, mac, underlay, dst: underlay?.value ?? `<${lease.node}'s IP>` });
      }
      const absence = (entry: (typeof missing)[number]) => citeAbsence(listing.source, `${entry.mac.value} dev ${FLANNEL_DEVICE} dst ${entry.dst} self permanent`);
      const many = missingMany(node.name, missing, {
        list: 'macs', name: (entry) => entry.mac.value, absence, subnet: (entry) => entry.lease.text, fix: [flannelRestart(node)],
        objects: (shown) => ({ macs: shown.map((entry) => entry.mac.value), interfaces: [FLANNEL_DEVICE], subnets: shown.map((entry) => entry.lease.text), hosts: [node.name, ...shown.map((entry) => entry.lease.node)] }),
      });
      if (many) {
        yield many;
        continue;
      }
      for (const entry of missing) {
        const { lease, mac, underlay, dst } = entry;
        yield {
          messageId: 'missing',
          host: node.name,
          data: { host: node.name, mac: mac.value, peer: lease.node, dst },
          key: mac.value,
          evidence: [absence(entry), ...mac.evidence.slice(0, 1)],
          objects: { macs: [mac.value], addresses: underlay ? [underlay.value] : [], interfaces: [FLANNEL_DEVICE], subnets: [lease.text], hosts: [node.name, lease.node] },
          fix: [flannelRestart(node)],
          effectOf: [`overlay-path:${node.name}:${lease.text}`],
        };
      }
    }
  },
});
