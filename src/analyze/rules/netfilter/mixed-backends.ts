// iptables 1.8 has two backends, legacy (x_tables) and nf_tables. Both can hold rules at once, and
// each tool shows only its own: iptables-nft warns "# Warning: iptables-legacy tables present"
// (iptables nft-shared.c). kube-proxy and flannel (or the host firewall) then write to different
// backends and do not see each other's rules, though the kernel runs both.
import { kubernetesName, sh } from '../../fix-commands';
import { defineRule } from '../rule';

export const mixedBackends = defineRule({
  meta: {
    id: 'netfilter/mixed-backends',
    title: 'Rules in both iptables backends (legacy and nf_tables)',
    severity: 'warning',
    messages: {
      hidden: '{host} has iptables rules in both backends: its nf_tables listing warns of iptables-legacy tables it does not show',
      both: '{host} shows rules of both iptables backends ({backends})',
    },
  },
  *check(model) {
    for (const node of model.nodes.values()) {
      const netfilter = node.netfilter;
      if (!netfilter) continue;
      const seen = [...new Set(netfilter.backendSources.map((s) => s.backend))].sort();
      const hidden = netfilter.hidden;
      if (hidden.length === 0 && seen.length < 2) continue;
      const evidence = [...hidden.map((h) => h.evidence)];
      for (const backend of seen) {
        const first = netfilter.backendSources.find((s) => s.backend === backend);
        if (first) evidence.push(first.evidence);
      }
      yield {
        messageId: hidden.length > 0 ? 'hidden' : 'both', host: node.name,
        data: { host: node.name, backends: seen.join(', ') },
        key: 'backends',
        evidence,
        objects: { hosts: [node.name] },
        // one backend for all: keep the legacy rules for reference, flush them, and let kube-proxy
        // write its rules again (its image's iptables-wrapper picks the backend that holds more rules)
        fix: [
          sh`iptables-legacy-save > /root/iptables-legacy.rules`,
          sh`iptables-legacy -F; iptables-legacy -X; iptables-legacy -t nat -F; iptables-legacy -t nat -X; iptables-legacy -t mangle -F; iptables-legacy -t mangle -X`,
          sh`kubectl -n kube-system delete pod -l k8s-app=kube-proxy --field-selector spec.nodeName=${kubernetesName(model, node.name)}`,
        ],
        explains: [`netfilter-view:${node.name}`],
      };
    }
  },
});
