// One entry for a node's service NAT, whichever proxy mode programs it: kube-proxy's iptables
// chains (from any iptables listing, or iptables-nft's tables in an nft listing) or its nftables
// mode (`table ip kube-proxy` / `ip6 kube-proxy` in an nft listing). Same query, same branches.
import type { NodeNetfilter } from '../node/netfilter';
import { kubeProxyTable, resolveKubeProxyNft } from './resolve-kube-proxy-nft';
import { resolveService, type ServiceBranch, type ServiceQuery } from './resolve-service';

/**
 * Every endpoint a new connection to `query` may reach on the node, with its probability; null when
 * the node shows no NAT rules at all. kube-proxy's iptables chains (nat KUBE-SERVICES) come first,
 * then its nftables table for the destination's family, then whatever nat table there is.
 * @example resolveNodeService(node.netfilter, { destination: '10.96.0.1', port: 443, destinationIsLocal: false })
 */
export function resolveNodeService(netfilter: Pick<NodeNetfilter, 'rules' | 'nft'> | null, query: ServiceQuery): ServiceBranch[] | null {
  if (!netfilter) return null;
  if (netfilter.rules.chain('nat', 'KUBE-SERVICES')) return resolveService(netfilter.rules, query);
  const nft = netfilter.nft.find(({ ruleSet }) => kubeProxyTable(ruleSet, query.destination));
  if (nft) return resolveKubeProxyNft(nft.ruleSet, query);
  if (netfilter.rules.tables.has('nat')) return resolveService(netfilter.rules, query);
  return null;
}
