// flannel's vxlan backend routes every peer lease via the peer's VTEP address on flannel.1
// (`<subnet> via <subnet .0> dev flannel.1 onlink`). A node whose complete route listing lacks
// one cannot reach that peer's pods: the packet follows the default route out of the overlay.
import { citeAbsence, FLANNEL_DEVICE, isOverlayNode, prefixWithin } from '../../../model';
import { flannelRestart } from '../../fix-commands';
import { defineRule } from '../rule';

export const missingOverlayRoute = defineRule({
  meta: {
    id: 'routing/missing-overlay-route',
    title: "No overlay route to a peer node's pod subnet",
    severity: 'error',
    messages: {
      missing: '{host} has no route to {peer}\'s pod subnet {subnet} via {gateway} dev flannel.1',
    },
  },
  *check(model) {
    for (const node of model.nodes.values()) {
      // a listing of the whole main table, or of flannel.1's routes (ip route show dev flannel.1)
      const listing = node.routes.complete.find((l) => l.entries.length > 0 && (l.dev === null || l.dev === FLANNEL_DEVICE));
      if (!listing || !isOverlayNode(node)) continue;
      // a route via flannel.1 that covers the whole lease will do (a default route does not: it is not flannel's);
      // those routes picked once, not out of the whole table once per lease
      const overlay = node.routes.entries.filter((route) => route.dev === FLANNEL_DEVICE && route.type === 'unicast' && route.prefix.length > 0);
      for (const lease of model.cluster.leases) {
        if (lease.node === node.name) continue;
        const routed = overlay.some((route) => prefixWithin(lease.subnet, route.prefix));
        if (routed) continue;
        yield {
          messageId: 'missing',
          host: node.name,
          data: { host: node.name, peer: lease.node, subnet: lease.text, gateway: lease.gateway },
          key: lease.text,
          evidence: [citeAbsence(listing.source, `${lease.text} via ${lease.gateway} dev ${FLANNEL_DEVICE} onlink`), ...lease.claims.flatMap((c) => c.evidence).slice(0, 1)],
          objects: { subnets: [lease.text], addresses: [lease.gateway], interfaces: [FLANNEL_DEVICE], hosts: [node.name, lease.node] },
          fix: [flannelRestart(node)],
          effectOf: [`overlay-path:${node.name}:${lease.text}`],
        };
      }
    }
  },
});
