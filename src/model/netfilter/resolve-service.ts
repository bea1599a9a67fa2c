// Where kube-proxy's NAT rules send a packet: walks the nat table the way the kernel does for a
// new connection (PREROUTING, or kube-proxy's own entry chains when that is all a listing shows)
// through KUBE-SERVICES / KUBE-NODEPORTS / KUBE-EXT-* / KUBE-SVC-* / KUBE-SVL-* / KUBE-XLB-* /
// KUBE-SEP-*, branching at every `statistic --mode random` rule, and returns every endpoint with
// its probability and the rules that led there. Chain layout per kube-proxy pkg/proxy/iptables.
// sessionAffinity: ClientIP (proxier.go, writeServiceToEndpointRules): the policy chain begins with
// one "-m recent --name <SEP> --rcheck --seconds <timeout> --reap -j <SEP>" rule per endpoint, and
// each KUBE-SEP DNAT rule carries "-m recent --name <SEP> --set". A client with a record goes back
// to its endpoint; the walk is for a client without one (the random dispatch), and each branch
// names the affinity rules it passed.
import { ipv4InPrefix, parseIPv4, parseIPv4Cidr } from '../../core';
import type { IptablesMatch, IptablesRule, TypedMatch } from '../../formats/shared/iptables/schema';
import type { RuleSet } from './rule-set';
import { isUndecidable, notEvaluated, notInListing } from './assumptions';
import { conntrackMatches } from './conntrack';
import { PATHS_NOT_FOLLOWED, stoppedWalk, WalkBudget } from './walk-budget';
import { matchesOf, targetOf } from '../../formats/shared/iptables/packed';

export interface ServiceQuery {
  /** The destination address of the packet (a ClusterIP, a node IP for a NodePort, an external IP). */
  destination: string;
  port: number;
  protocol?: 'tcp' | 'udp' | 'sctp';
  /** Whether the destination is an address of this node: decides `-m addrtype --dst-type LOCAL`. */
  destinationIsLocal: boolean;
  /** The packet's source address, when known; rules that test it are otherwise not taken. */
  source?: string;
  /** Whether the source is an address of this node (`-m addrtype --src-type LOCAL`), when known. */
  sourceIsLocal?: boolean;
  /**
   * Whether the node sends the packet itself: the nat table's OUTPUT hook then sees it, not
   * PREROUTING (net/ipv4/netfilter/iptable_nat.c hooks both at NF_IP_PRI_NAT_DST). Defaults to
   * sourceIsLocal === true.
   */
  locallyGenerated?: boolean;
}

/** The nat hook a new connection meets first: OUTPUT for a packet the node sends, PREROUTING for one it receives. */
export function natHookOf(query: Pick<ServiceQuery, 'locallyGenerated' | 'sourceIsLocal'>): 'PREROUTING' | 'OUTPUT' {
  return (query.locallyGenerated ?? query.sourceIsLocal === true) ? 'OUTPUT' : 'PREROUTING';
}

/**
 * How a branch ends. `no-match`: no rule took the packet. `undecided`: none was found to, but the
 * walk passed matches or statements it could not evaluate, or jumped into a chain or map the
 * listing does not show (its assumptions name them), so whether one would have is not known — not
 * a fact to build on.
 */
export type ServiceOutcome = 'dnat' | 'rejected' | 'dropped' | 'accepted' | 'no-match' | 'undecided' | 'loop';

export interface ServiceBranch {
  probability: number;
  outcome: ServiceOutcome;
  /** The DNAT destination ("10.244.2.6", port "9090"); null unless outcome is dnat. */
  endpoint: { address: string; port: string | null } | null;
  /** The rules that matched, in the order the packet met them: the evidence. */
  rules: IptablesRule[];
  /** What the walk could not decide from the rules and assumed (each once). */
  assumptions: string[];
  /** The table and chain where the walk began, and whether that entry is inferred (PREROUTING or OUTPUT not shown). */
  entry: { table: string; chain: string; inferred: boolean };
  /**
   * sessionAffinity: ClientIP: the affinity rules the walk passed over before the random dispatch
   * (iptables `-m recent --rcheck`, nftables `ip saddr @affinity-… goto endpoint-…`). The branch and
   * its probability are for a client without a record; a client that reached an endpoint within
   * timeoutSeconds goes back to that endpoint. null: no affinity on the way.
   */
  affinity: ServiceAffinity | null;
}

