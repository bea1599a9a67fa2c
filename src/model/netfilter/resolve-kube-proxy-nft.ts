// Where kube-proxy's nftables mode (Kubernetes 1.29 alpha, 1.31 GA) sends a new connection: walks
// `table ip kube-proxy` (or ip6) the way the kernel does — the prerouting base chains in priority
// order (filter at dstnat-10 with firewall-check, nat at dstnat with `services`), the verdict maps
// (service-ips, service-nodeports), `numgen random mod N vmap` (each endpoint 1/N), the endpoint
// chains' `dnat to`, then the input or forward filter chains, where no-endpoint-services /
// no-endpoint-nodeports send what no service took to reject-chain or drop. Names and layout per
// kubernetes pkg/proxy/nftables/proxier.go: chains filter-prerouting / filter-input / filter-forward /
// filter-output at dstnat-10 and one endpoints-check chain (v1.29, commit 01d7de5); from v1.31
// filter-prerouting-pre-dnat / filter-output-pre-dnat at -110, filter-input / -forward / -output at 0,
// service-endpoints-check, nodeport-endpoints-check and cluster-ips-check (proxier_test.go, 030880a5).
// The walk reads base chains by hook and priority, so either layout resolves alike.
// sessionAffinity: ClientIP (proxier.go, writeServiceToEndpointRules): a set affinity-<endpoint
// chain base> per endpoint (flags dynamic,timeout), "ip saddr @affinity-… goto endpoint-…" rules
// before the numgen rule and "update @affinity-… { ip saddr }" in the endpoint chain. The walk is
// for a client without a record (unless the listing shows the query's source in a set), and each
// branch names the affinity rules it passed.
import { ipv4InPrefix, parseIPv4, parseIPv4Cidr, parseIPv6, append } from '../../core';
import type { IptablesRule } from '../../formats/shared/iptables/schema';
import { parseNatAddress } from '../../formats/shared/iptables/typing';
import type { NftChainModel, NftRuleModel, NftRuleSet, NftTableModel } from './nft-rule-set';
import type { NftStatement, NftValue } from './nft-statements';
import { isUndecidable } from './assumptions';
import { affinityOf, mergeBranches, natHookOf, notEvaluated, notInListing, settledOutcome, type ServiceBranch, type ServiceOutcome, type ServiceQuery } from './resolve-service';
import { stoppedWalk, WalkBudget } from './walk-budget';

/** kube-proxy's table in both families (proxier.go: kubeProxyTable). */
export const KUBE_PROXY_TABLE = 'kube-proxy';
const MAX_DEPTH = 64;
const PROTOCOL_NUMBERS: Record<string, string> = { '6': 'tcp', '17': 'udp', '132': 'sctp' };

type Decision = true | false | 'unknown';

interface Packet {
  daddr: string;
  dport: number;
  mark: number;
}

interface Walk {
  probability: number;
  rules: IptablesRule[];
  /** the rules walked from a base chain of type filter */
  filtered: IptablesRule[];
  assumptions: string[];
  packet: Packet;
  /** Affinity checks passed over (a client without a record). */
  affinity: { rule: IptablesRule; timeoutSeconds: number | null }[];
}

type Step =
  | { kind: 'return'; walk: Walk }
  | { kind: 'end'; walk: Walk; outcome: ServiceOutcome | 'accept-chain'; endpoint: ServiceBranch['endpoint'] };

/** kube-proxy's nftables table for the family of `destination` ("ip" for IPv4, "ip6" for IPv6), if the rule set has it. */
export function kubeProxyTable(ruleSet: NftRuleSet, destination: string): NftTableModel | undefined {
  const family = destination.includes(':') ? 'ip6' : 'ip';
  return ruleSet.table(family, KUBE_PROXY_TABLE);
}

/**
 * Every way kube-proxy's nftables rules treat a new connection to `query`, with probabilities
 * summing to 1: the same query and result shape as resolveService. The rules of a branch are the
 * nft rules passed, in the iptables model (chain, position, target; `mark set` as MARK), so the
 * tracer cites them alike. Empty when the rule set has no kube-proxy table for the family.
 */
