// `ip route get` shows what the kernel itself chooses for a destination; the pasted tables give
// netsift's own longest-prefix match. Where the two differ, the kernel has routes or rules no output
// shows (another table, an ip rule), or the listing and the lookup are from different times: every
// conclusion drawn from the tables about that destination stands on routes the kernel does not use.
import { citeAbsence, compareKernelLookup, findRoute, kernelAnswer, type NodeSnapshot, type RouteLookupNotes } from '../../../model';
import { defineRule } from '../rule';

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
        const { shown, agrees } = compareKernelLookup(lookup, found);
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
