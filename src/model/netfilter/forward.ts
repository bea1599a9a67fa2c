// filter FORWARD for a new connection (iptables-extensions(8); the kernel's ipt_do_table): walks
// the chain and the chains it jumps to, deciding the matches the packet description answers
// (addresses, interfaces, the skb mark kube-proxy's KUBE-MARK-MASQ set, conntrack state NEW);
// other matches (sets, physdev, unknown sources) are not taken, and the verdict lists them. Docker
// sets FORWARD's policy to DROP and accepts only its own bridges; kube-proxy's KUBE-FORWARD accepts
// marked and established traffic; flannel's FLANNEL-FWD accepts its network both ways.
import type { IptablesRule } from '../../formats/shared/iptables/schema';
import { parseIPv4, parsePrefix4, prefixContains } from '../../core';
import type { Evidence } from '../evidence';
import { citeRule } from '../node/netfilter';
import type { NodeSnapshot } from '../node/snapshot';
import { matchesOf, targetOf } from '../../formats/shared/iptables/packed';

export interface ForwardPacket {
  destination: string;
  /** Known only for packets the caller describes fully (a pod's); rules that test it are otherwise not taken. */
  source?: string | null;
  inInterface?: string | null;
  outInterface: string | null;
  /** The skb mark (kube-proxy's 0x4000 after KUBE-MARK-MASQ); null: not known, 0: none set. */
  mark?: number | null;
  protocol?: 'tcp' | 'udp' | null;
  port?: number | null;
}

export interface ForwardVerdict {
  verdict: 'accept' | 'drop' | 'reject';
  /**
   * Whether a rule decided (and which), or the chain's policy; `not-walked`: a jump went deeper than
   * MAX_DEPTH chains or back into a chain on the way (which the kernel refuses to load), so what
   * those chains do to the packet is not known and the verdict given is not one to rely on.
   */
  by: 'rule' | 'policy' | 'not-shown' | 'not-walked';
  detail: string;
  /** The rules that led to the verdict, and the rule or chain declaration that gave it. */
  evidence: Evidence[];
  /** Rules not taken because the packet description cannot answer their matches. */
  undecided: IptablesRule[];
}

// the kernel loads chains jumping any depth (and refuses loops); Docker, kube-proxy and flannel go four deep
const MAX_DEPTH = 256;
const PROTOCOL_NUMBERS: Record<string, string> = { '6': 'tcp', '17': 'udp', '132': 'sctp', '1': 'icmp', '0': 'all' };

export function evaluateForward(node: NodeSnapshot, packet: ForwardPacket): ForwardVerdict {
  const netfilter = node.netfilter;
  const chain = netfilter?.rules.chain('filter', 'FORWARD');
  if (!netfilter || !chain) return { verdict: 'accept', by: 'not-shown', detail: 'filter FORWARD not shown: assumed to accept', evidence: [], undecided: [] };
  const undecided: IptablesRule[] = [];
  const evidence: Evidence[] = [];
  type Result = Omit<ForwardVerdict, 'undecided'> | 'return';
  // Chains known to return this packet: a chain jumped to from many rules (or many chains) is
  // walked once, not once per jump (fan-out to the power of the depth). Only a walk that met no
  // depth limit or loop is known: its result depends on the chain and the packet alone.
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
  const walkRules = (rules: readonly IptablesRule[], name: string, depth: number, stack: readonly string[]): Result => {
    for (const rule of rules) {
      const match = matches(rule, packet);
      if (match === 'unknown') {
        undecided.push(rule);
        continue;
      }
      const target = targetOf(rule);
      if (!match || !target) continue;
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
          if (cited) evidence.push(cited);
          return result;
        }
        if (target.goto) return 'return';
      }
    }
    return 'return';
  };
  const result = walk('FORWARD', 0, []);
  if (cutoffs > 0) {
    return {
      verdict: result === 'return' ? (chain.policy === 'DROP' ? 'drop' : 'accept') : result.verdict, by: 'not-walked',
      detail: `filter FORWARD jumps deeper than ${MAX_DEPTH} chains or back into a chain on the way: what those chains do is not known`,
      evidence: result === 'return' ? [] : [...evidence.reverse(), ...result.evidence], undecided,
    };
  }
  const names = undecided.map((rule) => `${rule.chain} rule ${rule.position}`);
  const unknown = names.length > 0 ? ` (not taken, undecidable from the packet alone: ${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''})` : '';
  if (result !== 'return') return { ...result, detail: result.detail + unknown, evidence: [...evidence.reverse(), ...result.evidence], undecided };
  const policy = chain.policy ?? 'ACCEPT';
  const declaration = chain.declaration ? citeRule(netfilter, chain.declaration) : null;
  return {
    verdict: policy === 'DROP' ? 'drop' : 'accept', by: 'policy',
    detail: `no rule of filter FORWARD decides: policy ${policy}${unknown}`,
    evidence: declaration ? [declaration] : [], undecided,
  };
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
  // iptables(8): a trailing "+" matches any interface whose name begins so
  const hit = pattern.endsWith('+') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
  return hit !== negated;
}

/** true, false, or 'unknown' when the rule tests something the packet description does not hold. */
function matches(rule: IptablesRule, packet: ForwardPacket): boolean | 'unknown' {
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
      // a new connection: ctstate NEW matches, RELATED,ESTABLISHED (and INVALID) does not
      checks.push(typed.states.includes('NEW') !== typed.negated);
      continue;
    }
    if (typed?.type === 'ports' && !typed.sourcePort && !typed.tcpFlags && !typed.syn && packet.protocol) {
      const range = typed.destinationPort;
      if (typed.protocol !== packet.protocol) checks.push(false);
      else if (!range) checks.push(true);
      else if (packet.port === null || packet.port === undefined) checks.push('unknown');
      else checks.push((packet.port >= range.from && packet.port <= range.to) !== range.negated);
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
