// Docker sets filter FORWARD's policy to DROP and accepts only its own bridges (moby
// libnetwork/iptables); flannel's FLANNEL-FWD ("-s <network> -j ACCEPT", "-d <network> -j ACCEPT")
// or an admin's rule must accept the pod network, or the kernel drops every forwarded pod packet.
// Decided by walking filter FORWARD (iptables-extensions(8)) for a new pod connection both ways.
import {
  citeAbsence, evaluateForward, FLANNEL_DEVICE, formatPrefix4, leaseOf, podNetwork, type ForwardVerdict,
  targetOf,
} from '../../../model';
import { flannelRestart, sh } from '../../fix-commands';
import { defineRule } from '../rule';

/** An address of a prefix that is no network, gateway (cni0, .1) or broadcast address: a pod's. */
function podAddress(network: number, length: number): string {
  const value = (network + (length >= 31 ? 0 : 2)) >>> 0;
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export const forwardDrop = defineRule({
  meta: {
    id: 'netfilter/forward-drop',
    title: 'filter FORWARD drops forwarded pod traffic',
    severity: 'error',
    messages: {
      dropped: 'filter FORWARD on {host} drops new connections between its pods ({subnet}) and the pod network {network}: {how}',
    },
  },
  *check(model) {
    const network = podNetwork(model);
    for (const node of model.nodes.values()) {
      const netfilter = node.netfilter;
      const chain = netfilter?.rules.chain('filter', 'FORWARD');
      const lease = leaseOf(model.cluster, node.name);
      if (!netfilter || !chain || !lease) continue;
      const networkPrefix = network?.value ?? lease.subnet;
      const networkText = formatPrefix4(networkPrefix);
      const own = podAddress(lease.subnet.network, lease.subnet.length);
      // a peer's pod: an address of the first other node's lease
      const peerLease = model.cluster.leases.find((l) => l.node !== node.name);
      const peer = peerLease ? podAddress(peerLease.subnet.network, peerLease.subnet.length) : null;
      const verdicts: { direction: string; verdict: ForwardVerdict }[] = [];
      // in from the overlay to a local pod; out from a local pod to a peer's
      verdicts.push({ direction: 'in', verdict: evaluateForward(node, { source: peer, destination: own, inInterface: FLANNEL_DEVICE, outInterface: 'cni0', mark: 0 }) });
      if (peer) verdicts.push({ direction: 'out', verdict: evaluateForward(node, { source: own, destination: peer, inInterface: 'cni0', outInterface: FLANNEL_DEVICE, mark: 0 }) });
      // a verdict of chains too deep (or looping) to walk is not known: no finding rests on it
      const dropped = verdicts.filter((v) => v.verdict.verdict !== 'accept' && v.verdict.by !== 'not-walked');
      if (dropped.length === 0) continue;
      // a rule it could not decide (a set no ipset listing shows, physdev…) that accepts might let the traffic through
      const unsure = dropped.some((v) => v.verdict.undecided.some((rule) => {
        const typed = targetOf(rule)?.typed;
        return typed?.type === 'chain' || (typed?.type === 'verdict' && typed.verdict === 'ACCEPT');
      }));
      const first = dropped[0]?.verdict;
      if (!first) continue;
      const filter = netfilter.tables.get('filter');
      const how = first.by === 'policy' ? `no rule accepts it, and the policy is ${chain.policy ?? 'DROP'}` : first.detail;
      yield {
        messageId: 'dropped', host: node.name,
        data: { host: node.name, subnet: lease.text, network: networkText, how, directions: dropped.map((d) => d.direction).join(',') },
        key: lease.text,
        severity: unsure ? 'warning' : 'error',
        evidence: [
          ...dropped.flatMap((d) => d.verdict.evidence),
          ...(filter ? [citeAbsence(filter, `a rule of filter FORWARD accepting ${networkText} (flannel's FLANNEL-FWD)`)] : []),
          ...(network?.evidence ?? []),
        ],
        objects: { subnets: [networkText, lease.text], interfaces: ['cni0', FLANNEL_DEVICE], hosts: [node.name] },
        fix: [
          sh`iptables -I FORWARD -s ${networkText} -j ACCEPT`,
          sh`iptables -I FORWARD -d ${networkText} -j ACCEPT`,
          flannelRestart(node),
        ],
        explains: [`pod-forward:${node.name}`],
      };
    }
  },
});
