// flannel's leases partition the cluster network: one subnet per node (kube subnet manager: the
// node's spec.podCIDR; etcd: /coreos.com/network/subnets/<subnet>). Two nodes with the same or
// overlapping subnets give pods the same addresses, and peers route them to one node only.
import { groupBy } from '../../../core';
import { prefixesOverlap, type Evidence, type Lease } from '../../../model';
import { MAX_OTHERS, namedList } from '../../bounded';
import { kubernetesName, sh, type ShellCommand } from '../../fix-commands';
import { defineRule } from '../rule';

// overlapping pairs of distinct subnets reported at most (hostile input may nest thousands)
const MAX_OVERLAPS = 100;

/** How little a lease rests on (inference, or only its cni0): the node to renumber is the weakest. */
const weakness = (lease: Lease): number => (lease.inferred ? 2 : 0) + (lease.claims.every((c) => c.bridge) ? 1 : 0);

const renumber = (node: string): ShellCommand[] => [
  sh`kubectl drain ${node} --ignore-daemonsets --delete-emptydir-data`,
  sh`kubectl delete node ${node}`,
  sh`systemctl restart kubelet`,
];

export const duplicateLease = defineRule({
  meta: {
    id: 'lease/duplicate-lease',
    title: 'Two nodes with the same or overlapping pod subnets',
    severity: 'error',
    messages: {
      same: '{node} and {other} both hold the pod subnet {subnet}',
      sameMany: '{count} nodes hold the pod subnet {subnet}: {nodes}',
      overlap: "{node}'s pod subnet {subnet} overlaps {other}'s {otherSubnet}",
    },
  },
  *check(model) {
    // one finding per subnet however many nodes hold it (pairs of a thousand nodes: half a million findings)
    const bySubnet = groupBy(model.cluster.leases, (lease) => lease.text);
    for (const [subnet, holders] of bySubnet) {
      if (holders.length < 2) continue;
      const evidence: Evidence[] = holders.slice(0, MAX_OTHERS).flatMap((lease) => lease.claims.flatMap((c) => c.evidence).slice(0, 1));
      if (holders.length === 2) {
        const [a, b] = holders as [Lease, Lease];
        const [keep, move] = weakness(b) > weakness(a) ? [a, b] : [b, a];
        yield {
          messageId: 'same' as const, host: null,
          data: { node: a.node, other: b.node, subnet, otherSubnet: subnet },
          key: `${a.node} ${b.node}`, evidence, objects: { subnets: [subnet], hosts: [a.node, b.node] },
          fix: renumber(kubernetesName(model, move.node)), explains: [`lease:${move.node}:${move.text}`, `lease:${keep.node}:${keep.text}`],
        };
        continue;
      }
      // the strongest keeps the subnet, every other node is renumbered
      const ranked = [...holders].sort((x, y) => weakness(x) - weakness(y));
      yield {
        messageId: 'sameMany' as const, host: null,
        data: { count: holders.length, subnet, nodes: namedList(holders.map((lease) => lease.node), 5) },
        key: subnet, evidence, objects: { subnets: [subnet], hosts: holders.slice(0, MAX_OTHERS + 1).map((lease) => lease.node) },
        fix: ranked.slice(1, 1 + MAX_OTHERS).flatMap((lease) => renumber(kubernetesName(model, lease.node))),
        explains: holders.map((lease) => `lease:${lease.node}:${lease.text}`),
      };
    }
    // distinct subnets that overlap, each pair once (a node of each named)
    const distinct = [...bySubnet.values()].map((holders) => holders[0] as Lease);
    let overlaps = 0;
    for (let i = 0; i < distinct.length && overlaps < MAX_OVERLAPS; i++) {
      for (let j = i + 1; j < distinct.length && overlaps < MAX_OVERLAPS; j++) {
        const [a, b] = [distinct[i] as Lease, distinct[j] as Lease];
        if (!prefixesOverlap(a.subnet, b.subnet)) continue;
        overlaps++;
        const [keep, move] = weakness(b) > weakness(a) ? [a, b] : [b, a];
        yield {
          messageId: 'overlap' as const, host: null,
          data: { node: a.node, other: b.node, subnet: a.text, otherSubnet: b.text },
          key: `${a.node} ${b.node}`,
          evidence: [...a.claims.flatMap((c) => c.evidence).slice(0, 1), ...b.claims.flatMap((c) => c.evidence).slice(0, 1)],
          objects: { subnets: [a.text, b.text], hosts: [a.node, b.node] },
          fix: renumber(kubernetesName(model, move.node)), explains: [`lease:${move.node}:${move.text}`, `lease:${keep.node}:${keep.text}`],
        };
      }
    }
  },
});
