// The kernel's route lookup for an IPv4 destination (fib_lookup): the local table first (the
// node's own addresses), then the main table by longest prefix, lowest metric among equals.
// Policy rules other than the default ones are not applied: netsift reads them but kube-proxy and
// flannel paths use main. A throw route ends the lookup in main (nothing after it: no route).
import { parseIPv4, prefixContains } from '../core';
import type { Address, Route } from './node/facts';
import type { NodeSnapshot } from './node/snapshot';

export type RouteLookup =
  | { kind: 'local'; address: Address }
  | { kind: 'route'; route: Route }
  | { kind: 'none' };

export function findRoute(node: NodeSnapshot, destination: string, table = 'main'): RouteLookup {
  const value = parseIPv4(destination);
  if (value === null) return { kind: 'none' };
  const local = node.addresses.entries.find((address) => address.value === value);
  if (local) return { kind: 'local', address: local };
  let best: Route | null = null;
  for (const route of node.routes.entries) {
    if (route.table !== table || !prefixContains(route.prefix, value)) continue;
    if (route.type === 'local' || route.type === 'broadcast') continue;
    if (!best || route.prefix.length > best.prefix.length
      || (route.prefix.length === best.prefix.length && (route.metric ?? 0) < (best.metric ?? 0))) best = route;
  }
  return best ? { kind: 'route', route: best } : { kind: 'none' };
}