export function resolveKubeProxyNft(ruleSet: NftRuleSet, query: ServiceQuery, budget = new WalkBudget()): ServiceBranch[] {
  const table = kubeProxyTable(ruleSet, query.destination);
  if (!table) return [];
  const start: Walk = { probability: 1, rules: [], filtered: [], assumptions: [], affinity: [], packet: { daddr: query.destination, dport: query.port, mark: 0 } };
  // a packet the node sends meets the output hook's chains (kube-proxy's nat-output), not prerouting's
  const hook = natHookOf(query).toLowerCase();
  const prerouting = baseChains(table, hook);
  let entry: ServiceBranch['entry'];
  let pending: Walk[] = [start];
  const branches: ServiceBranch[] = [];
  const dnatted: { walk: Walk; endpoint: NonNullable<ServiceBranch['endpoint']> }[] = [];
  if (prerouting.length > 0) {
    const nat = prerouting.find((chain) => chain.base?.type === 'nat') ?? prerouting[0] as NftChainModel;
    entry = { table: table.name, chain: nat.name, inferred: false };
  } else if (table.chains.has('services')) {
    // a listing of one chain (nft list chain ip kube-proxy services): start there
    entry = { table: table.name, chain: 'services', inferred: true };
    start.assumptions.push(`the jump from nat-${hook} to services is inferred: the listing does not show kube-proxy's base chains`);
  } else return [];
  const hooks: NftChainModel[] = prerouting.length > 0 ? prerouting : [table.chains.get('services') as NftChainModel];
  for (const chain of hooks) {
    const next: Walk[] = [];
    for (const walk of pending) {
      for (const step of walkHook(table, chain, query, walk, budget)) {
        if (step.kind === 'return' || step.outcome === 'accept-chain') next.push(step.walk);
        else if (step.outcome === 'dnat' && step.endpoint) dnatted.push({ walk: step.walk, endpoint: step.endpoint });
        else branches.push(branchOf(step.walk, step.outcome as ServiceOutcome, step.endpoint, entry));
      }
    }
    pending = next;
  }
  // after the route lookup: input for a local destination, forward otherwise; DNAT changed the destination
  const after = [
    ...pending.map((walk) => ({ walk, endpoint: null as ServiceBranch['endpoint'], local: query.destinationIsLocal })),
    ...dnatted.map(({ walk, endpoint }) => ({
      walk: { ...walk, packet: { ...walk.packet, daddr: endpoint.address, dport: endpoint.port === null ? walk.packet.dport : Number(endpoint.port) } },
      endpoint, local: endpoint.address === query.destination && query.destinationIsLocal,
    })),
  ];
  // a packet the node sends meets the output filter chains after nat-output (a DNAT ended its hook
  // walk there), then input when it is for the node itself; it is never forwarded
  const natPriority = hooks.find((chain) => chain.base?.type === 'nat')?.base?.priority ?? null;
  const afterOutput = hook === 'output' ? hooks.filter((c) => c.base?.type === 'filter' && natPriority !== null && (c.base.priority ?? -Infinity) > natPriority) : [];
  for (const { walk, endpoint, local } of after) {
    let alive: Walk[] = [walk];
    const filters = hook === 'output' ? [...(endpoint ? afterOutput : []), ...(local ? baseChains(table, 'input') : [])] : baseChains(table, local ? 'input' : 'forward');
    for (const chain of filters.filter((c) => c.base?.type === 'filter')) {
      const next: Walk[] = [];
      for (const current of alive) {
        for (const step of walkHook(table, chain, query, current, budget)) {
          if (step.kind === 'return' || step.outcome === 'accept-chain') next.push(step.walk);
          else branches.push(branchOf(step.walk, step.outcome as ServiceOutcome, null, entry));
        }
      }
      alive = next;
    }
    for (const rest of alive) branches.push(branchOf(rest, endpoint ? 'dnat' : 'no-match', endpoint, entry));
  }
  return mergeBranches(branches);
}

function baseChains(table: NftTableModel, hook: string): NftChainModel[] {
  return [...table.chains.values()]
    .filter((chain) => chain.base?.hook === hook)
    .sort((a, b) => (a.base?.priority ?? Infinity) - (b.base?.priority ?? Infinity));
}

function branchOf(walk: Walk, outcome: ServiceOutcome, endpoint: ServiceBranch['endpoint'], entry: ServiceBranch['entry']): ServiceBranch {
  const assumptions = [...new Set(walk.assumptions)];
  // this walker still marks what it could not decide in its assumptions' words (assumptions.ts)
  const undecided = assumptions.filter(isUndecidable);
  return { probability: walk.probability, outcome: settledOutcome(outcome, undecided), endpoint, rules: walk.rules, filtered: walk.filtered, assumptions, undecided, entry, affinity: affinityOf(walk.affinity) };
}

