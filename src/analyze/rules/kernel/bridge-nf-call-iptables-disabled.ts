// net.bridge.bridge-nf-call-iptables = 0, or no such key because br_netfilter is not loaded: frames
// that a bridge forwards between its ports skip iptables (net/bridge/br_netfilter_hooks.c). Pods on
// one node share the cni0 bridge, so a pod's reply to another pod of the same node is bridged and
// never meets conntrack: kube-proxy's DNAT of a ClusterIP is not undone on the reply, and the client
// drops an answer from an address it did not call (kubeadm's preflight checks the key for this).
import { sysctlAbsence, sysctlNumber } from '../../../model';
import { sh } from '../../fix-commands';
import { defineRule } from '../rule';

const KEY = 'net.bridge.bridge-nf-call-iptables';
/** The bridges of bridge CNIs: the bridge plugin's default (flannel's CNI config) and kubenet's. */
const CNI_BRIDGES = ['cni0', 'cbr0'] as const;

export const bridgeNfCallIptablesDisabled = defineRule({
  meta: {
    id: 'kernel/bridge-nf-call-iptables-disabled',
    title: 'Bridged pod traffic bypasses iptables (bridge-nf-call-iptables off or br_netfilter not loaded)',
    severity: 'error',
    messages: {
      disabled: '{host} has {key} = 0: pod-to-pod traffic bridged on {bridge} skips iptables, so a ClusterIP from a pod to a pod on the same node fails',
      notLoaded: '{host} has no {key} (br_netfilter is not loaded): pod-to-pod traffic bridged on {bridge} skips iptables, so a ClusterIP from a pod to a pod on the same node fails',
    },
  },
  *check(model) {
    for (const node of model.nodes.values()) {
      const bridge = CNI_BRIDGES.find((name) => node.links.get(name)?.kind === 'bridge');
      if (!bridge) continue;
      const link = node.links.get(bridge);
      const shown = sysctlNumber(node, KEY);
      const fix = [sh`sysctl -w ${KEY}=1`, sh`echo ${`${KEY} = 1`} > /etc/sysctl.d/99-kubernetes-bridge-nf.conf`];
      const common = {
        host: node.name, key: 'bridge-nf-call-iptables',
        objects: { hosts: [node.name], interfaces: [bridge] },
        explains: [`bridge-nf:${node.name}`],
      };
      if (shown) {
        if (shown.value !== 0) continue;
        yield {
          ...common, messageId: 'disabled' as const,
          data: { host: node.name, key: KEY, bridge },
          evidence: [shown.evidence, ...(link?.evidence.slice(0, 1) ?? [])],
          fix,
        };
        continue;
      }
      const absent = sysctlAbsence(node, KEY);
      if (!absent) continue;
      yield {
        ...common, messageId: 'notLoaded' as const,
        data: { host: node.name, key: KEY, bridge },
        evidence: [absent, ...(link?.evidence.slice(0, 1) ?? [])],
        fix: [sh`modprobe br_netfilter`, sh`echo br_netfilter > /etc/modules-load.d/k8s.conf`, ...fix],
      };
    }
  },
});
