// flannel's vxlan backend logs each failure to program a peer: "failed to add vxlanRoute (S -> G):
// <errno>", "AddARP failed", "AddFDB failed" (backend/vxlan/vxlan_network.go). After a failed route
// it deletes the peer's neighbour and FDB entries again, so all three go missing together.
import type { FlannelEvent } from '../../../model';
import { defineRule } from '../rule';

function peerBefore(events: readonly FlannelEvent[], failed: FlannelEvent['event']): string | null {
  let subnet: string | null = null;
  for (const { event } of events) {
    if (event === failed) return subnet;
    if (event.event === 'vxlan-subnet-added') subnet = event.subnet;
  }
  return null;
}

export const programmingError = defineRule({
  meta: {
    id: 'flannel/programming-error',
    title: 'flannel failed to program a route, neighbour or FDB entry',
    severity: 'error',
    messages: {
      routeAdd: 'flannel on {host} failed to add the route {subnet} via {gateway}: {error}',
      routeDelete: 'flannel on {host} failed to delete the route {subnet} via {gateway}: {error} (the route was never there)',
      entry: 'flannel on {host} failed to {operation} a peer {table} entry: {error}',
    },
  },
  *check(model) {
    for (const node of model.nodes.values()) {
      // flannel removes a peer's ARP and FDB entries when its route fails; deleting them again at
      // shutdown then fails too: those failures follow from the route's
      const failedRoutes = node.flannel.events.flatMap(({ event }) => (event.event === 'route-add-failed' ? [`overlay-path:${node.name}:${event.subnet}`] : []));
      for (const { event, evidence } of node.flannel.events) {
        if (event.event === 'route-add-failed') {
          yield {
            messageId: 'routeAdd', host: node.name,
            data: { host: node.name, subnet: event.subnet, gateway: event.gateway, error: event.error },
            key: `add ${event.subnet}`, evidence: [evidence],
            objects: { subnets: [event.subnet], addresses: [event.gateway], interfaces: ['flannel.1'], hosts: [node.name] },
            effectOf: [`overlay-path:${node.name}:${event.subnet}`],
            explains: [`overlay-path:${node.name}:${event.subnet}`],
          };
        } else if (event.event === 'route-delete-failed') {
          yield {
            messageId: 'routeDelete', host: node.name, severity: 'warning',
            data: { host: node.name, subnet: event.subnet, gateway: event.gateway, error: event.error },
            key: `delete ${event.subnet}`, evidence: [evidence],
            objects: { subnets: [event.subnet], addresses: [event.gateway], hosts: [node.name] },
            effectOf: [`overlay-path:${node.name}:${event.subnet}`],
          };
        } else if (event.event === 'vtep-entry-failed') {
          // flannel names no subnet here: it is the peer of the "adding subnet" line before it
          const subnet = event.operation === 'add' ? peerBefore(node.flannel.events, event) : null;
          yield {
            messageId: 'entry', host: node.name, severity: event.operation === 'add' ? 'error' : 'warning',
            data: { host: node.name, operation: event.operation, table: event.table === 'arp' ? 'neighbour (ARP)' : 'FDB', error: event.error },
            key: `${event.operation} ${event.table} ${event.time ?? ''} ${evidence.span.offset}`, evidence: [evidence],
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
