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
import { setMatches, type IpSet } from '../node/ipset';
import { formatIPv4, ipv4InPrefix, parseIPv4, parseIPv4Cidr } from '../../core';
import type { IptablesMatch, IptablesRule, NatAddress, TypedMatch } from '../../formats/shared/iptables/schema';
import type { RuleSet } from './rule-set';
import { notEvaluated, notInListing } from './assumptions';
import { conntrackMatches } from './conntrack';
import { interfaceMatches } from './forward';
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
  /** The device the packet came in on, when known (null: none, the node sent it); `-i` rules are otherwise undecided. */
  inInterface?: string | null;
  /** Whether the source is an address of this node (`-m addrtype --src-type LOCAL`), when known. */
  sourceIsLocal?: boolean;
  /**
   * Whether the node sends the packet itself: the nat table's OUTPUT hook then sees it, not
   * PREROUTING (net/ipv4/netfilter/iptable_nat.c hooks both at NF_IP_PRI_NAT_DST). Defaults to
   * sourceIsLocal === true.
   */
  locallyGenerated?: boolean;
  /** The node's IP sets (ipset list), by name: `-m set --match-set` is decided against them where shown. */
  sets?: ReadonlyMap<string, IpSet>;
}

/** The nat hook a new connection meets first: OUTPUT for a packet the node sends, PREROUTING for one it receives. */
export function natHookOf(query: Pick<ServiceQuery, 'locallyGenerated' | 'sourceIsLocal'>): 'PREROUTING' | 'OUTPUT' {
  return (query.locallyGenerated ?? query.sourceIsLocal === true) ? 'OUTPUT' : 'PREROUTING';
}

/**
 * How a branch ends. `redirect`: REDIRECT sent it to the node itself (endpoint: the port).
 * `no-match`: no rule took the packet. `undecided`: none was found to, but the
 * walk passed matches or statements it could not evaluate, or jumped into a chain or map the
 * listing does not show (its assumptions name them), so whether one would have is not known — not
 * a fact to build on.
 */
export type ServiceOutcome = 'dnat' | 'redirect' | 'rejected' | 'dropped' | 'accepted' | 'no-match' | 'undecided' | 'loop';

export interface ServiceBranch {
  probability: number;
  outcome: ServiceOutcome;
  /**
   * The DNAT destination ("10.244.2.6", port "9090"), one address and port of a range; for
   * redirect, the node's own: 127.0.0.1 for a packet it sends, "" for one it receives (the primary
   * address of the interface it came in on, which the rules do not show). null otherwise.
   */
  endpoint: { address: string; port: string | null } | null;
  /** The rules that matched, in the order the packet met them: the evidence. */
  rules: IptablesRule[];
  /**
   * Those of the rules a filter hook walked where their table does not say so (a chain of kube-proxy's
   * nftables table reached from a base chain of type filter); iptables' filter rules have table "filter".
   */
  filtered?: IptablesRule[];
  /** What the walk could not decide from the rules and assumed (each once). */
  assumptions: string[];
  /**
   * Those of the assumptions that leave the walk undecided (each once): a match or target not
   * evaluated (an interface, a module netsift does not read), a chain or map the listing does not
   * show. A source not told is not among them: its rule is not taken, and the branch says so.
   */
  undecided: string[];
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
  /** The assumptions that leave the walk undecided (a subset of assumptions). */
  undecided: string[];
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
    probability: 1, rules: [], affinity: [], undecided: [],
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
  const undecided = [...new Set(walk.undecided)];
  return { probability: walk.probability, outcome: settledOutcome(outcome, undecided), endpoint, rules: walk.rules, assumptions, undecided, entry, affinity: affinityOf(walk.affinity) };
}

/**
 * `no-match` after a match that could not be evaluated, or a jump into a chain or map the listing
 * does not show (`undecided`, a branch's list of them), is `undecided`: no rule was seen to take
 * the packet, which is not none taking it.
 */
