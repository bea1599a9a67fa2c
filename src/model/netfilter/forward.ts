// filter FORWARD for a new connection (iptables-extensions(8); the kernel's ipt_do_table): walks
// the chain and the chains it jumps to, deciding the matches the packet description answers
// (addresses, interfaces, ports and multiport, the skb mark kube-proxy's KUBE-MARK-MASQ set, conntrack
// state NEW, DNAT for a connection DNATed here, and IP sets the node's ipset listing shows); other
// matches (physdev, --tcp-flags, an unknown source, a set not shown) are not taken, and when such a
// rule would decide otherwise were it to match, the verdict is undecided. Docker sets FORWARD's
// policy to DROP and accepts only its own bridges; kube-proxy's KUBE-FORWARD accepts marked and
// established traffic; flannel's FLANNEL-FWD accepts its network both ways.
import type { IptablesRule } from '../../formats/shared/iptables/schema';
import { parseIPv4, parsePrefix4, prefixContains } from '../../core';
import type { Evidence } from '../evidence';
import { citeRule } from '../node/netfilter';
import type { NodeSnapshot } from '../node/snapshot';
import { matchesOf, targetOf } from '../../formats/shared/iptables/packed';
import { conntrackMatches } from './conntrack';
import { setMatches, type IpSet } from '../node/ipset';

export interface ForwardPacket {
  destination: string;
  /** The packet's source as it reaches this node; null or absent: not known, and rules that test it are undecided. */
  source?: string | null;
  inInterface?: string | null;
  outInterface: string | null;
  /** The skb mark (kube-proxy's 0x4000 after KUBE-MARK-MASQ); null: not known, 0: none set. */
  mark?: number | null;
  protocol?: 'tcp' | 'udp' | null;
  port?: number | null;
  /** Whether the connection was DNATed on this node (conntrack's virtual state DNAT); null or absent: not known. */
  dnat?: boolean | null;
  /** A packet of the reply direction of a connection the request set up (conntrack ESTABLISHED); absent: the request's first packet (NEW). */
  reply?: boolean;
  /** A packet conntrack holds INVALID (a TCP reply where the request was never seen). */
  invalid?: boolean;
  /** A reply: whether this node source-NATed its connection (ctstate SNAT); null or absent: not known. */
  snat?: boolean | null;
  /** The source port, when known (a reply's: the port the request went to); null or absent: not known (a client's). */
  sourcePort?: number | null;
  /** Where the destination port lies when `port` is not known (a reply's: the client's local port range). */
  portRange?: { from: number; to: number } | null;
}

export type ForwardVerdictKind = 'accept' | 'drop' | 'reject';

export interface ForwardVerdict {
  /** What the rules netsift could decide give; with `by: 'undecided'`, one of the outcomes possible. */
  verdict: ForwardVerdictKind;
  /**
   * Whether a rule decided (and which), or the chain's policy; `not-walked`: a jump went deeper than
   * MAX_DEPTH chains or back into a chain on the way (which the kernel refuses to load), so what
   * those chains do to the packet is not known and the verdict given is not one to rely on;
   * `undecided`: a rule whose matches the packet description cannot answer may match, and would
   * decide otherwise (`alternatives`): the verdict is not known.
   */
  by: 'rule' | 'policy' | 'not-shown' | 'not-walked' | 'undecided';
  detail: string;
  /** The rules that led to the verdict, and the rule or chain declaration that gave it. */
  evidence: Evidence[];
  /** Rules not taken because the packet description cannot answer their matches. */
  undecided: IptablesRule[];
  /** With `by: 'undecided'`: what the undecided rules would do were they to match ("unknown": a RETURN or a chain not followed). */
  alternatives?: { rule: IptablesRule; verdict: ForwardVerdictKind | 'unknown' }[];
}

// the kernel loads chains jumping any depth (and refuses loops); Docker, kube-proxy and flannel go four deep
const MAX_DEPTH = 256;
const PROTOCOL_NUMBERS: Record<string, string> = { '6': 'tcp', '17': 'udp', '132': 'sctp', '1': 'icmp', '0': 'all' };

