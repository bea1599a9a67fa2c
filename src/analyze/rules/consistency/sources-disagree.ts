// Two outputs of one host that show the same table (route -n and ip route, ifconfig and ip addr)
// should agree: the model merges them, and reports where they do not. A difference is either a
// change between the two moments they were taken (in a transcript) or one tool hiding something the
// other shows (route -n reads only the main table; neither is wrong then, but the reader should know).
import { citeAbsence, FLANNEL_DEVICE, formatPrefix4, type Evidence, type Listing, type Route } from '../../../model';
import { defineRule } from '../rule';

const routeKey = (route: Route): string => route.type === 'unicast'
  ? `${formatPrefix4(route.prefix)} via ${route.gateway ?? '-'} dev ${route.dev ?? '-'}`
  // route -n cannot tell a blackhole from unreachable/prohibit: the network is what both show
  : `${formatPrefix4(route.prefix)} (not forwarding)`;

export const sourcesDisagree = defineRule({
  meta: {
    id: 'consistency/sources-disagree',
    title: 'Two outputs of one host disagree about the same table',
    severity: 'warning',
    messages: {
      routes: '{host}\'s {first} and {second} disagree: only {first} shows {onlyFirst}; only {second} shows {onlySecond}',
      addresses: '{host}\'s {first} and {second} disagree: only {first} shows {onlyFirst}; only {second} shows {onlySecond}',
    },
  },
  *check(model) {
    for (const node of model.nodes.values()) {
      const routeN = node.routes.complete.find((l) => l.source.section.format === 'route-n');
      const ipRoute = node.routes.complete.find((l) => l.source.section.format === 'ip-route' && coversMainV4(l.source.section.command));
      if (routeN && ipRoute) {
        // route -n shows the main table only; compare ip route's main-table routes, IPv4
        const main = { ...ipRoute, entries: ipRoute.entries.filter((route) => route.table === 'main' && route.type !== 'local' && route.type !== 'broadcast') };
        const finding = compare(node.name, 'routes', routeN, main, routeKey);
        if (finding) yield finding;
      }
      const ifconfig = node.addresses.complete.find((l) => l.source.section.format === 'ifconfig');
      const ipAddr = node.addresses.complete.find((l) => l.source.section.format === 'ip-addr');
      if (ifconfig && ipAddr) {
        const finding = compare(node.name, 'addresses', ifconfig, ipAddr, (address) => `${address.cidr} on ${address.device.split(':')[0] ?? address.device}`);
        if (finding) yield finding;
      }
    }
  },
});

/** ip route, ip -4 route, ip route show table all / main: the IPv4 main table in full (not -6, not "dev X", not "table local"). */
function coversMainV4(command: string | null): boolean {
  if (command === null) return false;
  const words = command.split(/\s+/);
  if (words.includes('-6') || words.includes('dev') || words.includes('get') || words.includes('match')) return false;
  const table = words.indexOf('table');
  return table === -1 || words[table + 1] === 'all' || words[table + 1] === 'main';
}

function compare<T extends { evidence: Evidence }>(
  host: string, messageId: 'routes' | 'addresses', first: Listing<T>, second: Listing<T>, key: (entry: T) => string,
) {
  const firstKeys = new Map(first.entries.map((entry) => [key(entry), entry]));
  const secondKeys = new Map(second.entries.map((entry) => [key(entry), entry]));
  const onlyFirst = [...firstKeys].filter(([k]) => !secondKeys.has(k));
  const onlySecond = [...secondKeys].filter(([k]) => !firstKeys.has(k));
  if (onlyFirst.length === 0 && onlySecond.length === 0) return null;
  const name = (listing: Listing<T>): string => listing.source.section.command ?? listing.source.section.format ?? 'listing';
  const list = (entries: [string, T][]): string => (entries.length === 0 ? 'nothing' : entries.map(([k]) => k).join(', '));
  // a difference about the overlay matters to the diagnosis; others are for the reader
  const overlay = [...onlyFirst, ...onlySecond].some(([k]) => k.includes(FLANNEL_DEVICE));
  const evidence: Evidence[] = [];
  for (const [k, entry] of onlyFirst) evidence.push(entry.evidence, citeAbsence(second.source, k));
  for (const [k, entry] of onlySecond) evidence.push(entry.evidence, citeAbsence(first.source, k));
  return {
    messageId, host, observation: true as const, severity: overlay ? 'warning' as const : 'info' as const,
    data: { host, first: name(first), second: name(second), onlyFirst: list(onlyFirst), onlySecond: list(onlySecond) },
    key: `${messageId} ${first.source.section.span.offset} ${second.source.section.span.offset}`,
    evidence,
    objects: { hosts: [host] },
  };
}
