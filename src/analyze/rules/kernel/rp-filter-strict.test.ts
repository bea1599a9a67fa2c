import { ruleCases } from '../../../../test/support/rule-cases';
import { rpFilterStrict } from './rp-filter-strict';
import { A_ADDR, A_ROUTES, B_ROUTES } from '../../../../test/fixtures/kernel-nodes';

// synthetic: flannel.1's vxlan details (its underlay device) as ip -d link prints them
const A_FLANNEL = `3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default
    link/ether 1e:2f:3a:4b:5c:01 brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535
    vxlan id 1 local 172.30.0.11 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535`;
const rp = (all: number, flannel: number, eth0: number): string =>
  `net.ipv4.conf.all.rp_filter = ${all}\nnet.ipv4.conf.eth0.rp_filter = ${eth0}\nnet.ipv4.conf.flannel/1.rp_filter = ${flannel}`;
const RP = 'sysctl net.ipv4.conf.all.rp_filter net.ipv4.conf.eth0.rp_filter net.ipv4.conf.flannel/1.rp_filter';
// node-a lost its route to node-b's pods: the way back to them is the default route out of eth0
const A_ROUTES_NO_PEER = A_ROUTES.split('\n').filter((line) => !line.includes('flannel.1')).join('\n');
const B_ADDR = A_ADDR.replaceAll('10.88.0.', '10.88.1.').replace('172.30.0.11', '172.30.0.12');

ruleCases(rpFilterStrict, {
  valid: [
    { name: 'rp_filter off', nodes: { 'node-a': { 'ip -d link show flannel.1': A_FLANNEL, 'ip route': A_ROUTES, [RP]: rp(0, 0, 0) }, 'node-b': { 'ip route': B_ROUTES } } },
    { name: 'loose wins: max(all = 2, flannel.1 = 1) is 2', nodes: { 'node-a': { 'ip -d link show flannel.1': A_FLANNEL, 'ip route': A_ROUTES, [RP]: rp(2, 1, 1) }, 'node-b': { 'ip route': B_ROUTES } } },
    { name: 'only conf.all shown', nodes: { 'node-a': { 'ip -d link show flannel.1': A_FLANNEL, 'sysctl net.ipv4.conf.all.rp_filter': 'net.ipv4.conf.all.rp_filter = 1' } } },
    { name: 'no overlay on the host', nodes: { db1: { 'ip route': 'default via 172.30.0.1 dev eth0', [RP]: rp(1, 1, 1) } } },
  ],
  invalid: [
    {
      name: 'strict on flannel.1 and eth0 with symmetric routes: the conditions',
      nodes: { 'node-a': { 'ip -d link show flannel.1': A_FLANNEL, 'ip route': A_ROUTES, [RP]: rp(1, 0, 0) }, 'node-b': { 'ip addr': B_ADDR, 'ip route': B_ROUTES } },
      findings: [
        {
          messageId: 'strict', host: 'node-a', severity: 'warning', data: { host: 'node-a', device: 'flannel.1', all: '1', own: '0', sources: 'peers\' pod subnets are routed via flannel.1 and pass; a NodePort or external IP DNATed on another node to a pod here without masquerade arrives from a client whose route back leaves by the underlay, and is dropped' },
          evidence: [{ host: 'node-a', format: 'sysctl', span: { line: 11 } }, { host: 'node-a', format: 'sysctl', span: { line: 13 } }],
          role: 'root-cause', fix: ['sysctl -w net.ipv4.conf.all.rp_filter=2', 'sysctl -w net.ipv4.conf.flannel/1.rp_filter=2'],
        },
        {
          messageId: 'strict', host: 'node-a', severity: 'warning', data: { host: 'node-a', device: 'eth0', all: '1', own: '0', sources: 'each peer\'s underlay IP must be routed via this device; on a node with several interfaces, a peer reached through another one has its vxlan packets dropped' },
          evidence: [{ host: 'node-a', format: 'sysctl', span: { line: 11 } }, { host: 'node-a', format: 'sysctl', span: { line: 12 } }],
          role: 'root-cause', fix: ['sysctl -w net.ipv4.conf.all.rp_filter=2', 'sysctl -w net.ipv4.conf.eth0.rp_filter=2'],
        },
      ],
    },
    {
      name: 'strict on flannel.1 and no route back to node-b\'s pods through it',
      nodes: { 'node-a': { 'ip -d link show flannel.1': A_FLANNEL, 'ip route': A_ROUTES_NO_PEER, [RP]: rp(0, 1, 0) }, 'node-b': { 'ip addr': B_ADDR, 'ip route': B_ROUTES } },
      findings: [{
        messageId: 'asymmetric', host: 'node-a', severity: 'error',
        data: { host: 'node-a', device: 'flannel.1', source: 'node-b\'s pods (10.88.1.0/24)', all: '0', own: '1', back: 'default via 172.30.0.1 dev eth0' },
        evidence: [{ host: 'node-a', format: 'sysctl', span: { line: 10 } }, { host: 'node-a', format: 'sysctl', span: { line: 12 } }, { host: 'node-a', format: 'ip-route', span: { line: 6 } }],
        role: 'root-cause', fix: ['sysctl -w net.ipv4.conf.all.rp_filter=2', 'sysctl -w net.ipv4.conf.flannel/1.rp_filter=2'],
      }],
    },
  ],
});
