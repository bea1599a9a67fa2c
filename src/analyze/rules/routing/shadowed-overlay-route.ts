// The kernel picks the longest matching prefix (fib_lookup), so a route more specific than
// flannel's `<lease> via <gateway> dev flannel.1 onlink` takes the part of the peer's pod subnet it
// covers elsewhere: a static route, a VPN's or another CNI's. Blackholes are routing/stale-blackhole's.
import { FLANNEL_DEVICE, formatPrefix4, prefixRange, prefixWithin } from '../../../model';
import { sh } from '../../fix-commands';
import { defineRule } from '../rule';

export const shadowedOverlayRoute = defineRule({
  meta: {
    id: 'routing/shadowed-overlay-route',
    title: "A more specific route steals part of a peer's pod subnet",
    severity: 'error',
    messages: {
      shadowed: "{host} routes {network} {target}, inside {peer}'s pod subnet {subnet}: by longest-prefix match {range} never reach flannel.1",
    },
  },
  *check(model) {
    for (const node of model.nodes.values()) {
      for (const route of node.routes.entries) {
        if (route.table !== 'main' || route.type !== 'unicast' || route.dev === FLANNEL_DEVICE) continue;
        const lease = model.cluster.leases.find((l) => l.node !== node.name && prefixWithin(route.prefix, l.subnet) && route.prefix.length > l.subnet.length);
        if (!lease) continue;
        const network = formatPrefix4(route.prefix);
        const target = [route.gateway ? `via ${route.gateway}` : '', route.dev ? `dev ${route.dev}` : ''].filter(Boolean).join(' ');
        yield {
          messageId: 'shadowed' as const, host: node.name,
          data: { host: node.name, network, target, peer: lease.node, subnet: lease.text, range: prefixRange(route.prefix) },
          key: network,
          evidence: [route.evidence, ...lease.claims.flatMap((c) => c.evidence).slice(0, 1)],
          objects: {
            subnets: [network, lease.text], hosts: [node.name, lease.node],
            interfaces: route.dev ? [route.dev] : [], addresses: route.gateway ? [route.gateway] : [],
          },
          fix: [sh`ip route del ${network}${route.gateway ? sh` via ${route.gateway}` : sh``}${route.dev ? sh` dev ${route.dev}` : sh``}`],
          explains: [`shadowed:${node.name}:${network}`],
        };
      }
    }
  },
});
