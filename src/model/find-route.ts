// The kernel's route lookup for an IPv4 destination (fib_lookup): the policy rules by priority
// (ip rule; without a listing, the kernel's defaults: 0 lookup local, 32766 lookup main, 32767
// lookup default), each rule whose selectors match looks up its table (the local table is the
// node's own addresses), by longest prefix, lowest metric among equals. A throw route, or a route
// a rule's suppress_prefixlength rejects, sends the lookup on to the next rule; a rule of type
// blackhole / unreachable / prohibit ends it (net/core/fib_rules.c fib_rules_lookup, fib4_rule_action).
import { formatPrefix4, parseIPv4, prefixContains } from '../core';
import { tableIdOf } from '../formats/ip-rule/build';
import type { Address, PolicyRule, Route } from './node/facts';
import type { NodeSnapshot } from './node/snapshot';

export type RouteLookup =
  /** delivered on the node: one of its addresses, or a `local` route (a range such as 127.0.0.0/8); both null: 127.0.0.0/8, which every node has */
  | { kind: 'local'; address: Address | null; route: Route | null }
  | { kind: 'route'; route: Route; /** the rule that looked it up; null: the default rules */ rule: PolicyRule | null }
  | { kind: 'rule'; rule: PolicyRule }
  | { kind: 'none'; /** a throw route that sent the lookup on, and found nothing after it */ thrown: Route | null };

export interface RouteQuery {
  /** One table only (no rules). */
  table?: string;
  /** The packet's source address, when known (rules with from). */
  source?: string | null;
  /** The skb mark (rules with fwmark); 0 when not set. */
  mark?: number;
  /** The input device ("lo" for locally generated packets); null or absent: not known. */
  iif?: string | null;
}

/** What a rule lookup said of the rules it could not decide, for the trace to tell. */
export interface RouteLookupNotes {
  undecided: string[];
}

const DEFAULT_RULES: readonly Pick<PolicyRule, 'priority' | 'table' | 'tableId'>[] = [
  { priority: 0, table: 'local', tableId: 255 },
  { priority: 32766, table: 'main', tableId: 254 },
  { priority: 32767, table: 'default', tableId: 253 },
];
const MAX_RULES = 4096;

export function findRoute(node: NodeSnapshot, destination: string, query: RouteQuery | string = {}, notes?: RouteLookupNotes): RouteLookup {
  const value = parseIPv4(destination);
  if (value === null) return { kind: 'none', thrown: null };
  const options: RouteQuery = typeof query === 'string' ? { table: query } : query;
  if (options.table !== undefined) {
    const found = lookupTable(node, value, options.table, null);
    return found.kind === 'route' && found.route.type === 'throw' ? { kind: 'none', thrown: found.route } : found;
  }
  const rules = node.policyRules.entries;
  if (rules.length === 0) {
    let thrown: Route | null = null;
    for (const rule of DEFAULT_RULES) {
      const found = lookupTable(node, value, rule.table as string, null);
      if (found.kind === 'route' && found.route.type === 'throw') { thrown = found.route; continue; }
      if (found.kind !== 'none') return found;
    }
    return { kind: 'none', thrown };
  }
  const ordered = orderedRules(node);
  const source = options.source ? parseIPv4(options.source) : null;
  let thrown: Route | null = null;
  let gotoPriority: number | null = null;
  for (const rule of ordered) {
    if (gotoPriority !== null && rule.priority < gotoPriority) continue;
    gotoPriority = null;
    const matched = matches(rule, value, source, options, notes);
    if (!matched) continue;
    switch (rule.action) {
      case 'lookup': {
        if (rule.table === null) continue;
        const found = lookupTable(node, value, rule.table, rule);
        if (found.kind === 'none') continue;
        if (found.kind === 'route') {
          if (found.route.type === 'throw') { thrown = found.route; continue; }
          if (rule.suppressPrefixLength !== null && found.route.prefix.length <= rule.suppressPrefixLength) continue;
        }
        return found;
      }
      case 'goto':
        if (rule.goto !== null && rule.goto > rule.priority) gotoPriority = rule.goto;
        continue;
      case 'blackhole':
      case 'unreachable':
      case 'prohibit':
        return { kind: 'rule', rule };
      case 'nop':
        continue;
      default:
        notes?.undecided.push(`rule ${rule.priority} (${rule.action}) not applied`);
        continue;
    }
  }
  return { kind: 'none', thrown };
}

// a node's rules by priority, sorted once per node: the tracer looks routes up at every hop
const ORDERED = new WeakMap<NodeSnapshot, PolicyRule[]>();
function orderedRules(node: NodeSnapshot): PolicyRule[] {
  let ordered = ORDERED.get(node);
  if (!ordered) {
    ordered = [...node.policyRules.entries].sort((a, b) => a.priority - b.priority).slice(0, MAX_RULES);
    ORDERED.set(node, ordered);
  }
  return ordered;
}

function matches(rule: PolicyRule, destination: number, source: number | null, query: RouteQuery, notes: RouteLookupNotes | undefined): boolean {
  const undecided = (what: string): false => {
    notes?.undecided.push(`rule ${rule.priority} (${what}) not applied: ${what.startsWith('from') ? 'the source is not known' : 'not decided for this packet'}`);
    return false;
  };
  let match = true;
  if (rule.from) {
    if (source === null) return undecided(`from ${formatPrefix4(rule.from)}`);
    match &&= prefixContains(rule.from, source);
  }
  if (rule.to) match &&= prefixContains(rule.to, destination);
  if (rule.fwmark !== null) match &&= (((query.mark ?? 0) & (rule.fwmask ?? 0xffffffff)) >>> 0) === rule.fwmark;
  if (rule.iif !== null) {
    if (query.iif === undefined || query.iif === null) return undecided(`iif ${rule.iif}`);
    match &&= query.iif === rule.iif;
  }
  // oif matches only sockets bound to a device: a forwarded packet has none
  if (rule.oif !== null) match = false;
  if (rule.undecided.length > 0) return undecided(rule.undecided.join(' '));
  return rule.not ? !match : match;
}

/** One table: the local table is the node's own addresses; any other its routes by longest prefix. */
function lookupTable(node: NodeSnapshot, value: number, table: string, rule: PolicyRule | null): RouteLookup {
  const id = tableIdOf(table);
  if (table === 'local' || id === 255) {
    const local = node.addresses.entries.find((address) => address.value === value);
    if (local) return { kind: 'local', address: local, route: null };
    // the local table's routes as listed (ip route show table local): local 10.99.0.0/24, 127.0.0.0/8
    const route = node.routes.entries.find((r) => r.type === 'local' && (r.table === 'local' || tableIdOf(r.table) === 255) && prefixContains(r.prefix, value));
    if (route) return { kind: 'local', address: null, route };
    // the kernel puts local 127.0.0.0/8 dev lo in every node's local table
    if (value >>> 24 === 127) return { kind: 'local', address: null, route: null };
    return { kind: 'none', thrown: null };
  }
  let best: Route | null = null;
  for (const route of node.routes.entries) {
    const same = route.table === table || (id !== null && tableIdOf(route.table) === id);
    if (!same || !prefixContains(route.prefix, value)) continue;
    if (route.type === 'broadcast') continue;
    if (!best || route.prefix.length > best.prefix.length
      || (route.prefix.length === best.prefix.length && (route.metric ?? 0) < (best.metric ?? 0))) best = route;
  }
  // a local route in another table (ip route add local … table main) delivers on the node as well
  if (best?.type === 'local') return { kind: 'local', address: null, route: best };
  return best ? { kind: 'route', route: best, rule } : { kind: 'none', thrown: null };
}
