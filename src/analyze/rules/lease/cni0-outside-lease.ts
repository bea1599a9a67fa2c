// The bridge CNI plugin gives cni0 the gateway of the node's lease (the .1 of FLANNEL_SUBNET) when
// it creates the bridge, and never changes it: after the node gets another lease, cni0 keeps the
// old address ("cni0" already has an IP address different from …), pods get addresses outside the
// lease, and peers route the lease (not those addresses) to the node.
import { leaseOf, prefixContains, type Evidence } from '../../../model';
import { kubernetesName, sh } from '../../fix-commands';
import { defineRule } from '../rule';
import { append } from '../../../core';

export const cni0OutsideLease = defineRule({
  meta: {
    id: 'lease/cni0-outside-lease',
    title: "cni0's address outside the node's lease",
    severity: 'error',
    messages: {
      outside: "cni0 on {host} holds {address}, outside {host}'s lease {subnet}: its pods get addresses no peer routes to it, and traffic for {subnet} finds no bridge",
    },
  },
  *check(model) {
    for (const node of model.nodes.values()) {
      const lease = leaseOf(model.cluster, node.name);
      // a lease known from flannel's records, the VTEP address or peers' routes; not from cni0 itself
      const grounds = lease?.claims.filter((claim) => !claim.bridge) ?? [];
      if (!lease || grounds.length === 0) continue;
      for (const address of node.addresses.entries) {
        if (address.device !== 'cni0' || prefixContains(lease.subnet, address.value)) continue;
        const evidence: Evidence[] = [address.evidence, ...grounds.flatMap((claim) => claim.evidence).slice(0, 2)];
        const vtep = model.cluster.nodes.get(node.name)?.vtepAddress.find((claim) => claim.value === lease.gateway);
        if (vtep) append(evidence, vtep.evidence.slice(0, 1));
        yield {
          messageId: 'outside', host: node.name,
          data: { host: node.name, address: address.ip, subnet: lease.text },
          key: address.cidr,
          evidence,
          objects: { interfaces: ['cni0'], addresses: [address.ip], subnets: [lease.text], hosts: [node.name] },
          fix: [
            sh`ip link set cni0 down`,
            sh`ip link delete cni0`,
            sh`kubectl delete pods --all-namespaces --field-selector spec.nodeName=${kubernetesName(model, node.name)}`,
          ],
          explains: [`address:${node.name}:${address.ip}`, `bridge:${node.name}`],
        };
      }
    }
  },
});