export function settledOutcome(outcome: ServiceOutcome, undecided: readonly string[]): ServiceOutcome {
  return outcome === 'no-match' && undecided.length > 0 ? 'undecided' : outcome;
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
    const what = notEvaluated(`chain ${table}/${name}, ${MAX_DEPTH} chains deep,`);
    return [{ kind: 'end', walk: { ...walk, assumptions: [...walk.assumptions, what], undecided: [...walk.undecided, what] }, outcome: 'undecided', endpoint: null }];
  }
  const chain = ruleSet.chain(table, name);
  if (!chain) {
    const what = notInListing(`chain ${table}/${name}`);
    return [{ kind: 'return', walk: { ...walk, assumptions: [...walk.assumptions, what], undecided: [...walk.undecided, what] } }];
  }
  // the walks still in this chain, each about to try the next rule
  let active: Walk[] = [walk];
  const done: Step[] = [];
  for (const rule of chain.rules) {
    if (active.length === 0) break;
    if (!budget.spend(active.length)) {
      const stopped = stoppedWalk(active);
      done.push({ kind: 'end', walk: { ...stopped, undecided: [...stopped.undecided, PATHS_NOT_FOLLOWED] }, outcome: 'undecided', endpoint: null });
      active = [];
      break;
    }
    const next: Walk[] = [];
    for (const current of active) {
      const { match, probability, assumptions, undecided, affinity } = matchRule(rule, query);
      const seen = assumptions.length > 0 ? { ...current, assumptions: [...current.assumptions, ...assumptions], undecided: [...current.undecided, ...undecided] } : current;
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
    case 'dnat':
      return dnatSteps(typed.to[0], query, walk);
    case 'reject':
      return [{ kind: 'end', walk, outcome: 'rejected', endpoint: null }];
    case 'verdict':
      if (typed.verdict === 'RETURN') return [{ kind: 'return', walk }];
      return [{ kind: 'end', walk, outcome: typed.verdict === 'DROP' ? 'dropped' : 'accepted', endpoint: null }];
    default: {
      // MARK, LOG and the like change nothing of where the packet goes; in nat, a target netsift
      // does not model may (NETMAP, NFQUEUE …): where the packet goes is then not known
      if (table !== 'nat' || typed || PASSING_NAT_TARGETS.has(target.name)) return [{ kind: 'next', walk }];
      if (target.name === 'REDIRECT') {
        // iptables-extensions(8) REDIRECT: to the node itself, at --to-ports (a range keeps the port inside it) or the original port
        const ports = target.options.find((o) => o.name === 'to-ports')?.values[0];
        const port = ports === undefined ? String(query.port) : portOf(ports, query.port);
        if (port === null) return [{ kind: 'end', walk: undecidedWalk(walk, notEvaluated(`REDIRECT --to-ports ${ports ?? ''}`)), outcome: 'undecided', endpoint: null }];
        return [{ kind: 'end', walk, outcome: 'redirect', endpoint: { address: natHookOf(query) === 'OUTPUT' ? '127.0.0.1' : '', port } }];
      }
      return [{ kind: 'end', walk: undecidedWalk(walk, notEvaluated(`target ${target.name}`)), outcome: 'undecided', endpoint: null }];
    }
  }
}

// untyped targets that leave the nat walk going: they set marks or log, and change no address (MARK
// untyped: nft -j's xt MARK without its options)
const PASSING_NAT_TARGETS = new Set(['MARK', 'CONNMARK', 'NFLOG', 'TRACE', 'AUDIT', 'ULOG']);
// a DNAT address range the walk spreads into one branch an address; a wider one is not followed
const MAX_RANGE_ADDRESSES = 256;

function undecidedWalk(walk: Walk, what: string): Walk {
  return { ...walk, assumptions: [...walk.assumptions, what], undecided: [...walk.undecided, what] };
}

/**
 * The port a NAT range gives a new connection (nf_nat_core.c, nf_nat_l4proto_unique_tuple): the
 * original when it lies inside the range, else the first of it; null when it is no port or range.
 */
function portOf(text: string, original: number): string | null {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (!match) return null;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  if (from > to || to > 65535) return null;
  return String(original >= from && original <= to ? original : from);
}

/**
 * DNAT --to-destination: one address, or a range of which the kernel picks one for each
 * connection (by a hash of its addresses, nf_nat_core.c find_best_ips_proto): each address is a
 * branch of equal weight, and the branch says it. No address ("":port) keeps the destination.
 */
