// filter FORWARD for a new connection: walks the chain and the chains it jumps to, deciding the
// matches the packet's addresses and interfaces answer; other matches (marks, sets, physdev) are
// not taken, and the verdict says so. Docker sets FORWARD's policy to DROP and accepts only its own
// bridges; kube-proxy's KUBE-FORWARD accepts marked and established traffic.
import { citeRule, parseIPv4, parsePrefix4, prefixContains, type Evidence, type NodeSnapshot } from '../../model';
import type { IptablesRule } from '../../model';

export interface ForwardVerdict {
  verdict: 'accept' | 'drop' | 'reject';
  detail: string;
  evidence: Evidence[];
}

interface Packet {
  destination: string;
  outInterface: string | null;
}

const MAX_DEPTH = 32;

export function evaluateForward(node: NodeSnapshot, packet: Packet): ForwardVerdict {
  const netfilter = node.netfilter;
  const chain = netfilter?.rules.chain('filter', 'FORWARD');
  if (!netfilter || !chain) return { verdict: 'accept', detail: 'filter FORWARD not shown: assumed to accept', evidence: [] };
  const skipped: string[] = [];
  const evidence: Evidence[] = [];
  const walk = (name: string, depth: number): ForwardVerdict | 'return' => {
    const current = netfilter.rules.chain('filter', name);
    if (!current || depth > MAX_DEPTH) return 'return';
    for (const rule of current.rules) {
      const match = matches(rule, packet);
      if (match === 'unknown') {
        skipped.push(`${rule.chain} rule ${rule.position}`);
        continue;
      }
      if (!match || !rule.target) continue;
      const cited = citeRule(netfilter, rule);
      const typed = rule.target.typed;
      if (typed?.type === 'verdict' && typed.verdict === 'ACCEPT') return { verdict: 'accept', detail: `filter ${rule.chain} rule ${rule.position} accepts`, evidence: cited ? [cited] : [] };
      if (typed?.type === 'verdict' && typed.verdict === 'DROP') return { verdict: 'drop', detail: `filter ${rule.chain} rule ${rule.position} drops`, evidence: cited ? [cited] : [] };
      if (typed?.type === 'reject') return { verdict: 'reject', detail: `filter ${rule.chain} rule ${rule.position} rejects`, evidence: cited ? [cited] : [] };
      if (typed?.type === 'verdict' && typed.verdict === 'RETURN') return 'return';
      if (typed?.type === 'chain') {
        if (cited) evidence.push(cited);
        const result = walk(typed.chain, depth + 1);
        if (result !== 'return') return result;
        if (rule.target.goto) return 'return';
      }
    }
    return 'return';
  };
  const result = walk('FORWARD', 0);
  const unknown = skipped.length > 0 ? ` (not taken, undecidable from addresses alone: ${skipped.slice(0, 4).join(', ')}${skipped.length > 4 ? ', …' : ''})` : '';
  if (result !== 'return') return { ...result, detail: result.detail + unknown, evidence: [...evidence, ...result.evidence] };
  const policy = chain.policy ?? 'ACCEPT';
  const declaration = chain.declaration ? citeRule(netfilter, chain.declaration) : null;
  return {
    verdict: policy === 'DROP' ? 'drop' : 'accept',
    detail: `no rule of filter FORWARD decides: policy ${policy}${unknown}`,
    evidence: [...evidence, ...(declaration ? [declaration] : [])],
  };
}

/** true, false, or 'unknown' when the rule tests something the packet description does not hold. */
function matches(rule: IptablesRule, packet: Packet): boolean | 'unknown' {
  if (rule.destination) {
    const prefix = parsePrefix4(rule.destination.value);
    const value = parseIPv4(packet.destination);
    if (!prefix || value === null) return 'unknown';
    if (prefixContains(prefix, value) === rule.destination.negated) return false;
  }
  if (rule.source) return 'unknown';
  if (rule.outInterface) {
    if (packet.outInterface === null) return 'unknown';
    const pattern = rule.outInterface.value;
    const hit = pattern.endsWith('+') ? packet.outInterface.startsWith(pattern.slice(0, -1)) : packet.outInterface === pattern;
    if (hit === rule.outInterface.negated) return false;
  }
  if (rule.inInterface) return 'unknown';
  for (const match of rule.matches) {
    const typed = match.typed;
    if (typed?.type === 'comment') continue;
    // a new connection: ctstate NEW matches, RELATED,ESTABLISHED does not
    if (typed?.type === 'conntrack') {
      if (typed.states.includes('NEW') === typed.negated) return false;
      continue;
    }
    return 'unknown';
  }
  return true;
}