type Alternative = NonNullable<ForwardVerdict['alternatives']>[number];

export function evaluateForward(node: NodeSnapshot, packet: ForwardPacket): ForwardVerdict {
  return evaluateFilter(node, 'FORWARD', packet);
}

/**
 * filter INPUT (a packet delivered to the node), FORWARD or OUTPUT (one the node sends), walked
 * alike: the same matches, the chain's policy when no rule decides.
 */
export function evaluateFilter(node: NodeSnapshot, hook: 'INPUT' | 'FORWARD' | 'OUTPUT', packet: ForwardPacket): ForwardVerdict {
  const netfilter = node.netfilter;
  const chain = netfilter?.rules.chain('filter', hook);
  if (!netfilter || !chain) return { verdict: 'accept', by: 'not-shown', detail: `filter ${hook} not shown: assumed to accept`, evidence: [], undecided: [] };
  const undecided: IptablesRule[] = [];
  // what the rules not decided would do, were they to match: the walk goes on as if they did not
  // (the path shown), and the verdict is certain only when each of these agrees with it
  const alternatives = new Map<IptablesRule, Alternative>();
  type Result = Omit<ForwardVerdict, 'undecided'> | 'return';
  // Chains known to return this packet: a chain jumped to from many rules (or many chains) is
  // walked once, not once per jump (fan-out to the power of the depth). Only a walk that met no
  // depth limit or loop is known: its result depends on the chain and the packet alone (the
  // alternatives it found stay found).
  const returns = new Set<string>();
  let cutoffs = 0;
  const walk = (name: string, depth: number, stack: readonly string[]): Result => {
    if (returns.has(name)) return 'return';
    const current = netfilter.rules.chain('filter', name);
    if (!current) return 'return';
    if (depth > MAX_DEPTH || stack.includes(name)) {
      cutoffs++;
      return 'return';
    }
    const cutoffsBefore = cutoffs;
    const result = walkRules(current.rules, name, depth, stack);
    if (result === 'return' && cutoffs === cutoffsBefore) returns.add(name);
    return result;
  };
  // what a rule's target does to the packet, were the rule to match
  const outcomeOf = (rule: IptablesRule, depth: number, stack: readonly string[], name: string): Result | 'next' => {
    const target = targetOf(rule);
    if (!target) return 'next';
    const cited = citeRule(netfilter, rule);
    const typed = target.typed;
    const at = `filter ${rule.chain} rule ${rule.position}`;
    if (typed?.type === 'verdict' && typed.verdict === 'ACCEPT') return { verdict: 'accept', by: 'rule', detail: `${at} accepts`, evidence: cited ? [cited] : [] };
    if (typed?.type === 'verdict' && typed.verdict === 'DROP') return { verdict: 'drop', by: 'rule', detail: `${at} drops`, evidence: cited ? [cited] : [] };
    if (typed?.type === 'reject') return { verdict: 'reject', by: 'rule', detail: `${at} rejects`, evidence: cited ? [cited] : [] };
    if (typed?.type === 'verdict' && typed.verdict === 'RETURN') return 'return';
    if (typed?.type === 'chain' || (!typed && netfilter.rules.chain('filter', target.name))) {
      const result = walk(target.name, depth + 1, [...stack, name]);
      if (result !== 'return') {
        if (cited) result.evidence = [cited, ...result.evidence];
        return result;
      }
      return target.goto ? 'return' : 'next';
    }
    // LOG, MARK and the like: the walk goes on
    return 'next';
  };
  const walkRules = (rules: readonly IptablesRule[], name: string, depth: number, stack: readonly string[]): Result => {
    for (const rule of rules) {
      const match = matchesPacket(rule, packet, node.ipsets);
      if (match === 'unknown') {
        undecided.push(rule);
        // the rule may match: what its target would do is an outcome the verdict must agree with
        const cutoffsBefore = cutoffs;
        const taken = outcomeOf(rule, depth, stack, name);
        cutoffs = cutoffsBefore;
        if (taken === 'return') alternatives.set(rule, { rule, verdict: 'unknown' });
        else if (taken !== 'next') alternatives.set(rule, { rule, verdict: taken.verdict });
        continue;
      }
      if (!match) continue;
      const taken = outcomeOf(rule, depth, stack, name);
      if (taken !== 'next') return taken;
    }
    return 'return';
  };
  const result = walk(hook, 0, []);
  if (cutoffs > 0) {
    return {
      verdict: result === 'return' ? (chain.policy === 'DROP' ? 'drop' : 'accept') : result.verdict, by: 'not-walked',
      detail: `filter ${hook} jumps deeper than ${MAX_DEPTH} chains or back into a chain on the way: what those chains do is not known`,
      evidence: result === 'return' ? [] : result.evidence, undecided,
    };
  }
  const names = undecided.map((rule) => `${rule.chain} rule ${rule.position}`);
  const unknown = names.length > 0 ? ` (not taken, undecidable from the packet alone: ${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''})` : '';
  const policy = chain.policy ?? 'ACCEPT';
  const declaration = chain.declaration ? citeRule(netfilter, chain.declaration) : null;
  const found: Omit<ForwardVerdict, 'undecided'> = result !== 'return' ? result : {
    verdict: policy === 'DROP' ? 'drop' : 'accept', by: 'policy',
    detail: `no rule of filter ${hook} decides: policy ${policy}`,
    evidence: declaration ? [declaration] : [],
  };
  const differing = [...alternatives.values()].filter((alternative) => alternative.verdict !== found.verdict);
  if (differing.length > 0) {
    const named = differing.map((a) => `${a.rule.chain} rule ${a.rule.position} (${a.verdict === 'unknown' ? 'returns' : verbOf(a.verdict)})`);
    return {
      ...found, by: 'undecided', undecided, alternatives: differing,
      detail: `${found.detail}, unless a rule netsift cannot decide for this packet matches: ${named.slice(0, 4).join(', ')}${named.length > 4 ? ', …' : ''}: not known`,
    };
  }
  return { ...found, detail: found.detail + unknown, undecided };
}