function dnatSteps(to: NatAddress | undefined, query: ServiceQuery, walk: Walk): Step[] {
  if (!to) return [{ kind: 'end', walk, outcome: 'dnat', endpoint: null }];
  const port = to.port === undefined ? null : portOf(to.port, query.port);
  const shown = `DNAT --to-destination ${to.address}${to.port === undefined ? '' : `:${to.port}`}`;
  if (to.port !== undefined && port === null) return [{ kind: 'end', walk: undecidedWalk(walk, notEvaluated(shown)), outcome: 'undecided', endpoint: null }];
  if (to.address === '') return [{ kind: 'end', walk, outcome: 'dnat', endpoint: { address: query.destination, port } }];
  const dash = to.address.indexOf('-');
  if (dash === -1) return [{ kind: 'end', walk, outcome: 'dnat', endpoint: { address: to.address, port } }];
  const first = parseIPv4(to.address.slice(0, dash));
  const last = parseIPv4(to.address.slice(dash + 1));
  if (first === null || last === null || last < first || last - first >= MAX_RANGE_ADDRESSES) {
    return [{ kind: 'end', walk: undecidedWalk(walk, notEvaluated(`${shown} (an address range of more than ${MAX_RANGE_ADDRESSES})`)), outcome: 'undecided', endpoint: null }];
  }
  const count = last - first + 1;
  const note = `the kernel picks one address of ${to.address} for each connection (by a hash of its addresses): each is a branch, of equal weight`;
  return Array.from({ length: count }, (_, k): Step => ({
    kind: 'end', outcome: 'dnat', endpoint: { address: formatIPv4(first + k), port },
    walk: { ...walk, probability: walk.probability / count, assumptions: [...walk.assumptions, note] },
  }));
}

function matchRule(rule: IptablesRule, query: ServiceQuery): { match: Decision; probability: number; assumptions: string[]; undecided: string[]; affinity?: number | null } {
  const assumptions: string[] = [];
  const undecided: string[] = [];
  let probability = 1;
  let affinity: number | null | undefined;
  const decide = (decision: Decision, what: string): Decision => {
    if (decision === 'unknown') {
      assumptions.push(what);
      undecided.push(what);
    }
    return decision;
  };
  // a source not told: the rule is not taken, and the walk says it assumed so (not undecided)
  const assume = (decision: Decision, what: string): Decision => {
    if (decision === 'unknown') assumptions.push(what);
    return decision;
  };
  const checks: Decision[] = [];
  if (rule.protocol) checks.push(negate(protocolMatches(rule.protocol.value, query.protocol ?? 'tcp'), rule.protocol.negated));
  if (rule.destination) checks.push(negate(addressMatches(rule.destination.value, query.destination), rule.destination.negated));
  if (rule.source) {
    const decision = query.source === undefined ? 'unknown' : addressMatches(rule.source.value, query.source);
    checks.push(assume(negate(decision, rule.source.negated), `source ${rule.source.negated ? '! ' : ''}${rule.source.value} not decided: the source is not known`));
  }
  if (rule.inInterface) {
    // a packet the node sends has no input interface ("-i docker0" in DOCKER, jumped to from OUTPUT, never matches)
    const arrived = query.locallyGenerated === true ? null : query.inInterface;
    checks.push(arrived === undefined
      ? decide('unknown', `input interface ${rule.inInterface.value} not decided`)
      : negate(arrived !== null && interfaceMatches(rule.inInterface.value, arrived), rule.inInterface.negated));
  }
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
    const decision = typed.type === 'conntrack' ? conntrackMatches(match, { dnat: false })
      : typed.type === 'set' ? setMatches(typed, { ...query, protocol: query.protocol ?? 'tcp' }, query.sets)
      : typedMatches(typed, query);
    checks.push(decide(decision, notEvaluated(`match ${match.module}`)));
  }
  if (checks.includes(false)) return { match: false, probability: 1, assumptions: [], undecided: [] };
  if (checks.includes('unknown')) return { match: 'unknown', probability: 1, assumptions, undecided };
  // the rule applies but for its affinity check: it is an affinity branch
  if (affinity !== undefined) return { match: false, probability: 1, assumptions: [], undecided: [], affinity };
  return { match: true, probability, assumptions, undecided };
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