/** Walks a base chain; the rules a chain of type filter takes are noted as filtered (the tracer's filter steps). */
function walkHook(table: NftTableModel, chain: NftChainModel, query: ServiceQuery, walk: Walk, budget: WalkBudget): Step[] {
  const steps = walkChain(table, chain, query, walk, [], budget);
  if (chain.base?.type !== 'filter') return steps;
  return steps.map((step) => ({ ...step, walk: { ...step.walk, filtered: [...walk.filtered, ...step.walk.rules.slice(walk.rules.length)] } }));
}

/** Walks one chain; every step it returns is 'return' (back to the caller) or 'end'. */
function walkChain(table: NftTableModel, chain: NftChainModel, query: ServiceQuery, walk: Walk, stack: string[], budget: WalkBudget): Step[] {
  if (stack.includes(chain.name)) return [{ kind: 'end', walk, outcome: 'loop', endpoint: null }];
  // deep but not a loop: where the walk goes from here is not known
  if (stack.length >= MAX_DEPTH) {
    return [{ kind: 'end', walk: { ...walk, assumptions: [...walk.assumptions, notEvaluated(`chain ${table.name}/${chain.name}, ${MAX_DEPTH} chains deep,`)] }, outcome: 'undecided', endpoint: null }];
  }
  let active: Walk[] = [walk];
  const done: Step[] = [];
  for (const rule of chain.rules) {
    if (active.length === 0) break;
    if (!budget.spend(active.length)) {
      done.push({ kind: 'end', walk: stoppedWalk(active), outcome: 'undecided', endpoint: null });
      active = [];
      break;
    }
    const next: Walk[] = [];
    for (const current of active) {
      for (const result of runRule(table, chain, rule, query, current, [...stack, chain.name], budget)) {
        if (result.kind === 'next') next.push(result.walk);
        else done.push(result);
      }
    }
    active = next;
  }
  // off the end: a base chain's policy, a regular chain returns to its caller
  for (const current of active) {
    if (chain.base?.policy === 'drop') done.push({ kind: 'end', walk: current, outcome: 'dropped', endpoint: null });
    else if (chain.base) done.push({ kind: 'end', walk: current, outcome: 'accept-chain', endpoint: null });
    else done.push({ kind: 'return', walk: current });
  }
  return done;
}

type RuleResult = { kind: 'next'; walk: Walk } | Step;

