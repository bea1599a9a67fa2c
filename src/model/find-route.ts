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
  /** The skb mark (rules with fwmark); 0 or absent when not set, null when not known (fwmark rules are then undecided). */
  mark?: number | null;
  /** The input device ("lo" for locally generated packets); null or absent: not known. */
  iif?: string | null;
  /** The packet's protocol (rules with ipproto); null or absent: not known. */
  protocol?: 'tcp' | 'udp' | null;
  /** Its destination port (rules with dport); null or absent: not known. */
  port?: number | null;
}

// ip rule prints ipproto by name where /etc/protocols has one, else the number
const PROTOCOL_NAMES: Readonly<Record<string, 'tcp' | 'udp'>> = { tcp: 'tcp', 6: 'tcp', udp: 'udp', 17: 'udp' };

/** What a rule lookup said of the rules it could not decide, for the trace to tell. */
export interface RouteLookupNotes {
  undecided: string[];
  /**
   * Each rule not decided, with what the lookup gives were it to match (the walk from there on, the
   * rules after it not decided taken as not matching); null past MAX_ALTERNATIVES rules.
   */
  rules?: {
    rule: PolicyRule;
    /** what it tests that is not decided ("from 10.0.0.0/24", "tos 0x10"); "lookup 100" for a rule that matches a table no output shows */
    selector: string;
    reason: string;
    alternative: RouteLookup | null;
    /** the table the rule looks up, when no output shows it (the alternative is then null: not known) */
    unshownTable?: string;
  }[];
}

const DEFAULT_RULES: readonly Pick<PolicyRule, 'priority' | 'table' | 'tableId'>[] = [
  { priority: 0, table: 'local', tableId: 255 },
  { priority: 32766, table: 'main', tableId: 254 },
  { priority: 32767, table: 'default', tableId: 253 },
];
const MAX_RULES = 4096;
// the rules not decided whose alternative lookup is worked out; one walk each
const MAX_ALTERNATIVES = 16;

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
  return walkRules(node, ordered, 0, value, source, options, notes, null);
}

/**
 * The rules from `start` on. A rule not decided for the packet is taken as not matching; with
 * `notes`, what the lookup would give were it to match is worked out (`forced`: that rule matches).
 */
function walkRules(
  node: NodeSnapshot, ordered: readonly PolicyRule[], start: number, value: number, source: number | null,
  options: RouteQuery, notes: RouteLookupNotes | undefined, forced: PolicyRule | null,
): RouteLookup {
  let thrown: Route | null = null;
  let gotoPriority: number | null = null;
  for (let index = start; index < ordered.length; index++) {
    const rule = ordered[index] as PolicyRule;
    if (gotoPriority !== null && rule.priority < gotoPriority) continue;
    gotoPriority = null;
    const matched = rule === forced ? true : matches(rule, value, source, options);
    const unshown = rule.action === 'lookup' && rule.table !== null && !tableShown(node, rule.table) ? rule.table : null;
    if (typeof matched === 'string') {
      if (notes) {
        notes.undecided.push(`rule ${rule.priority} (${matched}) not applied: ${matched.startsWith('from') ? 'the source is not known' : 'not decided for this packet'}`);
        const count = notes.rules?.length ?? 0;
        const alternative = count < MAX_ALTERNATIVES && unshown === null ? walkRules(node, ordered, index, value, source, options, undefined, rule) : null;
        (notes.rules ??= []).push({ rule, selector: matched, reason: reasonOf(matched), alternative, ...(unshown === null ? {} : { unshownTable: unshown }) });
      }
      continue;
    }
    if (!matched) continue;
    if (unshown !== null) {
      // a table no output shows may hold the route: not known, said as a rule not decided
      if (notes) {
        notes.undecided.push(`rule ${rule.priority} (lookup ${unshown}) not applied: no output shows table ${unshown}`);
        (notes.rules ??= []).push({ rule, selector: `lookup ${unshown}`, reason: `no output shows table ${unshown}`, alternative: null, unshownTable: unshown });
      }
      continue;
    }
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

function reasonOf(selector: string): string {
  if (selector.startsWith('from')) return 'the source is not known';
  if (selector.startsWith('fwmark')) return 'the mark is not known';
  if (selector.startsWith('iif')) return 'the input interface is not known';
  if (selector.startsWith('ipproto')) return 'the protocol is not known';
  if (selector.startsWith('dport')) return 'the port is not known';
  if (selector.startsWith('sport')) return "the client's port is not known";
  return 'netsift does not evaluate it';
}

/** Whether two lookups give the packet the same fate: the same route, rule or local delivery. */
export function sameLookup(a: RouteLookup, b: RouteLookup): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'route': return a.route === (b as typeof a).route;
    case 'rule': return a.rule.action === (b as typeof a).rule.action;
    case 'local': return true;
    case 'none': return a.thrown === (b as typeof a).thrown;
  }
}

