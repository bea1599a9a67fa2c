import { describeFlannelDown } from '../../../../test/support/flannel-down';
import { ruleCases } from '../../../../test/support/rule-cases';
import { missingNeighbor } from './missing-neighbor';

// node-a 10.42.0.0/24, node-b 10.42.1.0/24 (VTEP 6e:11:aa:00:00:0b), node-c 10.42.2.0/24 (VTEP 6e:11:aa:00:00:0c)
const A_ROUTES = `default via 192.168.50.1 dev eth0 proto static metric 100 
10.42.0.0/24 dev cni0 proto kernel scope link src 10.42.0.1 
10.42.1.0/24 via 10.42.1.0 dev flannel.1 onlink 
10.42.2.0/24 via 10.42.2.0 dev flannel.1 onlink 
192.168.50.0/24 dev eth0 proto kernel scope link src 192.168.50.11 metric 100 `;
const B_ROUTES = `default via 192.168.50.1 dev eth0 proto static metric 100 
10.42.0.0/24 via 10.42.0.0 dev flannel.1 onlink 
10.42.1.0/24 dev cni0 proto kernel scope link src 10.42.1.1 
10.42.2.0/24 via 10.42.2.0 dev flannel.1 onlink 
192.168.50.0/24 dev eth0 proto kernel scope link src 192.168.50.12 metric 100 `;
const C_ROUTES = `default via 192.168.50.1 dev eth0 proto static metric 100 
10.42.0.0/24 via 10.42.0.0 dev flannel.1 onlink 
10.42.1.0/24 via 10.42.1.0 dev flannel.1 onlink 
10.42.2.0/24 dev cni0 proto kernel scope link src 10.42.2.1 
192.168.50.0/24 dev eth0 proto kernel scope link src 192.168.50.13 metric 100 `;
const C_LINK = `3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default 
    link/ether 6e:11:aa:00:00:0c brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535 
    vxlan id 1 local 192.168.50.13 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 `;
const A_NEIGH = `192.168.50.1 dev eth0 lladdr 52:54:00:50:00:01 REACHABLE 
10.42.0.5 dev cni0 lladdr 0a:58:0a:2a:00:05 STALE 
10.42.1.0 dev flannel.1 lladdr 6e:11:aa:00:00:0b PERMANENT 
10.42.2.0 dev flannel.1 lladdr 6e:11:aa:00:00:0c PERMANENT 
192.168.50.12 dev eth0 lladdr 52:54:00:50:00:12 REACHABLE `;
const without = (text: string, ip: string): string => text.split('\n').filter((line) => !line.startsWith(`${ip} `)).join('\n');
const peers = { 'node-b': { 'ip route': B_ROUTES }, 'node-c': { 'ip route': C_ROUTES, 'ip -d link show flannel.1': C_LINK } };

ruleCases(missingNeighbor, {
  valid: [
    { name: 'a permanent entry for every peer VTEP', nodes: { 'node-a': { 'ip route': A_ROUTES, 'ip neigh': A_NEIGH }, ...peers } },
    {
      name: 'ip neigh show dev eth0 does not cover flannel.1',
      nodes: { 'node-a': { 'ip route': A_ROUTES, 'ip neigh show dev eth0': '192.168.50.1 lladdr 52:54:00:50:00:01 REACHABLE \n192.168.50.12 lladdr 52:54:00:50:00:12 REACHABLE ' }, ...peers },
    },
    {
      name: 'a partial listing (ip neigh | grep flannel.1) says nothing of absence',
      nodes: { 'node-a': { 'ip route': A_ROUTES, 'ip neigh | grep flannel.1': '10.42.2.0 dev flannel.1 lladdr 6e:11:aa:00:00:0c PERMANENT ' }, ...peers },
    },
    {
      name: 'a listing narrowed by state (ip neigh show nud reachable) says nothing of the permanent entries',
      nodes: { 'node-a': { 'ip route': A_ROUTES, 'ip neigh show nud reachable': '192.168.50.1 dev eth0 lladdr 52:54:00:50:00:01 REACHABLE \n192.168.50.12 dev eth0 lladdr 52:54:00:50:00:12 REACHABLE ' }, ...peers },
    },
    {
      name: 'a listing narrowed by address (ip neigh show to 10.42.2.0/24) says nothing of 10.42.1.0',
      nodes: { 'node-a': { 'ip route': A_ROUTES, 'ip neigh show to 10.42.2.0/24': '10.42.2.0 dev flannel.1 lladdr 6e:11:aa:00:00:0c PERMANENT ' }, ...peers },
    },
    {
      name: 'a node outside the overlay',
      nodes: { 'lb-1': { 'ip neigh': '192.168.50.1 dev eth0 lladdr 52:54:00:50:00:01 REACHABLE ' }, ...peers },
    },
  ],
  invalid: [
    {
      name: "ip neigh lacks node-b's VTEP (its MAC known from nowhere)",
      nodes: { 'node-a': { 'ip route': A_ROUTES, 'ip neigh': without(A_NEIGH, '10.42.1.0') }, ...peers },
      findings: [{
        messageId: 'missing', host: 'node-a', role: 'root-cause', severity: 'error',
        data: { host: 'node-a', gateway: '10.42.1.0', peer: 'node-b', subnet: '10.42.1.0/24' },
        evidence: [{ host: 'node-a', format: 'ip-neigh', span: { line: 8 }, absent: true }],
        fix: ['kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=node-a'],
      }],
    },
    {
      name: "ip neigh show dev flannel.1 lacks node-c's VTEP, whose MAC its flannel.1 shows",
      nodes: { 'node-a': { 'ip route': A_ROUTES, 'ip neigh show dev flannel.1': '10.42.1.0 lladdr 6e:11:aa:00:00:0b PERMANENT ' }, ...peers },
      findings: [{
        messageId: 'missing', host: 'node-a',
        data: { host: 'node-a', gateway: '10.42.2.0', peer: 'node-c', subnet: '10.42.2.0/24' },
        evidence: [{ host: 'node-a', format: 'ip-neigh', span: { line: 8 }, absent: true }, { host: 'node-c', format: 'ip-link', span: { line: 22 } }],
        role: 'root-cause', severity: 'error', fix: ['kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=node-a'],
      }],
    },
  ],
});

describeFlannelDown(missingNeighbor, {
  data: { host: 'node00', count: 12, gateways: '10.100.1.0, 10.100.2.0, 10.100.3.0, 10.100.4.0, 10.100.5.0 and 7 more' },
  firstAbsent: '10.100.1.0 lladdr aa:bb:cc:00:00:01 PERMANENT',
});