/** A service's session affinity as kube-proxy programs it. */
export interface ServiceAffinity {
  /** service.spec.sessionAffinityConfig.clientIP.timeoutSeconds (kube-proxy's default 10800); null when the listing does not show it. */
  timeoutSeconds: number | null;
  /** The affinity check rules, one per endpoint. */
  rules: IptablesRule[];
}

export { isNotEvaluated, isUndecidable, notEvaluated, notInListing } from './assumptions';

const PROTOCOL_NUMBERS: Record<string, string> = { '6': 'tcp', '17': 'udp', '132': 'sctp', '1': 'icmp', '0': 'all' };
const MAX_DEPTH = 64;

type Decision = true | false | 'unknown';

interface Walk {
  probability: number;
  rules: IptablesRule[];
  assumptions: string[];
  /** Affinity checks passed over (not taken: a client without a record). */
  affinity: { rule: IptablesRule; timeoutSeconds: number | null }[];
}

/** What happens to a walk after a rule: on to the next rule, back to the caller, or an end. */
type Step =
  | { kind: 'next'; walk: Walk }
  | { kind: 'return'; walk: Walk }
  | { kind: 'end'; walk: Walk; outcome: ServiceOutcome; endpoint: ServiceBranch['endpoint'] };

/**
 * Every way the nat table can treat a new connection to `query`, with probabilities summing to 1.
 * The walk starts in PREROUTING, or OUTPUT for a packet the node sends itself. A listing without
 * that chain starts at KUBE-SERVICES (kube-proxy jumps there from both), or at KUBE-NODEPORTS for a
 * local destination when only that chain is shown; such an entry is marked inferred.
 */
export function resolveService(ruleSet: RuleSet, query: ServiceQuery, budget = new WalkBudget()): ServiceBranch[] {
  const entry = entryChain(ruleSet, query);
  if (!entry) return [];
  const start: Walk = {
    probability: 1, rules: [], affinity: [],
    assumptions: entry.inferred ? [`the jump from ${natHookOf(query)} to ${entry.chain} is inferred: the listing does not show ${natHookOf(query)}`] : [],
  };
  const steps = walkChain(ruleSet, 'nat', entry.chain, query, start, [], budget);
  const branches: ServiceBranch[] = [];
  for (const step of steps) {
    // ACCEPT in nat ends NAT for the packet without a DNAT: the filter table still has its say
    if (step.kind === 'end' && step.outcome !== 'accepted') branches.push(branchOf(step.walk, step.outcome, step.endpoint, entry));
    else for (const branch of noNatVerdicts(ruleSet, query, step.walk, entry, budget)) branches.push(branch);
  }
  return mergeBranches(branches);
}

function entryChain(ruleSet: RuleSet, query: ServiceQuery): { table: string; chain: string; inferred: boolean } | null {
  const hook = natHookOf(query);
  const chain = ruleSet.chain('nat', hook);
  if (chain && chain.rules.length > 0) return { table: 'nat', chain: hook, inferred: false };
  // declared without rules in a listing that shows the other hook's rules: the whole table, and
  // this hook is empty (iptables-save prints ":OUTPUT ACCEPT [0:0]" and no rule): nothing to DNAT
  const other = ruleSet.chain('nat', hook === 'OUTPUT' ? 'PREROUTING' : 'OUTPUT');
  if (chain?.declaration && other && other.rules.length > 0) return { table: 'nat', chain: hook, inferred: false };
  if (ruleSet.chain('nat', 'KUBE-SERVICES')) return { table: 'nat', chain: 'KUBE-SERVICES', inferred: true };
  if (query.destinationIsLocal && ruleSet.chain('nat', 'KUBE-NODEPORTS')) return { table: 'nat', chain: 'KUBE-NODEPORTS', inferred: true };
  return null;
}

function branchOf(walk: Walk, outcome: ServiceOutcome, endpoint: ServiceBranch['endpoint'], entry: ServiceBranch['entry']): ServiceBranch {
  const assumptions = [...new Set(walk.assumptions)];
  return { probability: walk.probability, outcome: settledOutcome(outcome, assumptions), endpoint, rules: walk.rules, assumptions, entry, affinity: affinityOf(walk.affinity) };
}

