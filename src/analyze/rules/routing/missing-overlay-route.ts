// flannel's vxlan backend routes every peer lease via the peer's VTEP address on flannel.1
// (`<subnet> via <subnet .0> dev flannel.1 onlink`). A node whose complete route listing lacks
// one cannot reach that peer's pods: the packet follows the default route out of the overlay. A node
// that lacks more than ten (flannel down: all of them) gets one finding that counts them.
import { citeAbsence, FLANNEL_DEVICE, isOverlayMember, prefixWithin, type Lease } from '../../../model';
import { missingMany } from '../../bounded';
import { flannelRestart } from '../../fix-commands';
import { defineRule } from '../rule';

export const missingOverlayRoute = defineRule({
  meta: {
    id: 'routing/missing-overlay-route',
    title: "No overlay route to a peer node's pod subnet",
    severity: 'error',
    messages: {
      missing: '{host} has no route to {peer}\'s pod subnet {subnet} via {gateway} dev flannel.1',
      missingMany: '{host} has no route via flannel.1 to {count} peers\' pod subnets: {subnets}',
    },
  },
  *check(model) {
    for (const node of model.nodes.values()) {
      // a listing of the whole main table, or of flannel.1's routes (ip route show dev flannel.1)
      const listing = node.routes.complete.find((l) => l.entries.length > 0 && (l.dev === null || l.dev === FLANNEL_DEVICE));
      if (!listing || !isOverlayMember(model, node)) continue;
      // a route via flannel.1 that covers the whole lease will do (a default route does not: it is not flannel's);
      // those routes picked once, not out of the whole table once per lease
      const overlay = node.routes.entries.filter((route) => route.dev === FLANNEL_DEVICE && route.type === 'unicast' && route.prefix.length > 0);
      // flannel's own routes are the leases themselves: looked up by text first, not searched for each lease
      const exact = new Set(overlay.map((route) => route.network));
      const missing: Lease[] = [];
      for (const lease of model.cluster.leases) {
        if (lease.node === node.name || exact.has(lease.text)) continue;
        if (!overlay.some((route) => prefixWithin(lease.subnet, route.prefix))) missing.push(lease);
      }
      const absence = (lease: Lease) => citeAbsence(listing.source, `${lease.text} via ${lease.gateway} dev ${FLANNEL_DEVICE} onlink`);
      const many = missingMany(node.name, missing, {
        list: 'subnets', name: (lease) => lease.text, absence, subnet: (lease) => lease.text, fix: [flannelRestart(node)],
        objects: (shown) => ({ subnets: shown.map((lease) => lease.text), interfaces: [FLANNEL_DEVICE], hosts: [node.name, ...shown.map((lease) => lease.node)] }),
      });
      if (many) {
        yield many;
        continue;
      }
      for (const lease of missing) {
        yield {
          messageId: 'missing',
          host: node.name,
          data: { host: node.name, peer: lease.node, subnet: lease.text, gateway: lease.gateway },
          key: lease.text,
          evidence: [absence(lease), ...lease.claims.flatMap((c) => c.evidence).slice(0, 1)],
          objects: { subnets: [lease.text], addresses: [lease.gateway], interfaces: [FLANNEL_DEVICE], hosts: [node.name, lease.node] },
          fix: [flannelRestart(node)],
          effectOf: [`overlay-path:${node.name}:${lease.text}`],
        };
      }
    }
  },
});
