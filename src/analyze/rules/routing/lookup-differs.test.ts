import { ruleCases } from '../../../../test/support/rule-cases';
import { lookupDiffers } from './lookup-differs';

// synthetic: pod network 10.128.0.0/16, m1 10.128.0.0/24, m2 10.128.1.0/24; underlay 203.0.113.0/24
const routes = `default via 203.0.113.1 dev eth0 proto dhcp metric 100 
10.128.0.0/24 dev cni0 proto kernel scope link src 10.128.0.1 
10.128.1.0/24 via 10.128.1.0 dev flannel.1 onlink 
203.0.113.0/24 dev eth0 proto kernel scope link src 203.0.113.10 metric 100 `;
const m2 = { 'ip route': '10.128.0.0/24 via 10.128.0.0 dev flannel.1 onlink \n10.128.1.0/24 dev cni0 proto kernel scope link src 10.128.1.1 ' };

ruleCases(lookupDiffers, {
  valid: [
    {
      name: "the kernel's lookup is the tables' longest match (via flannel.1)",
      nodes: { m1: { 'ip route': routes, 'ip route get 10.128.1.5': '10.128.1.5 via 10.128.1.0 dev flannel.1 src 10.128.0.0 uid 0 \n    cache ' }, m2 },
    },
    {
      name: 'a blackhole in the tables, and the kernel refuses the lookup with EINVAL',
      nodes: { m1: { 'ip route': `${routes}\nblackhole 10.128.1.0/26 `, 'ip route get 10.128.1.5': 'RTNETLINK answers: Invalid argument' }, m2 },
    },
    {
      name: "one of the node's own addresses: local delivery both ways",
      nodes: { m1: { 'ip route': routes, 'ip route get 10.128.0.1': 'local 10.128.0.1 dev lo src 10.128.0.1 uid 0 \n    cache <local> ', 'ip -4 addr show cni0': '5: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000\n    inet 10.128.0.1/24 brd 10.128.0.255 scope global cni0\n       valid_lft forever preferred_lft forever' }, m2 },
    },
    {
      name: 'no listing of the whole table to compare with',
      nodes: { m1: { 'ip route show dev flannel.1': '10.128.1.0/24 via 10.128.1.0 onlink ', 'ip route get 10.128.1.5': '10.128.1.5 via 203.0.113.1 dev eth0 src 203.0.113.10 uid 0 \n    cache ' }, m2 },
    },
    {
      name: 'a lookup bound to a device (oif): not what the tables alone answer',
      nodes: { m1: { 'ip route': routes, 'ip route get 10.128.1.5 oif eth0': '10.128.1.5 via 203.0.113.1 dev eth0 src 203.0.113.10 uid 0 \n    cache ' }, m2 },
    },
  ],
  invalid: [
    {
      name: 'the kernel sends a pod address by the underlay where the tables say flannel.1 (a rule or table not shown)',
      nodes: { m1: { 'ip route': routes, 'ip route get 10.128.1.5': '10.128.1.5 via 203.0.113.1 dev eth0 table 100 src 203.0.113.10 uid 0 \n    cache ' }, m2 },
      findings: [{
        messageId: 'differs', host: 'm1', role: 'root-cause', severity: 'warning',
        data: { host: 'm1', destination: '10.128.1.5', asked: '', kernel: 'via 203.0.113.1 dev eth0', shown: '10.128.1.0/24 via 10.128.1.0 dev flannel.1' },
        evidence: [{ host: 'm1', format: 'ip-route', span: { line: 7 } }, { host: 'm1', format: 'ip-route', span: { line: 4 } }],
        fix: [],
      }],
    },
    {
      name: 'the kernel answers "Network is unreachable" for a source the tables would route',
      nodes: { m1: { 'ip route': routes, 'ip route get 10.128.1.5 from 10.128.0.7 iif cni0': 'RTNETLINK answers: Network is unreachable' }, m2 },
      findings: [{
        messageId: 'differs', host: 'm1', role: 'root-cause', severity: 'warning',
        data: { host: 'm1', destination: '10.128.1.5', asked: ' from 10.128.0.7 iif cni0', kernel: '"RTNETLINK answers: Network is unreachable"', shown: '10.128.1.0/24 via 10.128.1.0 dev flannel.1' },
        fix: [],
      }],
    },
  ],
});