/** Runs a rule's statements left to right; a false match ends the rule (on to the next one). */
function runRule(table: NftTableModel, chain: NftChainModel, rule: NftRuleModel, query: ServiceQuery, walk: Walk, stack: string[], budget: WalkBudget): RuleResult[] {
  const taken = (w: Walk): Walk => (w.rules.includes(rule.iptables) ? w : { ...w, rules: [...w.rules, rule.iptables] });
  const run = (index: number, current: Walk): RuleResult[] => {
    const statement = rule.statements[index];
    if (!statement) return [{ kind: 'next', walk: current }];
    switch (statement.kind) {
      case 'match': {
        const affinitySet = affinitySetOf(table, statement);
        if (affinitySet) {
          // a returning client the listing shows goes back to its endpoint; any other passes over
          const check = { rule: rule.iptables, timeoutSeconds: affinitySet.timeoutSeconds };
          if (query.source !== undefined && affinitySet.clients.includes(query.source)) return run(index + 1, { ...current, affinity: [...current.affinity, check] });
          return [{ kind: 'next', walk: { ...current, affinity: [...current.affinity, check] } }];
        }
        const decision = matchStatement(table, statement, query, current.packet);
        if (decision.decision === true) return run(index + 1, current);
        const seen = decision.assumption ? { ...current, assumptions: [...current.assumptions, decision.assumption] } : current;
        return [{ kind: 'next', walk: seen }];
      }
      case 'vmap': {
        const key = concatenation(statement.selectors, query, current.packet);
        if (key === null) return [{ kind: 'next', walk: { ...current, assumptions: [...current.assumptions, notEvaluated(statement.text)] } }];
        const entries = mapEntriesOf(table, statement.map);
        if (entries === null) return [{ kind: 'next', walk: { ...current, assumptions: [...current.assumptions, notInListing(`${statement.text}: the map`)] } }];
        const found = entries.find((entry) => keyMatches(entry.key, key));
        if (!found) return [{ kind: 'next', walk: current }];
        return verdict(found.value, taken(current));
      }
      case 'numgen': {
        const entries = mapEntriesOf(table, statement.map);
        if (entries === null || statement.mode !== 'random') return [{ kind: 'next', walk: { ...current, assumptions: [...current.assumptions, notEvaluated(statement.text)] } }];
        const out: RuleResult[] = [];
        let covered = 0;
        for (const entry of entries) {
          const share = numgenShare(entry.key, statement.modulus, statement.base);
          if (share === 0) continue;
          covered += share;
          append(out, verdict(entry.value, { ...taken(current), probability: current.probability * share }));
        }
        // numbers no element holds: the lookup fails and the rule does not apply
        if (covered < 1 - 1e-12) out.push({ kind: 'next', walk: { ...current, probability: current.probability * (1 - covered) } });
        return out;
      }
      case 'verdict':
        return verdict(statement.verdict === 'jump' || statement.verdict === 'goto' ? `${statement.verdict} ${statement.target ?? ''}` : statement.verdict, taken(current));
      case 'nat': {
        if (statement.type !== 'dnat' || statement.to === null) return [{ kind: 'end', walk: taken(current), outcome: 'accept-chain', endpoint: null }];
        const to = parseNatAddress(statement.to);
        return [{ kind: 'end', walk: taken(current), outcome: 'dnat', endpoint: { address: to.address, port: to.port ?? null } }];
      }
      case 'reject':
        return [{ kind: 'end', walk: taken(current), outcome: 'rejected', endpoint: null }];
      case 'mark-set': {
        if (statement.value === null || statement.mask === null || statement.selector !== 'meta mark') return run(index + 1, current);
        const mark = ((current.packet.mark & ~statement.mask) ^ statement.value) >>> 0;
        return run(index + 1, { ...taken(current), packet: { ...current.packet, mark } });
      }
      case 'other':
        // kube-proxy's session affinity: `update @affinity-… { ip saddr }` records the client, it decides nothing
        if (/^(?:update|add) @/.test(statement.text)) return run(index + 1, taken(current));
        return [{ kind: 'next', walk: { ...current, assumptions: [...current.assumptions, notEvaluated(statement.text)] } }];
      case 'limit':
        return run(index + 1, { ...current, assumptions: [...current.assumptions, `${statement.text} assumed not exceeded`] });
      case 'xt':
        return [{ kind: 'next', walk: { ...current, assumptions: [...current.assumptions, notEvaluated(`xt ${statement.what} ${statement.name}`)] } }];
      default:
        // counter, comment, log, notrack, hidden: nothing about where the packet goes
        return run(index + 1, current);
    }
  };
  const verdict = (text: string, current: Walk): RuleResult[] => {
    const [word, target] = text.split(' ') as [string, string | undefined];
    switch (word) {
      case 'jump':
      case 'goto': {
        const next = target === undefined ? undefined : table.chains.get(target);
        if (!next) return [{ kind: 'next', walk: { ...current, assumptions: [...current.assumptions, notInListing(`chain ${table.name}/${target ?? ''}`)] } }];
        const steps = walkChain(table, next, query, current, stack, budget);
        // jump: back on to the next rule; goto: back means back from this chain too
        return word === 'goto' ? steps : steps.map((step) => (step.kind === 'return' ? { kind: 'next', walk: step.walk } : step));
      }
      case 'accept':
        return [{ kind: 'end', walk: current, outcome: 'accept-chain', endpoint: null }];
      case 'drop':
        return [{ kind: 'end', walk: current, outcome: 'dropped', endpoint: null }];
      case 'return':
        return [{ kind: 'return', walk: current }];
      case 'continue':
        return [{ kind: 'next', walk: current }];
      default:
        return [{ kind: 'next', walk: { ...current, assumptions: [...current.assumptions, notEvaluated(`verdict ${text}`)] } }];
    }
  };
  void chain;
  return run(0, walk);
}

/**
 * kube-proxy's affinity check `ip saddr @affinity-…` (ip6 saddr for IPv6): the set's timeout and the
 * clients it holds (a listing of a live set shows `elements = { 10.0.0.5 timeout 3h expires 2h59m, … }`).
 */
export function affinitySetOf(table: NftTableModel, statement: NftStatement): { name: string; timeoutSeconds: number | null; clients: string[] } | null {
  if (statement.kind !== 'match' || statement.op !== '==' || statement.mask !== null || statement.value.kind !== 'ref') return null;
  const selector = statement.selectors.map((s) => s.join(' ')).join(' . ');
  if ((selector !== 'ip saddr' && selector !== 'ip6 saddr') || !statement.value.name.startsWith('affinity-')) return null;
  const set = table.sets.get(statement.value.name);
  return {
    name: statement.value.name,
    // the set's `timeout 3h` (kube-proxy's sessionAffinityConfig.clientIP.timeoutSeconds)
    timeoutSeconds: set?.timeoutSeconds ?? null,
    clients: (set?.elements ?? []).map((element) => element.trim().split(/\s+/)[0] ?? '').filter((client) => client !== ''),
  };
}

