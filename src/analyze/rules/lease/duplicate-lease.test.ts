import { ruleCases } from '../../../../test/support/rule-cases';
import { duplicateLease } from './duplicate-lease';

// pod network 100.64.0.0/16 with /24 leases
const env = (subnet: string): string => `FLANNEL_NETWORK=100.64.0.0/16\nFLANNEL_SUBNET=${subnet}\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true`;

ruleCases(duplicateLease, {
  valid: [
    { name: 'distinct leases', nodes: { w1: { 'cat /run/flannel/subnet.env': env('100.64.1.1/24') }, w2: { 'cat /run/flannel/subnet.env': env('100.64.2.1/24') } } },
  ],
  invalid: [
    {
      name: 'two nodes with one lease',
      nodes: { w1: { 'cat /run/flannel/subnet.env': env('100.64.1.1/24') }, w2: { 'cat /run/flannel/subnet.env': env('100.64.1.1/24') } },
      findings: [{
        messageId: 'same', host: null, role: 'root-cause', severity: 'error',
        data: { node: 'w1', other: 'w2', subnet: '100.64.1.0/24', otherSubnet: '100.64.1.0/24' },
        evidence: [{ host: 'w1', format: 'flannel-subnet-env', span: { line: 3 } }, { host: 'w2', format: 'flannel-subnet-env', span: { line: 8 } }],
        fix: ['kubectl drain w1 --ignore-daemonsets --delete-emptydir-data', 'kubectl delete node w1', 'systemctl restart kubelet'],
      }],
    },
    {
      name: 'three nodes with one lease: one finding naming them all, the two to renumber',
      nodes: {
        w1: { 'cat /run/flannel/subnet.env': env('100.64.1.1/24') }, w2: { 'cat /run/flannel/subnet.env': env('100.64.1.1/24') },
        w3: { 'cat /run/flannel/subnet.env': env('100.64.1.1/24') },
      },
      findings: [{
        messageId: 'sameMany', host: null, role: 'root-cause', severity: 'error',
        data: { count: 3, subnet: '100.64.1.0/24', nodes: 'w1, w2, w3' },
        evidence: [{ host: 'w1', format: 'flannel-subnet-env', span: { line: 3 } }, { host: 'w2', format: 'flannel-subnet-env', span: { line: 8 } }, { host: 'w3', format: 'flannel-subnet-env', span: { line: 13 } }],
        fix: [
          'kubectl drain w2 --ignore-daemonsets --delete-emptydir-data', 'kubectl delete node w2', 'systemctl restart kubelet',
          'kubectl drain w3 --ignore-daemonsets --delete-emptydir-data', 'kubectl delete node w3', 'systemctl restart kubelet',
        ],
      }],
    },
    {
      name: 'a /23 that covers a /24',
      nodes: { w1: { 'cat /run/flannel/subnet.env': env('100.64.2.1/23') }, w2: { 'cat /run/flannel/subnet.env': env('100.64.3.1/24') } },
      findings: [{ messageId: 'overlap', host: null, data: { node: 'w1', other: 'w2', subnet: '100.64.2.0/23', otherSubnet: '100.64.3.0/24' }, role: 'root-cause', severity: 'error', fix: ['kubectl drain w1 --ignore-daemonsets --delete-emptydir-data', 'kubectl delete node w1', 'systemctl restart kubelet'] }],
    },
  ],
});
