// Every flannel lease is a subnet of the cluster network (flannel's net-conf "Network", the
// controller-manager's --cluster-cidr that kube-proxy masquerades around). A lease outside it is
// masqueraded by kube-proxy (`! -s <cidr> -j KUBE-MARK-MASQ`) and not routed by flannel's peers.
import { formatPrefix4, prefixWithin } from '../../../model';
import { kubernetesName, sh } from '../../fix-commands';
import { defineRule } from '../rule';

export const outsideClusterNetwork = defineRule({
  meta: {
    id: 'lease/outside-cluster-network',
    title: "A node's lease outside the cluster network",
    severity: 'error',
    messages: {
      outside: "{host}'s lease {subnet} lies outside the cluster network {network} ({networkVia})",
    },
  },
  *check(model) {
    const network = model.cluster.network;
    // a network guessed from the leases themselves proves nothing about them
    if (!network || network.inferred) return;
    const text = formatPrefix4(network.value);
    for (const lease of model.cluster.leases) {
      if (prefixWithin(lease.subnet, network.value)) continue;
      yield {
        messageId: 'outside', host: lease.node,
        data: { host: lease.node, subnet: lease.text, network: text, networkVia: network.via },
        key: lease.text,
        evidence: [...lease.claims.flatMap((claim) => claim.evidence).slice(0, 2), ...network.evidence.slice(0, 1)],
        objects: { subnets: [lease.text, text], hosts: [lease.node] },
        fix: [
          sh`kubectl drain ${kubernetesName(model, lease.node)} --ignore-daemonsets --delete-emptydir-data`,
          sh`kubectl delete node ${kubernetesName(model, lease.node)}`,
          sh`systemctl restart kubelet`,
        ],
        explains: [`lease:${lease.node}:${lease.text}`],
      };
    }
  },
});
