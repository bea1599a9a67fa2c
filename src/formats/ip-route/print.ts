// Writes records in iproute2 6.x's layout (ip/iproute.c print_route, ip/ipnexthop.c print_nexthop):
// every item is followed by one space, "pref" ends its line without one, continuation lines are
// "\tnh_info …", "\tnexthop …" and, for cloned IPv4 routes, "    cache …".
import { METRIC_NAMES } from './lexer';
import type { IpNexthopInfo, IpRoute, IpRouteEntry, IpRouteNexthop } from './schema';
import { append } from '../../core/append';

// rtt and rttvar print in ms below one second, else in seconds ("%gs"); rto_min alike
const TIMES = new Set(['rtt', 'rttvar', 'rto_min']);

function metricValue(name: string, value: number | string): string {
  if (typeof value === 'number' && TIMES.has(name)) return value >= 1000 ? `${value / 1000}s` : `${value}ms`;
  return String(value);
}

function gatewayParts(hop: { gateway?: string | undefined; via?: { family: string; host: string } | undefined }, out: string[]): void {
  if (hop.gateway !== undefined) out.push(`via ${hop.gateway}`);
  if (hop.via) out.push(`via ${hop.via.family} ${hop.via.host}`);
}

function nexthopLine(hop: IpRouteNexthop, sl: string): string {
  const parts: string[] = [];
  if (hop.to !== undefined) parts.push(`as to ${hop.to}`);
  gatewayParts(hop, parts);
  if (hop.realms !== undefined) parts.push(hop.realms.includes('/') ? `realms ${hop.realms}` : `realm ${hop.realms}`);
  if (hop.dev !== undefined) parts.push(`dev ${hop.dev}`);
  if (hop.weight !== undefined) parts.push(`weight ${hop.weight}`);
  append(parts, hop.flags);
  return `${sl}\tnexthop ${parts.map((p) => `${p} `).join('')}`;
}

/** One ip nexthop object (or a route's nh_info), items each followed by a space. */
export function nexthopObjectText(object: IpNexthopInfo): string {
  const parts = [`id ${object.id}`];
  if (object.group) parts.push(`group ${object.group.map((g) => (g.weight === undefined ? `${g.id}` : `${g.id},${g.weight}`)).join('/')}`);
  if (object.groupType !== undefined) parts.push(`type ${object.groupType}`);
  for (const [name, value] of Object.entries(object.resilient ?? {})) parts.push(`${name} ${value}`);
  if (object.gateway !== undefined) parts.push(`via ${object.gateway}`);
  if (object.dev !== undefined) parts.push(`dev ${object.dev}`);
  if (object.scope !== undefined) parts.push(`scope ${object.scope}`);
  if (object.blackhole) parts.push('blackhole');
  if (object.protocol !== undefined) parts.push(`proto ${object.protocol}`);
  append(parts, object.flags);
  // "fdb" is printed last and without a space after it (print_null)
  return parts.map((p) => `${p} `).join('') + (object.fdb ? 'fdb' : '');
}

function routeText(route: IpRoute, details: boolean, sl: string): string {
  const parts: string[] = [];
  if (route.type !== 'unicast' || details) parts.push(route.type);
  parts.push(route.dst);
  if (route.from !== undefined) parts.push(`from ${route.from}`);
  if (route.nhid !== undefined) parts.push(`nhid ${route.nhid}`);
  if (route.tos !== undefined) parts.push(`tos ${route.tos}`);
  gatewayParts(route, parts);
  if (route.dev !== undefined) parts.push(`dev ${route.dev}`);
  if (route.table !== undefined) parts.push(`table ${route.table}`);
  if (route.protocol !== undefined) parts.push(`proto ${route.protocol}`);
  if (route.scope !== undefined) parts.push(`scope ${route.scope}`);
  if (route.prefsrc !== undefined) parts.push(`src ${route.prefsrc}`);
  if (route.metric !== undefined) parts.push(`metric ${route.metric}`);
  append(parts, route.flags);
  if (route.mark !== undefined) parts.push(route.mark >= 16 ? `mark 0x${route.mark.toString(16)}` : `mark ${route.mark}`);
  if (route.realms !== undefined) parts.push(route.realms.includes('/') ? `realms ${route.realms}` : `realm ${route.realms}`);
  if (route.uid !== undefined) parts.push(`uid ${route.uid}`);
  let text = parts.map((p) => `${p} `).join('');
  const rest: string[] = [];
  if (route.expires !== undefined) rest.push(`expires ${route.expires}sec`);
  if (route.error !== undefined) rest.push(`error ${route.error}`);
  if (route.users !== undefined) rest.push(`users ${route.users}`);
  if (route.used !== undefined) rest.push(`used ${route.used}`);
  if (route.age !== undefined) rest.push(`age ${route.age}sec`);
  if (route.ipid !== undefined) rest.push(`ipid ${route.ipid}`);
  if (route.metrics) {
    const names = [...METRIC_NAMES.filter((name) => name in (route.metrics ?? {})), ...Object.keys(route.metrics).filter((n) => !(METRIC_NAMES as readonly string[]).includes(n))];
    for (const name of names) {
      const value = route.metrics[name] as number | string;
      rest.push(`${name} ${route.locked?.includes(name) ? 'lock ' : ''}${metricValue(name, value)}`);
    }
  }
  if (route.iif !== undefined) rest.push(`iif ${route.iif}`);
  for (const [key, value] of Object.entries(route.other ?? {})) rest.push(`${key} ${value}`);
  // print_cache_flags: a cloned IPv4 route continues on a "    cache" line
  if (route.cache) text += `${sl}    cache ${route.cache.length > 0 ? `<${route.cache.join(',')}> ` : ''}`;
  text += rest.map((p) => `${p} `).join('');
  if (route.pref !== undefined) text += `pref ${route.pref}`;
  if (route.nhInfo) text += `${sl}\tnh_info ${nexthopObjectText(route.nhInfo)}`;
  for (const hop of route.nexthops ?? []) text += nexthopLine(hop, sl);
  return `${text}\n`;
}

export interface PrintIpRouteOptions {
  /** ip -d: spell out "unicast". Default: when a route shows what only -d prints (scope global, proto boot, table main). */
  details?: boolean;
  /** ip -o: continuation lines joined to their route with "\\" (_SL_). */
  oneline?: boolean;
}

/**
 * Prints records as ip route (iproute2 6.x) would, routes and ip nexthop objects alike.
 * BusyBox's spacing and ip -N / -c output are not reproduced.
 */
export function printIpRoute(records: readonly IpRouteEntry[], options: PrintIpRouteOptions = {}): string {
  const details =
    options.details ?? records.some((r) => r.type !== 'nexthop' && (r.scope === 'global' || r.protocol === 'boot' || r.table === 'main'));
  const sl = options.oneline ? '\\' : '\n';
  let out = '';
  for (const record of records) out += record.type === 'nexthop' ? `${nexthopObjectText(record)}\n` : routeText(record, details, sl);
  return out;
}
