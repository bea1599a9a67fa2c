// One entry for a node's service NAT, whichever proxy mode programs it: kube-proxy's iptables
// chains (from any iptables listing, or iptables-nft's tables in an nft listing) or its nftables
// mode (`table ip kube-proxy` / `ip6 kube-proxy` in an nft listing), or both on one node. Same query,
// same branches. With both, the kernel runs each nat base chain of the hook in priority order and
// the first that DNATs a new connection decides it (NAT is set up once per connection: nf_nat_core.c).
import type { NodeNetfilter } from '../node/netfilter';
import type { NftRuleSet } from './nft-rule-set';
import { kubeProxyTable, resolveKubeProxyNft } from './resolve-kube-proxy-nft';
import { natHookOf, resolveService, settledOutcome, type ServiceBranch, type ServiceQuery } from './resolve-service';
import { WalkBudget } from './walk-budget';

// iptables' nat PREROUTING and OUTPUT hook at NF_IP_PRI_NAT_DST (-100, "dstnat"; iptable_nat.c, and
// iptables-nft's nat chains print "priority dstnat" / "-100"): the number when no nft listing shows them
const IPTABLES_NAT_PRIORITY = -100;

/**
 * Every endpoint a new connection to `query` may reach on the node, with its probability; null when
 * the node shows no NAT rules at all. kube-proxy's iptables chains (nat KUBE-SERVICES) and its
 * nftables table for the destination's family are both walked when both are there, and combined in
 * the order of their nat hooks' priorities (see combineByPriority); else whichever there is, then
 * whatever nat table there is.
 * @example resolveNodeService(node.netfilter, { destination: '10.96.0.1', port: 443, destinationIsLocal: false })
 */
export function resolveNodeService(netfilter: Pick<NodeNetfilter, 'rules' | 'nft'> | null, query: ServiceQuery, budget = new WalkBudget()): ServiceBranch[] | null {
  if (!netfilter) return null;
  const nft = netfilter.nft.find(({ ruleSet }) => kubeProxyTable(ruleSet, query.destination));
  const iptables = netfilter.rules.chain('nat', 'KUBE-SERVICES') ? resolveService(netfilter.rules, query, budget) : null;
  if (iptables && nft) return combineByPriority(netfilter.nft.map(({ ruleSet }) => ruleSet), nft.ruleSet, iptables, resolveKubeProxyNft(nft.ruleSet, query, budget), query);
  if (iptables) return iptables;
  if (nft) return resolveKubeProxyNft(nft.ruleSet, query, budget);
  if (netfilter.rules.tables.has('nat')) return resolveService(netfilter.rules, query, budget);
  return null;
}

/**
 * Both backends' branches as the kernel runs them: the nat chain of lower priority first; its DNAT
 * branches are final, and a branch that leaves it without one (no match, accepted) goes on into the
 * other's branches (probabilities multiplied, rules in order). Equal priorities (kube-proxy's
 * nftables mode hooks at dstnat, -100, as iptables' nat does) run in registration order, which no
 * listing shows: iptables' chain is then taken first, and every combined branch says so.
 */
function combineByPriority(
  ruleSets: readonly NftRuleSet[], kubeProxy: NftRuleSet, iptables: ServiceBranch[], nftables: ServiceBranch[], query: ServiceQuery,
): ServiceBranch[] {
  const hook = natHookOf(query).toLowerCase();
  const family = query.destination.includes(':') ? 'ip6' : 'ip';
  const iptablesPriority = natPriority(ruleSets.map((ruleSet) => ruleSet.table(family, 'nat')), hook) ?? IPTABLES_NAT_PRIORITY;
  const nftPriority = natPriority([kubeProxyTable(kubeProxy, query.destination)], hook);
  const nftFirst = nftPriority !== null && nftPriority < iptablesPriority;
  const [first, second] = nftFirst ? [nftables, iptables] : [iptables, nftables];
  // an order the priorities define is no assumption; equal ones, or one not shown, leave it open
  const order = nftPriority === null || nftPriority === iptablesPriority
    ? [`nat ${hook}: iptables' chain (priority ${iptablesPriority}) and table ${family} kube-proxy's (priority ${nftPriority ?? 'not shown'}) have no defined order (the kernel runs equal priorities in the order they were registered, which the listing does not show): iptables' is taken first`]
    : [];
  const out: ServiceBranch[] = [];
  for (const branch of first) {
    // no NAT seen in the first hook (or none that could be told): the second hook has its turn
    if (branch.outcome !== 'no-match' && branch.outcome !== 'accepted' && branch.outcome !== 'undecided') {
      out.push({ ...branch, assumptions: unique([...branch.assumptions, ...order]) });
      continue;
    }
    if (second.length === 0) out.push(branch);
    for (const next of second) {
      const assumptions = unique([...branch.assumptions, ...next.assumptions, ...order]);
      const undecided = unique([...branch.undecided, ...next.undecided]);
      out.push({
        ...next, outcome: settledOutcome(next.outcome, undecided), undecided, probability: branch.probability * next.probability, rules: [...branch.rules, ...next.rules],
        filtered: [...(branch.filtered ?? []), ...(next.filtered ?? [])],
        assumptions, affinity: next.affinity ?? branch.affinity,
      });
    }
  }
  return out;
}

/** The lowest priority of a nat base chain of `hook` in these tables; null when none shows one. */
function natPriority(tables: readonly (ReturnType<NftRuleSet['table']> | undefined)[], hook: string): number | null {
  let lowest: number | null = null;
  for (const table of tables) {
    for (const chain of table?.chains.values() ?? []) {
      const priority = chain.base?.type === 'nat' && chain.base.hook === hook ? chain.base.priority : null;
      if (priority !== null && (lowest === null || priority < lowest)) lowest = priority;
    }
  }
  return lowest;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
