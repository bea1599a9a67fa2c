// A blackhole, unreachable or prohibit route inside a pod subnet drops what longest-prefix match
// sends to it, even after the overlay route is back: a /26 beats flannel's /24. Calico leaves such
// routes (proto bird) for its IPAM blocks; route -n shows a blackhole as Iface "*".
import { formatPrefix4, prefixesOverlap, prefixRange, prefixWithin, type Lease, type Prefix4 } from '../../../model';
import { sh } from '../../fix-commands';
import { defineRule } from '../rule';

export const staleBlackhole = defineRule({
  meta: {
    id: 'routing/stale-blackhole',
    title: 'Blackhole or unreachable route inside the pod network',
    severity: 'error',
    messages: {
      shadowsPeer: '{host} has a {type} route {network} inside {peer}\'s pod subnet {subnet}: by longest-prefix match it drops {range} even when the overlay route is there',
      shadowsOwn: '{host} has a {type} route {network} inside its own pod subnet {subnet}: its pods {range} are unreachable',
      latent: '{host} has a {type} route {network} that no current pod subnet uses{origin}: harmless now, it drops {range} if a lease ever covers it',
    },
  },
  *check(model) {
    const podNetwork = model.cluster.network?.value ?? leaseNetwork(model.cluster.leases);
    for (const node of model.nodes.values()) {
      for (const route of node.routes.entries) {
        if (route.type !== 'blackhole' && route.type !== 'unreachable' && route.type !== 'prohibit') continue;
        if (route.prefix.length === 0) continue;
        const type = route.typeInferred && route.type === 'blackhole' ? 'blackhole (no device: Iface "*")' : route.type;
        const fix = [sh`ip route del ${route.typeInferred ? sh`` : sh`${route.type} `}${formatPrefix4(route.prefix)}`];
        // a route wider than a lease loses to the lease's own, more specific routes (longest-prefix match)
        if (model.cluster.leases.some((lease) => prefixesOverlap(lease.subnet, route.prefix) && !prefixWithin(route.prefix, lease.subnet))) continue;
        const leases = model.cluster.leases.filter((lease) => prefixWithin(route.prefix, lease.subnet));
        const data = { host: node.name, type, network: formatPrefix4(route.prefix), range: prefixRange(route.prefix) };
        const hit: Lease | undefined = leases[0];
        if (!hit) {
          // outside the pod network, a blackhole is someone's deliberate null route, not this rule's
          if (!podNetwork || !prefixWithin(route.prefix, podNetwork)) continue;
          yield {
            messageId: 'latent', host: node.name,
            data: { ...data, origin: route.protocol === 'bird' ? ' (proto bird: left by Calico)' : '' },
            key: data.network, evidence: [route.evidence], fix, harmless: true, severity: 'warning',
            objects: { subnets: [data.network], hosts: [node.name] },
          };
          continue;
        }
        const own = hit.node === node.name;
        yield {
          messageId: own ? 'shadowsOwn' : 'shadowsPeer', host: node.name,
          data: { ...data, peer: hit.node, subnet: hit.text },
          key: data.network,
          evidence: [route.evidence, ...hit.claims.flatMap((claim) => claim.evidence).slice(0, 1)],
          fix,
          objects: { subnets: [data.network, hit.text], hosts: [node.name, hit.node] },
          explains: [`blackhole:${node.name}:${data.network}`],
        };
      }
    }
  },
});

/**
 * The pod network when no subnet.env names it: the prefix the leases share, at most a /16 (flannel's
 * default network is a /16 of /24 leases, and Calico's old blocks lie anywhere in it).
 */
function leaseNetwork(leases: readonly Lease[]): Prefix4 | null {
  const [first, ...rest] = leases;
  if (!first) return null;
  let length = Math.min(16, first.subnet.length);
  while (length > 0 && rest.some((lease) => !prefixWithin(lease.subnet, { network: maskTo(first.subnet.network, length), length }))) length--;
  return { network: maskTo(first.subnet.network, length), length };
}

function maskTo(network: number, length: number): number {
  return length === 0 ? 0 : (network & (0xffffffff << (32 - length))) >>> 0;
}
