import { ruleCases } from '../../../../test/support/rule-cases';
import { outsideClusterNetwork } from './outside-cluster-network';

// flannel's network 10.32.0.0/12; one node's podCIDR came from a controller-manager with another --cluster-cidr
const env = (subnet: string): string => `FLANNEL_NETWORK=10.32.0.0/12\nFLANNEL_SUBNET=${subnet}\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true`;
const KUBE_PROXY = `*nat
:KUBE-SVC-NPX46M4PTMTKRN6Y - [0:0]
-A KUBE-SVC-NPX46M4PTMTKRN6Y ! -s 10.32.0.0/12 -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-MARK-MASQ
COMMIT`;

ruleCases(outsideClusterNetwork, {
  valid: [
    { name: 'every lease inside FLANNEL_NETWORK', nodes: { n1: { 'cat /run/flannel/subnet.env': env('10.32.1.1/24') }, n2: { 'cat /run/flannel/subnet.env': env('10.40.7.1/24') } } },
    {
      name: 'a network guessed from the leases says nothing about them',
      nodes: { n1: { 'ip route': '10.32.1.0/24 dev cni0 proto kernel scope link src 10.32.1.1 \n192.168.9.0/24 via 192.168.9.0 dev flannel.1 onlink ' } },
    },
  ],
  invalid: [
    {
      name: "n2's lease outside FLANNEL_NETWORK",
      nodes: { n1: { 'cat /run/flannel/subnet.env': env('10.32.1.1/24') }, n2: { 'cat /run/flannel/subnet.env': env('10.244.7.1/24') } },
      findings: [{
        messageId: 'outside', host: 'n2', role: 'root-cause', severity: 'error',
        data: { host: 'n2', subnet: '10.244.7.0/24', network: '10.32.0.0/12', networkVia: 'n1\'s subnet.env' },
        evidence: [{ host: 'n2', format: 'flannel-subnet-env', span: { line: 8 } }, { host: 'n1', format: 'flannel-subnet-env', span: { line: 2 } }],
        fix: ['kubectl drain n2 --ignore-daemonsets --delete-emptydir-data', 'kubectl delete node n2', 'systemctl restart kubelet'],
      }],
    },
    {
      name: "the network from kube-proxy's masquerade rule",
      nodes: { n1: { 'iptables-save -t nat': KUBE_PROXY, 'ip route': '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 ' } },
      findings: [{ messageId: 'outside', host: 'n1', data: { host: 'n1', subnet: '10.244.1.0/24', network: '10.32.0.0/12', networkVia: 'kube-proxy\'s masquerade rule on n1 (its cluster CIDR)' }, role: 'root-cause', severity: 'error', fix: ['kubectl drain n1 --ignore-daemonsets --delete-emptydir-data', 'kubectl delete node n1', 'systemctl restart kubelet'] }],
    },
  ],
});