/**
 * `no-match` after a match that could not be evaluated, or a jump into a chain or map the listing
 * does not show, is `undecided`: no rule was seen to take the packet, which is not none taking it.
 */
export function settledOutcome(outcome: ServiceOutcome, assumptions: readonly string[]): ServiceOutcome {
  return outcome === 'no-match' && assumptions.some(isUndecidable) ? 'undecided' : outcome;
}

/** The affinity a walk passed, for its branch: the timeout of the first check that shows one. */
export function affinityOf(checks: readonly { rule: IptablesRule; timeoutSeconds: number | null }[]): ServiceAffinity | null {
  if (checks.length === 0) return null;
  return { timeoutSeconds: checks.find((c) => c.timeoutSeconds !== null)?.timeoutSeconds ?? null, rules: checks.map((c) => c.rule) };
}

/**
 * What a `-m recent` match does in kube-proxy's rules: `--set` (-L: SET) records the source and
 * matches every packet; `--rcheck` (-L: CHECK) with `--seconds N` is an affinity check; anything
 * else (negated, --update, --remove, hit counts) is not kube-proxy's and stays unevaluated.
 */
export function recentAction(match: Pick<IptablesMatch, 'typed'>): { kind: 'set' } | { kind: 'check'; timeoutSeconds: number | null; name: string | null } | null {
  const typed = match.typed;
  if (typed?.type !== 'recent') return null;
  const names = new Set(typed.options.map((o) => o.name));
  if (typed.options.some((o) => o.negated) || names.has('!') || names.has('hitcount') || names.has('hit_count')) return null;
  const value = (name: string): string | null => typed.options.find((o) => o.name === name)?.values[0] ?? null;
  const check = names.has('rcheck') || names.has('CHECK');
  const set = names.has('set') || names.has('SET');
  if (set && !check && !names.has('update') && !names.has('UPDATE')) return { kind: 'set' };
  if (!check || set) return null;
  const seconds = value('seconds');
  return { kind: 'check', timeoutSeconds: seconds !== null && /^\d+$/.test(seconds) ? Number(seconds) : null, name: value('name') };
}

/**
 * Without a DNAT, kube-proxy's filter rules may still reject the packet: services without
 * endpoints get "-j REJECT" in filter KUBE-SERVICES / KUBE-EXTERNAL-SERVICES / KUBE-NODEPORTS.
 */
function noNatVerdicts(ruleSet: RuleSet, query: ServiceQuery, walk: Walk, entry: ServiceBranch['entry'], budget: WalkBudget): ServiceBranch[] {
  const branches: ServiceBranch[] = [];
  let pending: Walk[] = [walk];
  for (const chain of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-NODEPORTS']) {
    if (!ruleSet.chain('filter', chain)) continue;
    const next: Walk[] = [];
    for (const current of pending) {
      for (const step of walkChain(ruleSet, 'filter', chain, query, current, [], budget)) {
        if (step.kind === 'end') branches.push(branchOf(step.walk, step.outcome, null, entry));
        else next.push(step.walk);
      }
    }
    pending = next;
  }
  for (const rest of pending) branches.push(branchOf(rest, 'no-match', null, entry));
  return branches;
}

/**
 * Branches that end alike (same outcome, endpoint and rules, the same rule objects) are one branch;
 * by key, not by comparing every pair (a resolution may end in thousands of branches).
 */
export function mergeBranches(branches: readonly ServiceBranch[]): ServiceBranch[] {
  const ids = new Map<object, number>();
  const idOf = (rule: object): number => {
    let id = ids.get(rule);
    if (id === undefined) ids.set(rule, (id = ids.size));
    return id;
  };
  const byKey = new Map<string, ServiceBranch>();
  const out: ServiceBranch[] = [];
  for (const branch of branches) {
    // JSON is self-delimiting: nothing in an address or port makes two keys alike; walks the budget
    // stopped merge only with each other (an undecided branch that took no rule is not one of them)
    const stopped = branch.assumptions.includes(PATHS_NOT_FOLLOWED);
    let key = `${JSON.stringify([branch.outcome, stopped, branch.endpoint === null ? null : [branch.endpoint.address, branch.endpoint.port]])}|`;
    // loops merge whatever their path (the first kept): rules the kernel refuses to load, where
    // every path of a ring of 40 random splits would be a branch of its own (50,000 of them)
    if (branch.outcome !== 'loop') for (const rule of branch.rules) key += `${idOf(rule)},`;
    const same = byKey.get(key);
    if (same) same.probability += branch.probability;
    else {
      byKey.set(key, branch);
      out.push(branch);
    }
  }
  return out;
}

