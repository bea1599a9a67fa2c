// kube-proxy's IPVS mode needs the kernel's IPVS (the ip_vs modules): it programs its virtual
// services there and only marks packets in iptables (pkg/proxy/ipvs/proxier.go). A node that shows
// IPVS mode's traces (kube-ipvs0, kube-proxy's ipset-testing nat rules) while ipvsadm cannot read
// IPVS ("Can't initialize ipvs: Protocol not available", ipvsadm.c) translates no service address:
// a ClusterIP on kube-ipvs0 is the node's own, and nothing listens there.
import { citeRule, matchesOf, type Evidence, type NodeSnapshot } from '../../../model';
import { sh } from '../../fix-commands';
import { defineRule } from '../rule';

/** What shows that kube-proxy runs in IPVS mode on the node: kube-ipvs0, or a KUBE-SERVICES rule testing an IP set. */
function ipvsModeEvidence(node: NodeSnapshot): Evidence[] {
  const evidence: Evidence[] = [...(node.links.get('kube-ipvs0')?.evidence.slice(0, 1) ?? [])];
  const netfilter = node.netfilter;
  const setRule = netfilter?.rules.chain('nat', 'KUBE-SERVICES')?.rules.find((rule) => matchesOf(rule).some((match) => match.typed?.type === 'set'));
  const cited = netfilter && setRule ? citeRule(netfilter, setRule) : null;
  if (cited) evidence.push(cited);
  return evidence;
}

export const ipvsUnavailable = defineRule({
  meta: {
    id: 'kernel/ipvs-unavailable',
    title: 'kube-proxy in IPVS mode on a node whose kernel has no IPVS',
    severity: 'error',
    messages: {
      unavailable: '{host} runs kube-proxy in IPVS mode, but ipvsadm cannot read IPVS there ({reason}): no service address is translated on {host}; ClusterIPs and NodePorts reached through it are refused or time out',
    },
  },
  *check(model) {
    for (const node of model.nodes.values()) {
      const unavailable = node.ipvs?.unavailable;
      if (!unavailable) continue;
      const mode = ipvsModeEvidence(node);
      if (mode.length === 0) continue;
      yield {
        messageId: 'unavailable', host: node.name,
        data: { host: node.name, reason: unavailable.reason },
        key: node.name,
        evidence: [unavailable.evidence, ...mode],
        objects: { hosts: [node.name] },
        fix: [
          sh`modprobe -a ip_vs ip_vs_rr ip_vs_wrr ip_vs_sh nf_conntrack`,
          sh`printf '%s\\n' ip_vs ip_vs_rr ip_vs_wrr ip_vs_sh nf_conntrack > /etc/modules-load.d/ipvs.conf`,
          sh`kubectl -n kube-system delete pod -l k8s-app=kube-proxy --field-selector spec.nodeName=${node.name}`,
        ],
        explains: [`ipvs:${node.name}`],
      };
    }
  },
});
