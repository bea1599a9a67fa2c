// flannel's vxlan backend logs each failure to program a peer: "failed to add vxlanRoute (S -> G):
// <errno>", "AddARP failed", "AddFDB failed" (backend/vxlan/vxlan_network.go). After a failed route
// it deletes the peer's neighbour and FDB entries again, so all three go missing together.
import { groupBy } from '../../../core';
import type { Evidence, FlannelEvent } from '../../../model';
import { defineRule } from '../rule';

/** For each "failed" event of AddARP/AddFDB, the subnet of the "adding subnet" line before it (one pass). */
function peersBefore(events: readonly FlannelEvent[]): Map<FlannelEvent['event'], string> {
  const out = new Map<FlannelEvent['event'], string>();
  let subnet: string | null = null;
  for (const { event } of events) {
    if (event.event === 'vxlan-subnet-added') subnet = event.subnet;
    else if (event.event === 'vtep-entry-failed' && subnet !== null) out.set(event, subnet);
  }
  return out;
}

/**
 * The events grouped by `keyOf` (null: not grouped), in the order of each group's first event:
 * flannel retries a failed peer on every lease event, and a log of a day holds the same failure
 * hundreds of times; each is one finding, citing its first and last line and counting the rest.
 */
function repeated(events: readonly FlannelEvent[], keyOf: (event: FlannelEvent['event']) => string | null): FlannelEvent[][] {
  return [...groupBy(events, (item) => keyOf(item.event)).values()];
}

const firstAndLast = (group: readonly FlannelEvent[]): Evidence[] =>
  group.length === 1 ? [(group[0] as FlannelEvent).evidence] : [(group[0] as FlannelEvent).evidence, (group[group.length - 1] as FlannelEvent).evidence];

export const programmingError = defineRule({
  meta: {
    id: 'flannel/programming-error',
    title: 'flannel failed to program a route, neighbour or FDB entry',
    severity: 'error',
    messages: {
      routeAdd: 'flannel on {host} failed to add the route {subnet} via {gateway}: {error}',
      routeAddRepeated: 'flannel on {host} failed {times} times to add the route {subnet} via {gateway}: {error}',
      routeAddInvalid: 'flannel on {host} failed to add the route {subnet} via {gateway}: {error} (the kernel refuses an onlink route whose gateway is not a unicast address to it; most often {gateway} is an address of {host} itself: look for it in ip -4 addr)',
      routeAddInvalidRepeated: 'flannel on {host} failed {times} times to add the route {subnet} via {gateway}: {error} (the kernel refuses an onlink route whose gateway is not a unicast address to it; most often {gateway} is an address of {host} itself: look for it in ip -4 addr)',
      routeDelete: 'flannel on {host} failed to delete the route {subnet} via {gateway}: {error} (the route was never there)',
      routeDeleteRepeated: 'flannel on {host} failed {times} times to delete the route {subnet} via {gateway}: {error} (the route was never there)',
      entry: 'flannel on {host} failed to {operation} a peer {table} entry: {error}',
      entryRepeated: 'flannel on {host} failed {times} times to {operation} a peer {table} entry: {error}',
    },
  },
  *check(model) {
    for (const node of model.nodes.values()) {
      const events = node.flannel.events;
      // flannel removes a peer's ARP and FDB entries when its route fails; deleting them again at
      // shutdown then fails too: those failures follow from the route's
      const failedRoutes = [...new Set(events.flatMap(({ event }) => (event.event === 'route-add-failed' ? [`overlay-path:${node.name}:${event.subnet}`] : [])))];
      const peers = peersBefore(events);
      const groups = repeated(events, (event) => {
        if (event.event === 'route-add-failed' || event.event === 'route-delete-failed') return JSON.stringify([event.event, event.route, event.family, event.subnet, event.gateway, event.error]);
        if (event.event !== 'vtep-entry-failed') return null;
        // flannel names no subnet here: it is the peer of the "adding subnet" line before it
        return JSON.stringify([event.event, event.operation, event.table, event.family, event.error, event.operation === 'add' ? peers.get(event) ?? null : null]);
      });
      for (const group of groups) {
        const { event } = group[0] as FlannelEvent;
        const times = group.length;
        const evidenceOf = firstAndLast(group);
        if (event.event === 'route-add-failed') {
          // EINVAL: fib_check_nh's "Nexthop has invalid gateway", a gateway the kernel holds itself
          const invalid = event.error.trim().toLowerCase() === 'invalid argument';
          yield {
            messageId: invalid ? (times > 1 ? ('routeAddInvalidRepeated' as const) : ('routeAddInvalid' as const)) : times > 1 ? ('routeAddRepeated' as const) : ('routeAdd' as const), host: node.name,
            data: { host: node.name, subnet: event.subnet, gateway: event.gateway, error: event.error, ...(times > 1 ? { times } : {}) },
            key: `add ${event.subnet}`, evidence: evidenceOf,
            objects: { subnets: [event.subnet], addresses: [event.gateway], interfaces: ['flannel.1'], hosts: [node.name] },
            effectOf: [`overlay-path:${node.name}:${event.subnet}`],
            explains: [`overlay-path:${node.name}:${event.subnet}`],
          };
        } else if (event.event === 'route-delete-failed') {
          yield {
            messageId: times > 1 ? ('routeDeleteRepeated' as const) : ('routeDelete' as const), host: node.name, severity: 'warning',
            data: { host: node.name, subnet: event.subnet, gateway: event.gateway, error: event.error, ...(times > 1 ? { times } : {}) },
            key: `delete ${event.subnet}`, evidence: evidenceOf,
            objects: { subnets: [event.subnet], addresses: [event.gateway], hosts: [node.name] },
            effectOf: [`overlay-path:${node.name}:${event.subnet}`],
          };
        } else if (event.event === 'vtep-entry-failed') {
          const subnet = event.operation === 'add' ? peers.get(event) ?? null : null;
          yield {
            messageId: times > 1 ? ('entryRepeated' as const) : ('entry' as const), host: node.name, severity: event.operation === 'add' ? 'error' : 'warning',
            data: { host: node.name, operation: event.operation, table: event.table === 'arp' ? 'neighbour (ARP)' : 'FDB', error: event.error, ...(times > 1 ? { times } : {}) },
            // what the failure is, not where the paste put it: the same id for the same failure in another paste
            key: [event.operation, event.table, event.family === 'inet' ? null : event.family, subnet, event.error].filter((part) => part !== null).join(' '), evidence: evidenceOf,
            objects: { interfaces: ['flannel.1'], hosts: [node.name], subnets: subnet ? [subnet] : [] },
            effectOf: event.operation === 'delete' ? failedRoutes : [],
            // a failed AddARP/AddFDB makes flannel skip the peer: no neighbour, FDB entry or route for it
            explains: subnet ? [`overlay-path:${node.name}:${subnet}`] : [],
          };
        }
      }
    }
  },
});