/** The share of `numgen … mod N offset O` numbers a map key holds: "0", "1-2". */
function numgenShare(key: string, modulus: number, base: number): number {
  const range = /^(\d+)(?:-(\d+))?$/.exec(key.trim());
  if (!range || modulus <= 0) return 0;
  const from = Number(range[1]);
  const to = range[2] === undefined ? from : Number(range[2]);
  const low = Math.max(from, base);
  const high = Math.min(to, base + modulus - 1);
  return high >= low ? (high - low + 1) / modulus : 0;
}

function mapEntriesOf(table: NftTableModel, value: NftValue): { key: string; value: string }[] | null {
  if (value.kind === 'map') return value.entries;
  if (value.kind === 'set') return value.elements.map((key) => ({ key, value: '' }));
  if (value.kind !== 'ref') return null;
  const set = table.sets.get(value.name);
  if (!set) return null;
  return (set.elements ?? []).map((element) => {
    const colon = element.lastIndexOf(' : ');
    return colon === -1 ? { key: element, value: '' } : { key: element.slice(0, colon), value: element.slice(colon + 3) };
  });
}

/** The packet's value for each selector of a concatenation; null when one is not known. */
function concatenation(selectors: readonly string[][], query: ServiceQuery, packet: Packet): string[] | null {
  const out: string[] = [];
  for (const selector of selectors) {
    const value = selectorValue(selector.join(' '), query, packet);
    if (value === null) return null;
    out.push(value);
  }
  return out;
}

function selectorValue(selector: string, query: ServiceQuery, packet: Packet): string | null {
  switch (selector) {
    case 'ip daddr':
    case 'ip6 daddr':
      return packet.daddr;
    case 'ip saddr':
    case 'ip6 saddr':
      return query.source ?? null;
    case 'meta l4proto':
    case 'ip protocol':
    case 'ip6 nexthdr':
      return query.protocol ?? 'tcp';
    case 'th dport':
      return String(packet.dport);
    case 'tcp dport':
    case 'udp dport':
    case 'sctp dport':
      return selector.startsWith(query.protocol ?? 'tcp') ? String(packet.dport) : null;
    default:
      return null;
  }
}

/** An element key without the `comment "…"` nft prints after it (kube-proxy's no-endpoint elements). */
function withoutComment(key: string): string {
  const at = key.indexOf(' comment "');
  return at === -1 ? key.trim() : key.slice(0, at).trim();
}

/** An element key ("10.96.0.1 . tcp . 443", with a `comment "…"` nft prints after it) against a packet's values. */
function keyMatches(key: string, values: readonly string[]): boolean {
  const parts = withoutComment(key).split(' . ').map((part) => part.trim());
  return parts.length === values.length && parts.every((part, i) => valueMatches(part, values[i] as string) === true);
}

/** One packet value against one element or literal: address in a prefix or range, protocol name or number, port or range. */
function valueMatches(element: string, value: string): Decision {
  if (element === value) return true;
  const protocol = PROTOCOL_NUMBERS[element];
  if (protocol) return protocol === value;
  if (/^\d+$/.test(value)) {
    const range = /^(\d+)-(\d+)$/.exec(element);
    if (range) return Number(value) >= Number(range[1]) && Number(value) <= Number(range[2]);
    return /^\d+$/.test(element) ? Number(element) === Number(value) : false;
  }
  return addressMatches(element, value);
}

function addressMatches(element: string, address: string): Decision {
  if (address.includes(':')) {
    const host = parseIPv6(address);
    const slash = element.indexOf('/');
    const network = parseIPv6(slash === -1 ? element : element.slice(0, slash));
    if (!host || !network) return element.includes(':') ? 'unknown' : false;
    const length = slash === -1 ? 128 : Number(element.slice(slash + 1));
    for (let bit = 0; bit < length; bit++) {
      const group = bit >> 4;
      const shift = 15 - (bit & 15);
      if ((((host[group] as number) >> shift) & 1) !== (((network[group] as number) >> shift) & 1)) return false;
    }
    return true;
  }
  const host = parseIPv4(address);
  const dash = element.indexOf('-');
  if (dash !== -1) {
    const low = parseIPv4(element.slice(0, dash));
    const high = parseIPv4(element.slice(dash + 1));
    if (host === null || low === null || high === null) return 'unknown';
    return host >= low && host <= high;
  }
  const network = parseIPv4Cidr(element);
  if (host === null || !network) return element.includes('.') ? 'unknown' : false;
  return ipv4InPrefix(host, network.address, network.prefixLength);
}

