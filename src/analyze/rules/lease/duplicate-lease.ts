// flannel's leases partition the cluster network: one subnet per node (kube subnet manager: the
// node's spec.podCIDR; etcd: /coreos.com/network/subnets/<subnet>). Two nodes with the same or
// overlapping subnets give pods the same addresses, and peers route them to one node only.
import { prefixesOverlap, type Evidence } from '../../../model';
import { sh } from '../../fix-commands';
import { defineRule } from '../rule';

export const duplicateLease = defineRule({
  meta: {
    id: 'lease/duplicate-lease',
    title: 'Two nodes with the same or overlapping pod subnets',
    severity: 'error',
    messages: {
      same: '{node} and {other} both hold the pod subnet {subnet}',
      overlap: "{node}'s pod subnet {subnet} overlaps {other}'s {otherSubnet}",
    },
  },
  *check(model) {
    const leases = model.cluster.leases;
    for (let i = 0; i < leases.length; i++) {
      for (let j = i + 1; j < leases.length; j++) {
        const [a, b] = [leases[i], leases[j]];
        if (!a || !b || !prefixesOverlap(a.subnet, b.subnet)) continue;
        const same = a.text === b.text;
        // the node whose claim rests on less (inference, or only its cni0) is the one to renumber
        const weak = (lease: typeof a): number => (lease.inferred ? 2 : 0) + (lease.claims.every((c) => c.bridge) ? 1 : 0);
        const [keep, move] = weak(b) > weak(a) ? [a, b] : [b, a];
        const evidence: Evidence[] = [...a.claims.flatMap((c) => c.evidence).slice(0, 1), ...b.claims.flatMap((c) => c.evidence).slice(0, 1)];
        yield {
          messageId: same ? 'same' as const : 'overlap' as const, host: null,
          data: { node: a.node, other: b.node, subnet: a.text, otherSubnet: b.text },
          key: `${a.node} ${b.node}`,
          evidence,
          objects: { subnets: same ? [a.text] : [a.text, b.text], hosts: [a.node, b.node] },
          fix: [
            sh`kubectl drain ${move.node} --ignore-daemonsets --delete-emptydir-data`,
            sh`kubectl delete node ${move.node}`,
            sh`systemctl restart kubelet`,
          ],
          explains: [`lease:${move.node}:${move.text}`, `lease:${keep.node}:${keep.text}`],
        };
      }
    }
  },
});