/** Walks one chain; the steps it returns are only 'return' (back to the caller) or 'end'. */
function walkChain(ruleSet: RuleSet, table: string, name: string, query: ServiceQuery, walk: Walk, stack: string[], budget: WalkBudget): Step[] {
  if (stack.includes(name)) return [{ kind: 'end', walk, outcome: 'loop', endpoint: null }];
  // deep but not a loop (the kernel loads any depth): where the walk goes from here is not known
  if (stack.length >= MAX_DEPTH) {
    return [{ kind: 'end', walk: { ...walk, assumptions: [...walk.assumptions, notEvaluated(`chain ${table}/${name}, ${MAX_DEPTH} chains deep,`)] }, outcome: 'undecided', endpoint: null }];
  }
  const chain = ruleSet.chain(table, name);
  if (!chain) return [{ kind: 'return', walk: { ...walk, assumptions: [...walk.assumptions, notInListing(`chain ${table}/${name}`)] } }];
  // the walks still in this chain, each about to try the next rule
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
      const { match, probability, assumptions, affinity } = matchRule(rule, query);
      const seen = assumptions.length > 0 ? { ...current, assumptions: [...current.assumptions, ...assumptions] } : current;
      if (affinity !== undefined) {
        // an affinity check: a client without a record passes over it to the random dispatch
        next.push({ ...seen, affinity: [...seen.affinity, { rule, timeoutSeconds: affinity }] });
        continue;
      }
      if (match !== true) {
        next.push(seen);
        continue;
      }
      // statistic --mode random: the rule is taken with its probability, passed over otherwise
      if (probability < 1) next.push({ ...seen, probability: seen.probability * (1 - probability) });
      const taken: Walk = { ...seen, probability: seen.probability * probability, rules: [...seen.rules, rule] };
      for (const step of applyTarget(ruleSet, table, rule, query, taken, [...stack, name], budget)) {
        if (step.kind === 'next') next.push(step.walk);
        else done.push(step);
      }
    }
    active = next;
  }
  // off the end of a user chain: back to the caller; of a built-in chain: its policy
  for (const current of active) {
    if (chain.builtin && chain.policy === 'DROP') done.push({ kind: 'end', walk: current, outcome: 'dropped', endpoint: null });
    else done.push({ kind: 'return', walk: current });
  }
  return done;
}

function applyTarget(ruleSet: RuleSet, table: string, rule: IptablesRule, query: ServiceQuery, walk: Walk, stack: string[], budget: WalkBudget): Step[] {
  const target = targetOf(rule);
  if (!target) return [{ kind: 'next', walk }];
  const typed = target.typed;
  if (typed?.type === 'chain' || (!typed && ruleSet.chain(table, target.name))) {
    const steps = walkChain(ruleSet, table, target.name, query, walk, stack, budget);
    // -j: back from the chain, on to the next rule; -g: back from it means back from this chain too
    return target.goto ? steps : steps.map((step) => (step.kind === 'return' ? { kind: 'next', walk: step.walk } : step));
  }
  switch (typed?.type) {
    case 'dnat': {
      const to = typed.to[0];
      return [{ kind: 'end', walk, outcome: 'dnat', endpoint: to ? { address: to.address, port: to.port ?? null } : null }];
    }
    case 'reject':
      return [{ kind: 'end', walk, outcome: 'rejected', endpoint: null }];
    case 'verdict':
      if (typed.verdict === 'RETURN') return [{ kind: 'return', walk }];
      return [{ kind: 'end', walk, outcome: typed.verdict === 'DROP' ? 'dropped' : 'accepted', endpoint: null }];
    default:
      // MARK, LOG and the like change nothing of where the packet goes
      return [{ kind: 'next', walk }];
  }
}