// the kernel's own tables: local is the node's addresses, main is what route listings show by
// default, default is empty unless someone fills it (rarely)
const KERNEL_TABLES = new Set([253, 254, 255]);
const SHOWN_TABLES = new WeakMap<NodeSnapshot, Set<string>>();

/**
 * Whether the node's outputs show a table at all: a listing of it (`ip route show table 100`, `table
 * all`) or a route in it. A rule's lookup in one they do not show may find a route: not known.
 */
function tableShown(node: NodeSnapshot, table: string): boolean {
  const id = tableIdOf(table);
  if (id !== null && KERNEL_TABLES.has(id)) return true;
  let shown = SHOWN_TABLES.get(node);
  if (!shown) {
    shown = new Set();
    for (const listing of node.routes.listings) {
      const listed = listing.source.section.format === 'ip-route' ? listing.source.section.options?.['table'] : undefined;
      if (listed !== undefined) shown.add(['0', 'unspec'].includes(listed) ? 'all' : String(tableIdOf(listed) ?? listed));
    }
    for (const route of node.routes.entries) shown.add(String(tableIdOf(route.table) ?? route.table));
    SHOWN_TABLES.set(node, shown);
  }
  return shown.has('all') || shown.has(String(id ?? table));
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

/** true, false, or what it could not decide ("from 10.0.0.0/24", "fwmark 0x7", "iif eth0", "tos 0x10"). */
function matches(rule: PolicyRule, destination: number, source: number | null, query: RouteQuery): boolean | string {
  // a selector decided false settles the rule whatever the others are; only then is one not decided said
  let match = true;
  let unknown: string | null = null;
  if (rule.from) {
    if (source === null) unknown ??= `from ${formatPrefix4(rule.from)}`;
    else match &&= prefixContains(rule.from, source);
  }
  if (rule.to) match &&= prefixContains(rule.to, destination);
  if (rule.fwmark !== null) {
    if (query.mark === null) unknown ??= `fwmark 0x${rule.fwmark.toString(16)}${rule.fwmask === null ? '' : `/0x${rule.fwmask.toString(16)}`}`;
    else match &&= (((query.mark ?? 0) & (rule.fwmask ?? 0xffffffff)) >>> 0) === rule.fwmark;
  }
  if (rule.iif !== null) {
    if (query.iif === undefined || query.iif === null) unknown ??= `iif ${rule.iif}`;
    else match &&= query.iif === rule.iif;
  }
  if (rule.ipproto !== null) {
    if (query.protocol === undefined || query.protocol === null) unknown ??= `ipproto ${rule.ipproto}`;
    // any other protocol (icmp, sctp, a number) is not the packet's tcp or udp
    else match &&= Object.hasOwn(PROTOCOL_NAMES, rule.ipproto.toLowerCase()) && PROTOCOL_NAMES[rule.ipproto.toLowerCase()] === query.protocol;
  }
  if (rule.dport !== null) {
    const port = query.port;
    if (port === undefined || port === null) unknown ??= `dport ${rule.dport.start === rule.dport.end ? rule.dport.start : `${rule.dport.start}-${rule.dport.end}`}`;
    else match &&= port >= rule.dport.start && port <= rule.dport.end;
  }
  // oif matches only sockets bound to a device: a forwarded packet has none
  if (rule.oif !== null) match = false;
  if (rule.undecided.length > 0) unknown ??= rule.undecided.join(' ');
  if (!match) return rule.not;
  if (unknown !== null) return unknown;
  return !rule.not;
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
