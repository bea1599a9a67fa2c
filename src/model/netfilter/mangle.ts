// The skb mark a packet leaves the mangle table with (PREROUTING for a packet the node receives,
// OUTPUT for one it sends; iptables-extensions(8) MARK and CONNMARK): the chain is walked as filter
// FORWARD is (the same matches), every MARK rule that matches applies (mark & ~mask) ^ value, and
// CONNMARK moves marks between the packet and its connection, whose mark a new connection starts
// at 0 (nf_conntrack_core.c). A MARK or CONNMARK rule that may or may not match leaves the mark not known.
import type { IptablesRule } from '../../formats/shared/iptables/schema';
import { parseMarkValue } from '../../formats/shared/iptables/typing';
import { targetOf } from '../../formats/shared/iptables/packed';
import type { Evidence } from '../evidence';
import { citeRule } from '../node/netfilter';
import type { NodeSnapshot } from '../node/snapshot';
import { matchesPacket, type ForwardPacket } from './forward';

export interface MangleResult {
  /** The mark after the chain; null: not known (a rule that sets it may match). */
  mark: number | null;
  /** DROP in the mangle table: the rule that dropped it. */
  dropped: IptablesRule | null;
  /** The rules that set or may have set the mark (or dropped the packet), in order, with their evidence. */
  rules: { rule: IptablesRule; evidence: Evidence | null; certain: boolean; mark: number | null }[];
}

const MAX_DEPTH = 64;
// rule visits of one walk: chains jumped to from many rules are walked once per jump, so a hostile
// table could fan out to the power of its depth; past this the mark is not known
const MAX_VISITS = 100_000;

/** Walks mangle `hook` (PREROUTING or OUTPUT) for a new connection's first packet, starting from `mark`. */
export function evaluateMangle(node: NodeSnapshot, hook: 'PREROUTING' | 'OUTPUT', packet: Omit<ForwardPacket, 'mark'>, start: number | null = 0): MangleResult {
  const netfilter = node.netfilter;
  const result: MangleResult = { mark: start, dropped: null, rules: [] };
  if (!netfilter?.rules.chain('mangle', hook)) return result;
  // a reply's connection mark is what the request's rules left it: not followed, not known
  let ctmark: number | null = packet.reply === true ? null : 0;
  let visits = 0;
  const walk = (name: string, depth: number, stack: readonly string[]): 'return' | 'stop' => {
    const chain = netfilter.rules.chain('mangle', name);
    if (!chain || depth > MAX_DEPTH || stack.includes(name)) return 'return';
    for (const rule of chain.rules) {
      if (++visits > MAX_VISITS) {
        result.mark = null;
        return 'stop';
      }
      const match = matchesPacket(rule, { ...packet, mark: result.mark }, node.ipsets);
      if (match === false) continue;
      const certain = match === true;
      const target = targetOf(rule);
      if (!target) continue;
      const typed = target.typed;
      if (typed?.type === 'mark') {
        const after = result.mark === null ? (typed.mask === 0xffffffff ? typed.value : null) : ((result.mark & ~typed.mask) ^ typed.value) >>> 0;
        result.mark = certain ? after : after === result.mark ? after : null;
        result.rules.push({ rule, evidence: citeRule(netfilter, rule), certain, mark: result.mark });
        continue;
      }
      if (target.name === 'CONNMARK') {
        const options = new Map(target.options.map((option) => [option.name, option]));
        const masked = options.has('nfmask') || options.has('ctmask') || options.has('mask');
        const set = options.get('set-xmark') ?? options.get('set-mark');
        const value = set ? parseMarkValue(set.values[0] ?? '') : null;
        let mark = result.mark;
        let connection = ctmark;
        if (set && value && !masked) connection = connection === null ? null : ((connection & ~(value.mask ?? 0xffffffff)) ^ value.value) >>> 0;
        else if (options.has('save-mark') && !masked) connection = mark;
        else if (options.has('restore-mark') && !masked) mark = connection;
        else { mark = null; connection = null; }
        result.mark = certain || mark === result.mark ? mark : null;
        ctmark = certain || connection === ctmark ? connection : null;
        result.rules.push({ rule, evidence: citeRule(netfilter, rule), certain, mark: result.mark });
        continue;
      }
      if (!certain) {
        // a jump that may be taken into chains that set marks: the mark is not known
        if (netfilter.rules.chain('mangle', target.name) && setsMark(target.name, 0)) {
          result.mark = null;
          result.rules.push({ rule, evidence: citeRule(netfilter, rule), certain, mark: null });
        }
        continue;
      }
      if (typed?.type === 'verdict' && typed.verdict === 'DROP') {
        result.dropped = rule;
        result.rules.push({ rule, evidence: citeRule(netfilter, rule), certain, mark: result.mark });
        return 'stop';
      }
      if (typed?.type === 'verdict' && (typed.verdict === 'ACCEPT' || typed.verdict === 'RETURN')) return typed.verdict === 'ACCEPT' ? 'stop' : 'return';
      if (typed?.type === 'chain' || (!typed && netfilter.rules.chain('mangle', target.name))) {
        if (walk(target.name, depth + 1, [...stack, name]) === 'stop') return 'stop';
        if (target.goto) return 'return';
      }
    }
    return 'return';
  };
  // each chain's answer once (a chain jumped to from many rules is not asked again)
  const marking = new Map<string, boolean>();
  const setsMark = (name: string, depth: number): boolean => {
    const known = marking.get(name);
    if (known !== undefined) return known;
    const chain = netfilter.rules.chain('mangle', name);
    if (!chain || depth > MAX_DEPTH) return false;
    marking.set(name, false); // a loop back to it adds nothing
    const answer = chain.rules.some((rule) => {
      const target = targetOf(rule);
      return target !== null && (target.typed?.type === 'mark' || target.name === 'CONNMARK'
        || (target.name !== name && netfilter.rules.chain('mangle', target.name) !== undefined && setsMark(target.name, depth + 1)));
    });
    marking.set(name, answer);
    return answer;
  };
  walk(hook, 0, []);
  return result;
}
