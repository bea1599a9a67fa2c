import { describeFlannelDown } from '../../../../test/support/flannel-down';
import { ruleCases } from '../../../../test/support/rule-cases';
import { missingFdb } from './missing-fdb';

// node-a 10.42.0.0/24, node-b 10.42.1.0/24 (VTEP 6e:11:aa:00:00:0b, 192.168.50.12), node-c 10.42.2.0/24 (6e:11:aa:00:00:0c, 192.168.50.13)
const A_ROUTES = `default via 192.168.50.1 dev eth0 proto static metric 100 
10.42.0.0/24 dev cni0 proto kernel scope link src 10.42.0.1 
10.42.1.0/24 via 10.42.1.0 dev flannel.1 onlink 
10.42.2.0/24 via 10.42.2.0 dev flannel.1 onlink 
192.168.50.0/24 dev eth0 proto kernel scope link src 192.168.50.11 metric 100 `;
const link = (mac: string, local: string): string => `3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default 
    link/ether ${mac} brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535 
    vxlan id 1 local ${local} dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 `;
const routes = (own: string, peersOf: string[]): string => [
  'default via 192.168.50.1 dev eth0 proto static metric 100 ',
  ...['0', '1', '2'].map((n) => (n === own ? `10.42.${n}.0/24 dev cni0 proto kernel scope link src 10.42.${n}.1 ` : peersOf.includes(n) ? `10.42.${n}.0/24 via 10.42.${n}.0 dev flannel.1 onlink ` : '')).filter(Boolean),
].join('\n');
const peers = {
  'node-b': { 'ip route': routes('1', ['0', '2']), 'ip -d link show flannel.1': link('6e:11:aa:00:00:0b', '192.168.50.12') },
  'node-c': { 'ip route': routes('2', ['0', '1']), 'ip -d link show flannel.1': link('6e:11:aa:00:00:0c', '192.168.50.13') },
};
const A_FDB = `33:33:00:00:00:01 dev eth0 self permanent
01:00:5e:00:00:01 dev eth0 self permanent
6e:11:aa:00:00:0b dev flannel.1 dst 192.168.50.12 self permanent
6e:11:aa:00:00:0c dev flannel.1 dst 192.168.50.13 self permanent
0a:58:0a:2a:00:05 dev veth3f1c2a7e master cni0 
33:33:00:00:00:01 dev cni0 self permanent`;

ruleCases(missingFdb, {
  valid: [
    { name: 'a permanent FDB entry for every peer VTEP', nodes: { 'node-a': { 'ip route': A_ROUTES, 'bridge fdb show': A_FDB }, ...peers } },
    {
      name: 'a partial listing (bridge fdb show | grep flannel.1) says nothing of absence',
      nodes: { 'node-a': { 'ip route': A_ROUTES, 'bridge fdb show | grep flannel.1': '6e:11:aa:00:00:0c dev flannel.1 dst 192.168.50.13 self permanent' }, ...peers },
    },
    {
      name: 'bridge fdb show dev cni0 does not cover flannel.1',
      nodes: { 'node-a': { 'ip route': A_ROUTES, 'bridge fdb show dev cni0': '33:33:00:00:00:01 self permanent\n01:00:5e:00:00:01 self permanent' }, ...peers },
    },
    {
      name: "a peer whose VTEP MAC no output shows",
      nodes: { 'node-a': { 'ip route': A_ROUTES, 'bridge fdb show dev flannel.1': '6e:11:aa:00:00:0c dst 192.168.50.13 self permanent' }, 'node-b': { 'ip route': routes('1', ['0', '2']) }, 'node-c': peers['node-c'] },
    },
  ],
  invalid: [
    {
      name: "bridge fdb show lacks node-b's VTEP MAC",
      nodes: { 'node-a': { 'ip route': A_ROUTES, 'bridge fdb show': A_FDB.replace('6e:11:aa:00:00:0b dev flannel.1 dst 192.168.50.12 self permanent\n', '') }, ...peers },
      findings: [{
        messageId: 'missing', host: 'node-a', role: 'root-cause', severity: 'error',
        data: { host: 'node-a', mac: '6e:11:aa:00:00:0b', peer: 'node-b', dst: '192.168.50.12' },
        evidence: [{ host: 'node-a', format: 'bridge-fdb', span: { line: 8 }, absent: true }, { host: 'node-b', format: 'ip-link', span: { line: 19 } }],
        fix: ['kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=node-a'],
      }],
    },
    {
      name: "bridge fdb show dev flannel.1 lacks node-c's, its MAC known from node-a's own neighbour entry",
      nodes: {
        'node-a': {
          'ip route': A_ROUTES,
          'ip neigh show dev flannel.1': '10.42.1.0 lladdr 6e:11:aa:00:00:0b PERMANENT \n10.42.2.0 lladdr 6e:11:aa:00:00:0c PERMANENT ',
          'bridge fdb show dev flannel.1': '6e:11:aa:00:00:0b dst 192.168.50.12 self permanent',
        },
        'node-b': peers['node-b'],
        'node-c': { 'ip route': routes('2', ['0', '1']) },
      },
      findings: [{
        messageId: 'missing', host: 'node-a',
        data: { host: 'node-a', mac: '6e:11:aa:00:00:0c', peer: 'node-c', dst: '<node-c\'s IP>' },
        evidence: [{ host: 'node-a', format: 'bridge-fdb', span: { line: 11 }, absent: true }, { host: 'node-a', format: 'ip-neigh', span: { line: 9 } }],
        role: 'root-cause', severity: 'error', fix: ['kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=node-a'],
      }],
    },
  ],
});

describeFlannelDown(missingFdb, {
  data: { host: 'node00', count: 12, macs: 'aa:bb:cc:00:00:01, aa:bb:cc:00:00:02, aa:bb:cc:00:00:03, aa:bb:cc:00:00:04, aa:bb:cc:00:00:05 and 7 more' },
  firstAbsent: "aa:bb:cc:00:00:01 dev flannel.1 dst <node01's IP> self permanent",
});