function verbOf(verdict: ForwardVerdictKind): string {
  return verdict === 'accept' ? 'accepts' : verdict === 'drop' ? 'drops' : 'rejects';
}

function addressMatch(cidr: string, address: string | null | undefined, negated: boolean): boolean | 'unknown' {
  if (address === null || address === undefined) return 'unknown';
  const prefix = parsePrefix4(cidr.includes('/') ? cidr : `${cidr}/32`);
  const value = parseIPv4(address);
  if (!prefix || value === null) return 'unknown';
  return prefixContains(prefix, value) !== negated;
}

function interfaceMatch(pattern: string, name: string | null | undefined, negated: boolean): boolean | 'unknown' {
  if (name === null || name === undefined) return 'unknown';
  return interfaceMatches(pattern, name) !== negated;
}

/** iptables(8)'s interface test: the name, or a trailing "+" for any interface whose name begins so. */
export function interfaceMatches(pattern: string, name: string): boolean {
  return pattern.endsWith('+') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

/** Whether a rule matches the packet: true, false, or 'unknown' when it tests something the packet description does not hold. */
export function matchesPacket(rule: IptablesRule, packet: ForwardPacket, sets?: ReadonlyMap<string, IpSet>): boolean | 'unknown' {
  const checks: (boolean | 'unknown')[] = [];
  if (rule.destination) checks.push(addressMatch(rule.destination.value, packet.destination, rule.destination.negated));
  if (rule.source) checks.push(addressMatch(rule.source.value, packet.source, rule.source.negated));
  if (rule.outInterface) checks.push(interfaceMatch(rule.outInterface.value, packet.outInterface, rule.outInterface.negated));
  if (rule.inInterface) checks.push(interfaceMatch(rule.inInterface.value, packet.inInterface, rule.inInterface.negated));
  if (rule.protocol) {
    const name = PROTOCOL_NUMBERS[rule.protocol.value] ?? rule.protocol.value.toLowerCase();
    checks.push(packet.protocol ? (name === 'all' || name === packet.protocol) !== rule.protocol.negated : 'unknown');
  }
  if (rule.fragment) checks.push(rule.fragment.negated);
  for (const match of matchesOf(rule)) {
    const typed = match.typed;
    if (typed?.type === 'comment') continue;
    if (typed?.type === 'conntrack') {
      // a new connection: NEW matches, DNAT when this node DNATed it, RELATED,ESTABLISHED (and INVALID) do not;
      // its reply: ESTABLISHED
      checks.push(conntrackMatches(match, { dnat: packet.dnat ?? null, reply: packet.reply === true, invalid: packet.invalid === true, snat: packet.snat ?? null }));
      continue;
    }
    if (typed?.type === 'multiport') {
      // --sports the source port, --dports the destination port, --ports either
      const source = anyPortIn(typed.ports, packet.sourcePort, null);
      const destination = anyPortIn(typed.ports, packet.port, packet.portRange);
      const inside = typed.direction === 'source' ? source : typed.direction === 'destination' ? destination
        : source === true || destination === true ? true : source === false && destination === false ? false : 'unknown';
      checks.push(inside === 'unknown' ? 'unknown' : inside !== typed.negated);
      continue;
    }
    if (typed?.type === 'ports' && packet.protocol) {
      // the TCP flags are not known: only a protocol or port that differs decides
      const flags = typed.tcpFlags || typed.syn ? 'unknown' : true;
      const source = typed.sourcePort ? portIn(typed.sourcePort, packet.sourcePort, null) : true;
      const destination = typed.destinationPort ? portIn(typed.destinationPort, packet.port, packet.portRange) : true;
      if (typed.protocol !== packet.protocol || source === false || destination === false) checks.push(false);
      else checks.push(source === 'unknown' || destination === 'unknown' ? 'unknown' : flags);
      continue;
    }
    if (typed?.type === 'set') {
      checks.push(setMatches(typed, packet, sets));
      continue;
    }
    if (typed?.type === 'mark') {
      if (packet.mark === null || packet.mark === undefined) checks.push('unknown');
      else checks.push((((packet.mark & (typed.mask ?? 0xffffffff)) >>> 0) === typed.value) !== typed.negated);
      continue;
    }
    checks.push('unknown');
  }
  if (checks.includes(false)) return false;
  return checks.includes('unknown') ? 'unknown' : true;
}

function inRange(port: number, range: { negated: boolean; from: number; to: number }): boolean {
  return (port >= range.from && port <= range.to) !== range.negated;
}

/**
 * Whether a port is in a rule's range: by the port when known, else by the range it lies in (a
 * reply's destination is the client's local port, within its ip_local_port_range): a range the rule's
 * does not touch, or one wholly inside it, decides.
 */
function portIn(range: { negated: boolean; from: number; to: number }, port: number | null | undefined, within: { from: number; to: number } | null | undefined): boolean | 'unknown' {
  if (port !== null && port !== undefined) return inRange(port, range);
  if (!within) return 'unknown';
  const inside = within.from >= range.from && within.to <= range.to;
  const outside = within.to < range.from || within.from > range.to;
  if (!inside && !outside) return 'unknown';
  return inside !== range.negated;
}

/** multiport's list: true when the port is in one of its ranges, false when in none, 'unknown' otherwise. */
function anyPortIn(ranges: readonly { negated: boolean; from: number; to: number }[], port: number | null | undefined, within: { from: number; to: number } | null | undefined): boolean | 'unknown' {
  const each = ranges.map((range) => portIn(range, port, within));
  return each.includes(true) ? true : each.every((value) => value === false) ? false : 'unknown';
}
