// flannel's vxlan backend routes every peer lease via the peer's VTEP address on flannel.1
// (`<subnet> via <subnet .0> dev flannel.1 onlink`). A node whose complete route listing lacks
// one cannot reach that peer's pods: the packet follows the default route out of the overlay. A node
// that lacks more than ten (flannel down: all of them) gets one finding that counts them.
import { citeAbsence, FLANNEL_DEVICE, isOverlayMember, prefixWithin, type Lease, type Model, type NodeSnapshot, type ParsedSection, type Route } from '../../../model';
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
      missingHostGw: '{host} has no route to {peer}\'s pod subnet {subnet} via {gateway} (flannel host-gw)',
      missingManyHostGw: '{host} has no route to {count} peers\' pod subnets (flannel host-gw): {subnets}',
    },
  },
  *check(model) {
    const hostGw = hostGwGateways(model);
    for (const node of model.nodes.values()) {
      // a listing of the whole main table, or of flannel.1's routes (ip route show dev flannel.1)
      const listing = node.routes.complete.find((l) => l.entries.length > 0 && (l.dev === null || l.dev === FLANNEL_DEVICE));
      if (!listing) continue;
      if (!isOverlayMember(model, node)) {
        if (hostGw) yield* missingHostGwRoutes(model, node, listing.source, hostGw);
        continue;
      }
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

/**
 * flannel's host-gw backend routes each peer's lease via the peer's own address on the underlay
 * (`10.89.2.0/24 via 172.16.8.23 dev eth0`). The gateway of each lease that the nodes' routes show,
 * when the cluster runs host-gw: its config says so, or a node routes a peer's lease via a gateway
 * off flannel.1. Null for a vxlan cluster.
 */
function hostGwGateways(model: Model): Map<string, Route> | null {
  const backend = model.cluster.flannelConfig?.backend?.toLowerCase() ?? null;
  if (backend !== null && backend !== 'host-gw') return null;
  // without a config, a cluster with vxlan routes is a vxlan one (a static route to a lease is no backend)
  if (backend === null && [...model.nodes.values()].some((node) => node.routes.entries.some((route) => route.dev === FLANNEL_DEVICE))) return null;
  const gateways = new Map<string, Route>();
  const leases = new Map(model.cluster.leases.map((lease) => [lease.text, lease]));
  for (const node of model.nodes.values()) {
    for (const route of node.routes.entries) {
      if (route.dev === FLANNEL_DEVICE || route.gateway === null || route.type !== 'unicast' || route.prefix.length === 0) continue;
      const lease = leases.get(route.network);
      if (lease && lease.node !== node.name && !gateways.has(lease.text)) gateways.set(lease.text, route);
    }
  }
  return backend === 'host-gw' || gateways.size > 0 ? gateways : null;
}

/** A host-gw node's missing routes to its peers' leases (a node whose own outputs show its lease). */
function* missingHostGwRoutes(model: Model, node: NodeSnapshot, source: ParsedSection, gateways: Map<string, Route>) {
  const own = model.cluster.leases.find((lease) => lease.node === node.name);
  if (!own || own.inferred) return;
  const routes = node.routes.entries.filter((route) => route.type === 'unicast' && route.prefix.length > 0);
  const missing = model.cluster.leases.filter((lease) => lease.node !== node.name && !routes.some((route) => prefixWithin(lease.subnet, route.prefix)));
  const gatewayOf = (lease: Lease): string => gateways.get(lease.text)?.gateway ?? `<${lease.node}'s address>`;
  const absence = (lease: Lease) => citeAbsence(source, `${lease.text} via ${gatewayOf(lease)}`);
  const many = missingMany(node.name, missing, {
    messageId: 'missingManyHostGw' as const, list: 'subnets', name: (lease) => lease.text, absence, subnet: (lease) => lease.text, fix: [flannelRestart(node)],
    objects: (shown) => ({ subnets: shown.map((lease) => lease.text), hosts: [node.name, ...shown.map((lease) => lease.node)] }),
  });
  if (many) {
    yield many;
    return;
  }
  for (const lease of missing) {
    const gateway = gatewayOf(lease);
    const shown = gateways.get(lease.text);
    yield {
      messageId: 'missingHostGw' as const,
      host: node.name,
      data: { host: node.name, peer: lease.node, subnet: lease.text, gateway },
      key: lease.text,
      evidence: [absence(lease), ...(shown ? [shown.evidence] : lease.claims.flatMap((c) => c.evidence).slice(0, 1))],
      objects: { subnets: [lease.text], hosts: [node.name, lease.node] },
      fix: [flannelRestart(node)],
      effectOf: [`overlay-path:${node.name}:${lease.text}`],
    };
  }
}
