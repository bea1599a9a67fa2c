// nat POSTROUTING for a new connection's first packet as it leaves a node (iptables-extensions(8)
// MASQUERADE and SNAT; the kernel's nf_nat_ipv4_out): the chain is walked as filter FORWARD is (the
// same matches), MARK rules change the mark the rules after them test (kube-proxy's KUBE-POSTROUTING
// clears 0x4000 before its MASQUERADE), and the first MASQUERADE or SNAT that matches rewrites the
// source. The reply of the connection is translated back by conntrack on the same node, so a trace
// of the reply needs to know where, and to what, the request's source was rewritten.
import type { IptablesRule } from '../../formats/shared/iptables/schema';
import { targetOf } from '../../formats/shared/iptables/packed';
import type { NodeSnapshot } from '../node/snapshot';
import { matchesPacket, type ForwardPacket } from './forward';

export type SourceNat =
  /** No rule rewrites the source: `rules` lead to the ACCEPT that ended the table, if one did. */
  | { kind: 'none'; rules: IptablesRule[] }
  /** MASQUERADE (the source becomes an address of the output device) or SNAT --to-source: `rules` lead to `rule`, which rewrites. */
  | { kind: 'masquerade' | 'snat'; rules: IptablesRule[]; rule: IptablesRule; to: string | null; /** SNAT to a range of addresses: `to` is its first, the kernel picks one per connection */ range: boolean }
  /** What happens is not known: no nat table shown, nft rules not read for this, or a rule that may match and would decide otherwise. */
  | { kind: 'not-known'; why: string; rules: IptablesRule[] };

// targets that never rewrite a source (iptables-extensions(8)): the walk goes on past them
const INERT_TARGETS = new Set(['LOG', 'NFLOG', 'ULOG', 'TRACE', 'CONNMARK', 'CLASSIFY', 'AUDIT', 'NOTRACK', 'CT', 'REDIRECT', 'DNAT']);

// the kernel loads chains jumping any depth; kube-proxy and flannel go two deep
const MAX_DEPTH = 64;
const MAX_VISITS = 100_000;

/** What nat POSTROUTING does to the source of a new connection leaving `node` by `packet.outInterface`. */
export function evaluateSourceNat(node: NodeSnapshot, packet: ForwardPacket): SourceNat {
  const netfilter = node.netfilter;
  if (!netfilter) return { kind: 'not-known', why: `no iptables rules of ${node.name} were given`, rules: [] };
  if (netfilter.hidden.length > 0) return { kind: 'not-known', why: `${node.name}'s listing warns of iptables-legacy tables it does not show`, rules: [] };
  if (netfilter.nft.length > 0) return { kind: 'not-known', why: `${node.name}'s nft rules are not read for source NAT`, rules: [] };
  if (!netfilter.rules.chain('nat', 'POSTROUTING')) {
    // iptables-save (without -t) prints every table in use: one without a nat table has no nat rules;
    // a listing of one table or one chain says nothing of the rest
    // (an empty iptables-save: no table is in use)
    const everyTable = node.sections.some(({ section, skipped }) => skipped === undefined && section.format === 'iptables-save' && !section.partial
      && section.failure === undefined && !/(?:^|\s)(?:-t|--table)/.test(section.command ?? ''));
    if (!netfilter.tables.has('nat') && everyTable) return { kind: 'none', rules: [] };
    return { kind: 'not-known', why: netfilter.tables.has('nat') ? `${node.name}'s nat POSTROUTING is not shown` : `${node.name}'s nat table is not shown`, rules: [] };
  }
  let mark = packet.mark ?? null;
  let visits = 0;
  type Outcome = SourceNat | 'return';
  // `path`: the jumps that led to this chain, which the outcome cites before its own rule
  const walk = (name: string, depth: number, stack: readonly string[], path: readonly IptablesRule[]): Outcome => {
    const chain = netfilter.rules.chain('nat', name);
    if (!chain) return 'return';
    if (depth > MAX_DEPTH || stack.includes(name)) return { kind: 'not-known', why: `nat ${name} is jumped to too deep or in a loop`, rules: [...path] };
    for (const rule of chain.rules) {
      if (++visits > MAX_VISITS) return { kind: 'not-known', why: 'nat POSTROUTING has more rules to walk than netsift follows', rules: [...path] };
      const match = matchesPacket(rule, { ...packet, mark }, node.ipsets);
      if (match === false) continue;
      const target = targetOf(rule);
      if (!target) continue;
      const typed = target.typed;
      const writes = typed?.type === 'masquerade' || typed?.type === 'snat';
      const shown = netfilter.rules.chain('nat', target.name) !== undefined;
      const jumps = typed?.type === 'chain' || (!typed && shown);
      // a target that leaves the source alone; any other netsift does not read (NETMAP) may rewrite it
      const inert = typed?.type === 'mark' || typed?.type === 'log' || typed?.type === 'notrack' || typed?.type === 'ct' || typed?.type === 'dnat'
        || (!typed && !shown && INERT_TARGETS.has(target.name));
      if (match === 'unknown') {
        // a rule that may match: harmless only where it neither rewrites, nor ends or changes the walk
        if (typed?.type === 'mark') mark = null;
        else if (!inert) {
          return { kind: 'not-known', why: `nat ${rule.chain} rule ${rule.position} may match (a match netsift cannot decide for this packet)`, rules: [...path, rule] };
        }
        continue;
      }
      if (jumps && !shown) {
        return { kind: 'not-known', why: `nat ${rule.chain} rule ${rule.position} jumps to ${target.name}, which the listing does not show`, rules: [...path, rule] };
      }
      if (!jumps && !writes && !inert && typed?.type !== 'verdict') {
        return { kind: 'not-known', why: `nat ${rule.chain} rule ${rule.position} goes to ${target.name}, which netsift does not read for source NAT`, rules: [...path, rule] };
      }
      if (typed?.type === 'mark') {
        mark = mark === null ? (typed.mask === 0xffffffff ? typed.value : null) : ((mark & ~typed.mask) ^ typed.value) >>> 0;
        continue;
      }
      if (typed?.type === 'masquerade') return { kind: 'masquerade', rules: [...path], rule, to: null, range: false };
      if (typed?.type === 'snat') {
        // a range of addresses ("from-to", or several --to-source): the kernel picks one per connection
        const [first = '', last = first] = typed.to[0]?.address.split('-') ?? [];
        return { kind: 'snat', rules: [...path], rule, to: first === '' ? null : first, range: typed.to.length > 1 || last !== first };
      }
      if (typed?.type === 'verdict' && typed.verdict === 'RETURN') return 'return';
      if (typed?.type === 'verdict') return { kind: 'none', rules: [...path, rule] };
      if (jumps) {
        const result = walk(target.name, depth + 1, [...stack, name], [...path, rule]);
        if (result !== 'return') return result;
        if (target.goto) return 'return';
      }
    }
    return 'return';
  };
  const result = walk('POSTROUTING', 0, [], []);
  return result === 'return' ? { kind: 'none', rules: [] } : result;
}
