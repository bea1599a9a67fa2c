// A transcript is a story in time: when a host shows a table again and it differs, that is a
// change. A route to a peer's pod subnet appearing on flannel.1 after a fix confirms the fix.
import { citeAbsence, FLANNEL_DEVICE, formatPrefix4, type Evidence, type Route, type TableChange } from '../../../model';
import { defineRule } from '../rule';

export const tableChanged = defineRule({
  meta: {
    id: 'history/table-changed',
    title: 'A table changed between two listings of the same command',
    severity: 'info',
    messages: {
      overlayRouteAppeared: 'the route {network} via {gateway} dev flannel.1 to {peer}\'s pods appears in {host}\'s later {command}: the overlay path is back',
      overlayRouteGone: 'the route {network} via {gateway} dev flannel.1 to {peer}\'s pods is gone from {host}\'s later {command}: as of that listing {host} cannot reach {peer}\'s pods',
      routesChanged: '{host}\'s later {command} differs: {added} added, {removed} removed',
      entriesChanged: '{host}\'s later {command} differs: {added} added, {removed} removed',
    },
  },
  *check(model) {
    for (const node of model.nodes.values()) {
      for (const change of node.routes.changes) {
        const command = change.after.section.command ?? change.after.section.format ?? 'listing';
        for (const route of change.added) {
          const lease = model.cluster.leases.find((l) => l.node !== node.name && l.text === formatPrefix4(route.prefix));
          if (route.dev !== FLANNEL_DEVICE || !lease) continue;
          yield {
            messageId: 'overlayRouteAppeared', host: node.name, observation: true,
            data: { host: node.name, network: lease.text, gateway: route.gateway ?? lease.gateway, peer: lease.node, command },
            key: `${lease.text} ${command} #${change.after.section.snapshot}`,
            evidence: [route.evidence], objects: { subnets: [lease.text], interfaces: [FLANNEL_DEVICE], hosts: [node.name, lease.node] },
          };
        }
        // a peer's route that a later listing lost and none after it shows again: the node's state now (a
        // regression the first listing, which the other rules read, does not show)
        const later = node.routes.changes.slice(node.routes.changes.indexOf(change) + 1);
        for (const route of change.removed) {
          const lease = model.cluster.leases.find((l) => l.node !== node.name && l.text === formatPrefix4(route.prefix));
          if (route.dev !== FLANNEL_DEVICE || !lease) continue;
          if (later.some((c) => c.added.some((r) => r.dev === FLANNEL_DEVICE && formatPrefix4(r.prefix) === lease.text))) continue;
          yield {
            messageId: 'overlayRouteGone', host: node.name, observation: true, severity: 'warning' as const,
            data: { host: node.name, network: lease.text, gateway: route.gateway ?? lease.gateway, peer: lease.node, command },
            key: `${lease.text} gone ${command} #${change.after.section.snapshot}`,
            evidence: [citeAbsence(change.after, route.evidence.text.trim()), ...lease.claims.flatMap((c) => c.evidence).slice(0, 1)],
            objects: { subnets: [lease.text], interfaces: [FLANNEL_DEVICE], hosts: [node.name, lease.node] },
          };
        }
        yield summary('routesChanged', node.name, command, change, (route: Route) => `${formatPrefix4(route.prefix)}${route.dev ? ` dev ${route.dev}` : ''}`);
      }
      const changes: TableChange<{ evidence: Evidence }>[] = [...node.neighbors.changes, ...node.fdb.changes, ...node.addresses.changes, ...node.policyRules.changes];
      for (const change of changes) {
        const command = change.after.section.command ?? change.after.section.format ?? 'listing';
        yield summary('entriesChanged', node.name, command, change, (entry) => entry.evidence.text.trim());
      }
    }
  },
});

function summary<T extends { evidence: Evidence }>(
  messageId: 'routesChanged' | 'entriesChanged', host: string, command: string, change: TableChange<T>, name: (entry: T) => string,
) {
  const list = (entries: T[]): string => (entries.length === 0 ? 'none' : entries.map(name).join(', '));
  return {
    messageId, host, observation: true as const,
    data: { host, command, added: list(change.added), removed: list(change.removed) },
    // the how-manieth listing of the command on the host, not its place in the paste: stable across pastes
    key: `${command} #${change.after.section.snapshot}`,
    // a removed entry: the later listing lacks the line the earlier one showed
    evidence: [...change.added.map((entry) => entry.evidence), ...change.removed.map((entry) => citeAbsence(change.after, entry.evidence.text.trim()))],
    objects: { hosts: [host] },
  };
}