function matchRule(rule: IptablesRule, query: ServiceQuery): { match: Decision; probability: number; assumptions: string[]; affinity?: number | null } {
  const assumptions: string[] = [];
  let probability = 1;
  let affinity: number | null | undefined;
  const decide = (decision: Decision, what: string): Decision => {
    if (decision === 'unknown') assumptions.push(what);
    return decision;
  };
  const checks: Decision[] = [];
  if (rule.protocol) checks.push(negate(protocolMatches(rule.protocol.value, query.protocol ?? 'tcp'), rule.protocol.negated));
  if (rule.destination) checks.push(negate(addressMatches(rule.destination.value, query.destination), rule.destination.negated));
  if (rule.source) {
    const decision = query.source === undefined ? 'unknown' : addressMatches(rule.source.value, query.source);
    checks.push(decide(negate(decision, rule.source.negated), `source ${rule.source.negated ? '! ' : ''}${rule.source.value} not decided: the source is not known`));
  }
  if (rule.inInterface) checks.push(decide('unknown', `input interface ${rule.inInterface.value} not decided`));
  if (rule.outInterface) checks.push(decide('unknown', `output interface ${rule.outInterface.value} not decided`));
  if (rule.fragment) checks.push(rule.fragment.negated);
  for (const match of matchesOf(rule)) {
    const typed = match.typed;
    if (!typed) {
      checks.push(decide('unknown', notEvaluated(`match module ${match.module}`)));
      continue;
    }
    if (typed.type === 'statistic' && typed.mode === 'random' && typed.probability !== undefined && !typed.negated) {
      probability *= typed.probability;
      continue;
    }
    const recent = recentAction(match);
    if (recent?.kind === 'set') continue;
    if (recent?.kind === 'check') {
      affinity = recent.timeoutSeconds;
      continue;
    }
    // a conntrack test in nat: the connection is new and not yet DNATed (a DNAT ends the walk)
    const decision = typed.type === 'conntrack' ? conntrackMatches(match, { dnat: false }) : typedMatches(typed, query);
    checks.push(decide(decision, notEvaluated(`match ${match.module}`)));
  }
  if (checks.includes(false)) return { match: false, probability: 1, assumptions: [] };
  if (checks.includes('unknown')) return { match: 'unknown', probability: 1, assumptions };
  // the rule applies but for its affinity check: it is an affinity branch
  if (affinity !== undefined) return { match: false, probability: 1, assumptions: [], affinity };
  return { match: true, probability, assumptions };
}

function negate(decision: Decision, negated: boolean): Decision {
  if (decision === 'unknown' || !negated) return decision;
  return !decision;
}

function protocolMatches(value: string, protocol: string): Decision {
  const name = PROTOCOL_NUMBERS[value] ?? value.toLowerCase();
  return name === 'all' || name === protocol;
}

function addressMatches(cidr: string, address: string): Decision {
  const network = parseIPv4Cidr(cidr);
  const host = parseIPv4(address);
  if (!network || host === null) return 'unknown';
  return ipv4InPrefix(host, network.address, network.prefixLength);
}

function inRange(port: number, range: { negated: boolean; from: number; to: number }): boolean {
  const inside = port >= range.from && port <= range.to;
  return range.negated ? !inside : inside;
}

function typedMatches(typed: TypedMatch, query: ServiceQuery): Decision {
  switch (typed.type) {
    case 'comment':
      return true;
    case 'ports':
      if (typed.protocol !== (query.protocol ?? 'tcp')) return false;
      if (typed.destinationPort && !inRange(query.port, typed.destinationPort)) return false;
      // the client's port and the TCP flags are not known
      return typed.sourcePort || typed.tcpFlags || typed.syn ? 'unknown' : true;
    case 'multiport': {
      if (typed.direction === 'source') return 'unknown';
      const inside = typed.ports.some((range) => inRange(query.port, range));
      return typed.negated ? !inside : inside;
    }
    case 'addrtype': {
      const local = (type: { negated: boolean; types: string[] } | undefined, isLocal: boolean | undefined): Decision => {
        if (!type) return true;
        if (type.types.length !== 1 || type.types[0] !== 'LOCAL' || isLocal === undefined) return 'unknown';
        return type.negated ? !isLocal : isLocal;
      };
      const source = local(typed.sourceType, query.sourceIsLocal);
      const destination = local(typed.destinationType, query.destinationIsLocal);
      if (source === false || destination === false) return false;
      return source === 'unknown' || destination === 'unknown' ? 'unknown' : true;
    }
    default:
      return 'unknown';
  }
}
