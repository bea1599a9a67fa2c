// `ip route get` shows what the kernel itself chooses for a destination; the pasted tables give
// netsift's own longest-prefix match. Where the two differ, the kernel has routes or rules no output
// shows (another table, an ip rule), or the listing and the lookup are from different times: every
// conclusion drawn from the tables about that destination stands on routes the kernel does not use.
import { citeAbsence, findRoute, type KernelLookup, type NodeSnapshot, type RouteLookup, type RouteLookupNotes } from '../../../model';
import { defineRule } from '../rule';

/** What the kernel prints for a lookup that ends in each kind of route (ip route get; net/ipv4/route.c, fib_props). */
const ERRORS: Record<string, string> = {
  blackhole: 'Invalid argument',
  unreachable: 'Network is unreachable',
  prohibit: 'Permission denied',
  none: 'Network is unreachable',
};

/** The kernel's answer in a few words. */
function kernelAnswer(lookup: KernelLookup): string {
  if (!lookup.route) return `"${lookup.error ?? 'an error'}"`;
  const route = lookup.route;
  if (route.type === 'local') return `local delivery (dev ${route.dev ?? 'lo'})`;
  return `${route.type === 'unicast' ? '' : `${route.type} `}${route.gateway ? `via ${route.gateway} ` : ''}dev ${route.dev ?? '?'}`.trim();
}

/** netsift's lookup on the tables shown, in the same few words, and whether it agrees with the kernel's. */
function compare(lookup: KernelLookup, found: RouteLookup): { shown: string; agrees: boolean } {
  if (found.kind === 'local') return { shown: 'local delivery', agrees: lookup.route?.type === 'local' };
  if (found.kind === 'rule') {
    const error = ERRORS[found.rule.action] ?? null;
    return { shown: `ip rule ${found.rule.priority} (${found.rule.action})`, agrees: lookup.route === null && error !== null && (lookup.error ?? '').includes(error) };
  }
  if (found.kind === 'none') return { shown: 'no route', agrees: lookup.route === null && (lookup.error ?? '').includes(ERRORS['none'] as string) };
  const route = found.route;
  const shown = `${route.type === 'unicast' ? '' : `${route.type} `}${route.network}${route.gateway ? ` via ${route.gateway}` : ''}${route.dev ? ` dev ${route.dev}` : ''}`;
  if (route.type !== 'unicast') {
    const error = ERRORS[route.type] ?? null;
    return { shown, agrees: lookup.route === null && error !== null && (lookup.error ?? '').includes(error) };
  }
  const kernel = lookup.route;
  return { shown, agrees: kernel !== null && kernel.type === 'unicast' && kernel.dev === route.dev && (kernel.gateway ?? null) === (route.gateway ?? null) };
}

/** A listing of the node's whole main table (route -n, ip route): the routes it shows are all there is. */
const routed = (node: NodeSnapshot): boolean => node.routes.complete.some((listing) => listing.dev === null && listing.entries.length > 0);

export const lookupDiffers = defineRule({
  meta: {
    id: 'routing/lookup-differs',
    title: "The kernel's own route lookup differs from the routes shown",
    severity: 'warning',
    messages: {
      differs: "{host}'s kernel answers ip route get {destination}{asked} with {kernel}, but the routes shown give {shown}: the kernel has routes or rules no output shows (another table, an ip rule), or the two are from different times",
    },
  },
  *check(model) {
    for (const node of model.nodes.values()) {
      if (node.kernelLookups.length === 0 || !routed(node)) continue;
      for (const lookup of node.kernelLookups) {
        // a lookup with oif is bound to a device: the tables alone do not answer it
        if (lookup.oif !== null) continue;
        const notes: RouteLookupNotes = { undecided: [] };
        const found = findRoute(node, lookup.destination, { source: lookup.from, iif: lookup.iif ?? 'lo', mark: lookup.mark ?? 0 }, notes);
        if ((notes.rules ?? []).length > 0) continue;
        const { shown, agrees } = compare(lookup, found);
        if (agrees) continue;
        const asked = [lookup.from ? ` from ${lookup.from}` : '', lookup.iif ? ` iif ${lookup.iif}` : '', lookup.mark !== null ? ` mark ${lookup.mark}` : ''].join('');
        const listing = node.routes.complete.find((l) => l.dev === null && l.entries.length > 0);
        yield {
          messageId: 'differs' as const, host: node.name,
          data: { host: node.name, destination: lookup.destination, asked, kernel: kernelAnswer(lookup), shown },
          key: `${lookup.destination}${asked}`,
          evidence: [lookup.evidence, ...(found.kind === 'route' ? [found.route.evidence] : found.kind === 'rule' ? [found.rule.evidence] : listing ? [citeAbsence(listing.source, `the route the kernel used for ${lookup.destination}`)] : [])],
          objects: { addresses: [lookup.destination], hosts: [node.name], interfaces: lookup.route?.dev ? [lookup.route.dev] : [] },
        };
      }
    }
  },
});