function valueIn(table: NftTableModel, value: NftValue, packetValue: string): Decision {
  switch (value.kind) {
    case 'literal':
      return valueMatches(value.text, packetValue);
    case 'set': {
      const results = value.elements.map((element) => valueMatches(element, packetValue));
      return results.includes(true) ? true : results.includes('unknown') ? 'unknown' : false;
    }
    case 'ref': {
      const entries = mapEntriesOf(table, value);
      if (entries === null) return 'unknown';
      const results = entries.map((entry) => valueMatches(withoutComment(entry.key), packetValue));
      return results.includes(true) ? true : results.includes('unknown') ? 'unknown' : false;
    }
    case 'map':
      return 'unknown';
  }
}

function matchStatement(
  table: NftTableModel, statement: Extract<NftStatement, { kind: 'match' }>, query: ServiceQuery, packet: Packet,
): { decision: Decision; assumption?: string } {
  const negate = (decision: Decision): Decision => (decision === 'unknown' || statement.op === '==' ? decision : statement.op === '!=' ? !decision : 'unknown');
  const selector = statement.selectors.map((s) => s.join(' ')).join(' . ');
  const unknown = (what: string) => ({ decision: 'unknown' as const, assumption: what });
  if (statement.selectors.length > 1) {
    const key = concatenation(statement.selectors, query, packet);
    if (key === null || statement.value.kind !== 'ref') return unknown(notEvaluated(statement.text));
    const entries = mapEntriesOf(table, statement.value);
    if (entries === null) return unknown(notInListing(`${statement.text}: the set`));
    return { decision: negate(entries.some((entry) => keyMatches(entry.key, key))) };
  }
  switch (selector) {
    case 'ip saddr':
    case 'ip6 saddr':
      if (query.source === undefined) return unknown(`source ${statement.op === '!=' ? '! ' : ''}${statement.text.replace(/^ip6? saddr (!= )?/, '')} not decided: the source is not known`);
      return { decision: negate(valueIn(table, statement.value, query.source)) };
    case 'fib daddr type':
    case 'fib saddr type': {
      if (statement.value.kind !== 'literal' || statement.value.text !== 'local') return unknown(notEvaluated(statement.text));
      const isLocal = selector === 'fib daddr type' ? query.destinationIsLocal : query.sourceIsLocal;
      if (isLocal === undefined) return unknown(`${statement.text} not decided: whether the source is local is not known`);
      return { decision: negate(isLocal) };
    }
    case 'ct state': {
      const states = statement.value.kind === 'set' ? statement.value.elements : statement.value.kind === 'literal' ? statement.value.text.split(',') : null;
      if (!states) return unknown(notEvaluated(statement.text));
      // a new connection
      return { decision: negate(states.includes('new')) };
    }
    case 'meta mark':
    case 'mark': {
      const parse = (text: string | null) => (text === null ? null : /^0x[\da-f]+$/i.test(text) ? Number.parseInt(text.slice(2), 16) : /^\d+$/.test(text) ? Number(text) : null);
      const expected = statement.value.kind === 'literal' ? parse(statement.value.text) : null;
      const mask = statement.mask === null ? 0xffffffff : parse(statement.mask);
      if (expected === null || mask === null) return unknown(notEvaluated(statement.text));
      return { decision: negate(((packet.mark & mask) >>> 0) === expected) };
    }
    default: {
      // `tcp dport 443` holds only for TCP (nft adds the dependency `meta l4proto tcp`)
      const protocol = /^(tcp|udp|sctp) [ds]port$/.exec(selector)?.[1];
      if (protocol && protocol !== (query.protocol ?? 'tcp')) return { decision: false };
      const value = selectorValue(selector, query, packet);
      if (value === null) return unknown(notEvaluated(statement.text));
      if (statement.mask !== null || !(statement.op === '==' || statement.op === '!=')) return unknown(notEvaluated(statement.text));
      return { decision: negate(valueIn(table, statement.value, value)) };
    }
  }
}
