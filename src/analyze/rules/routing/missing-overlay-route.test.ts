import { describeFlannelDown } from '../../../../test/support/flannel-down';
import { ruleCases } from '../../../../test/support/rule-cases';
import { missingOverlayRoute } from './missing-overlay-route';

// master-1 10.244.0.0/24, worker-1 10.244.1.0/24, worker-2 10.244.2.0/24 (underlay 192.168.122.0/24)
const routeN = (rows: string): string => `Kernel IP routing table
Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
0.0.0.0         192.168.122.1   0.0.0.0         UG    100    0        0 eth0
${rows}
192.168.122.0   0.0.0.0         255.255.255.0   U     100    0        0 eth0`;
const MASTER = routeN(`10.244.0.0      0.0.0.0         255.255.255.0   U     0      0        0 cni0
10.244.1.0      10.244.1.0      255.255.255.0   UG    0      0        0 flannel.1
10.244.2.0      10.244.2.0      255.255.255.0   UG    0      0        0 flannel.1`);
const WORKER_1 = routeN(`10.244.0.0      10.244.0.0      255.255.255.0   UG    0      0        0 flannel.1
10.244.1.0      0.0.0.0         255.255.255.0   U     0      0        0 cni0
10.244.2.0      10.244.2.0      255.255.255.0   UG    0      0        0 flannel.1`);
const WORKER_2 = routeN(`10.244.0.0      10.244.0.0      255.255.255.0   UG    0      0        0 flannel.1
10.244.1.0      10.244.1.0      255.255.255.0   UG    0      0        0 flannel.1
10.244.2.0      0.0.0.0         255.255.255.0   U     0      0        0 cni0`);
// worker-1 without its route to master-1's pods
const WORKER_1_WITHOUT_MASTER = WORKER_1.replace('10.244.0.0      10.244.0.0      255.255.255.0   UG    0      0        0 flannel.1\n', '');

// node-a 10.42.0.0/24, node-b 10.42.1.0/24, node-c 10.42.2.0/24
const A_ADDR = `3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default
    inet 10.42.0.0/32 scope global flannel.1
       valid_lft forever preferred_lft forever
4: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000
    inet 10.42.0.1/24 brd 10.42.0.255 scope global cni0
       valid_lft forever preferred_lft forever`;
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

// flannel host-gw: hg-1 10.89.0.0/24 (172.16.8.21), hg-2 10.89.1.0/24 (172.16.8.22), hg-3 10.89.2.0/24 (172.16.8.23)
const hostGw = (own: number): string => ['default via 172.16.8.1 dev eth0 proto dhcp src 172.16.8.2' + `${own + 1} metric 100 `,
  ...[0, 1, 2].map((n) => (n === own ? `10.89.${n}.0/24 dev cni0 proto kernel scope link src 10.89.${n}.1 ` : `10.89.${n}.0/24 via 172.16.8.2${n + 1} dev eth0 `)),
  `172.16.8.0/24 dev eth0 proto kernel scope link src 172.16.8.2${own + 1} `].join('\n');
const [HG_1, HG_2, HG_3] = [hostGw(0), hostGw(1), hostGw(2)];

ruleCases(missingOverlayRoute, {
  valid: [
    {
      name: 'every node routes every peer lease via flannel.1 (route -n)',
      nodes: { 'master-1': { 'route -n': MASTER }, 'worker-1': { 'route -n': WORKER_1 }, 'worker-2': { 'route -n': WORKER_2 } },
    },
    {
      name: 'a partial listing (route -n | grep 10.244) lacking a route says nothing of its absence',
      nodes: {
        'master-1': { 'route -n': MASTER },
        'worker-1': { 'route -n | grep 10.244': '10.244.1.0      0.0.0.0         255.255.255.0   U     0      0        0 cni0\n10.244.2.0      10.244.2.0      255.255.255.0   UG    0      0        0 flannel.1' },
        'worker-2': { 'route -n': WORKER_2 },
      },
    },
    {
      name: 'ip route show dev flannel.1 prints no device on its lines, and covers flannel.1',
      nodes: {
        'node-a': { 'ip -4 addr show': A_ADDR, 'ip route show dev flannel.1': '10.42.1.0/24 via 10.42.1.0 onlink \n10.42.2.0/24 via 10.42.2.0 onlink ' },
        'node-b': { 'ip route': B_ROUTES },
        'node-c': { 'ip route': C_ROUTES },
      },
    },
    {
      name: 'ip route show table local and ip route show dev eth0 show other parts of the tables',
      nodes: {
        'node-a': {
          'ip -4 addr show': A_ADDR,
          'ip route show table local': 'local 10.42.0.0 dev flannel.1 proto kernel scope host src 10.42.0.0 \nlocal 10.42.0.1 dev cni0 proto kernel scope host src 10.42.0.1 \nbroadcast 10.42.0.255 dev cni0 proto kernel scope link src 10.42.0.1 ',
          'ip route show dev eth0': 'default via 192.168.50.1 proto static metric 100 \n192.168.50.0/24 proto kernel scope link src 192.168.50.11 metric 100 ',
        },
        'node-b': { 'ip route': B_ROUTES },
      },
    },
    {
      name: 'host-gw: every node routes every peer lease via the peer\'s address',
      nodes: { 'hg-1': { 'ip route': HG_1 }, 'hg-2': { 'ip route': HG_2 }, 'hg-3': { 'ip route': HG_3 } },
    },
    {
      name: 'a static route to a lease via a router beside flannel.1 routes does not make the cluster host-gw',
      nodes: {
        'master-1': { 'route -n': MASTER },
        'worker-1': { 'route -n': WORKER_1 },
        'edge-1': { 'ip route': 'default via 192.168.122.1 dev eth0 \n10.244.1.0/24 via 192.168.122.254 dev eth0 \n192.168.122.0/24 dev eth0 proto kernel scope link src 192.168.122.30 ' },
      },
    },
    {
      name: 'a node outside the overlay (no flannel.1 anywhere) needs no overlay route',
      nodes: {
        'master-1': { 'route -n': MASTER },
        'lb-1': { 'route -n': routeN('172.17.0.0      0.0.0.0         255.255.0.0     U     0      0        0 docker0') },
      },
    },
  ],
  invalid: [
    {
      name: 'host-gw: hg-1 lacks the route to hg-3\'s pods via hg-3\'s address (hg-2 has it)',
      nodes: { 'hg-1': { 'ip route': HG_1.replace('10.89.2.0/24 via 172.16.8.23 dev eth0 \n', '') }, 'hg-2': { 'ip route': HG_2 }, 'hg-3': { 'ip route': HG_3 } },
      findings: [{
        messageId: 'missingHostGw', host: 'hg-1', role: 'root-cause', severity: 'error',
        data: { host: 'hg-1', peer: 'hg-3', subnet: '10.89.2.0/24', gateway: '172.16.8.23' },
        evidence: [{ host: 'hg-1', format: 'ip-route', span: { line: 2 }, absent: true }, { host: 'hg-2', format: 'ip-route', span: { line: 10 } }],
        fix: ['kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=hg-1'],
      }],
    },
    {
      name: 'worker-1 shows nothing of flannel (flannel down): its peers route its lease over flannel.1, so it lacks both overlay routes',
      nodes: {
        'master-1': { 'route -n': MASTER },
        'worker-1': { 'route -n': routeN('10.244.1.0      0.0.0.0         255.255.255.0   U     0      0        0 cni0') },
        'worker-2': { 'route -n': WORKER_2 },
      },
      findings: [
        {
          messageId: 'missing', host: 'worker-1', role: 'root-cause', severity: 'error',
          data: { host: 'worker-1', peer: 'master-1', subnet: '10.244.0.0/24', gateway: '10.244.0.0' },
          evidence: [{ host: 'worker-1', format: 'route-n', span: { line: 10 }, absent: true }, { host: 'master-1', format: 'route-n', span: { line: 5 } }],
          fix: ['kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=worker-1'],
        },
        {
          messageId: 'missing', host: 'worker-1', role: 'root-cause', severity: 'error',
          data: { host: 'worker-1', peer: 'worker-2', subnet: '10.244.2.0/24', gateway: '10.244.2.0' },
          evidence: [{ host: 'worker-1', format: 'route-n', span: { line: 10 }, absent: true }, { host: 'worker-2', format: 'route-n', span: { line: 21 } }],
          fix: ['kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=worker-1'],
        },
      ],
    },
    {
      name: "route -n on worker-1 lacks master-1's lease",
      nodes: { 'master-1': { 'route -n': MASTER }, 'worker-1': { 'route -n': WORKER_1_WITHOUT_MASTER }, 'worker-2': { 'route -n': WORKER_2 } },
      findings: [{
        messageId: 'missing', host: 'worker-1', role: 'root-cause', severity: 'error',
        data: { host: 'worker-1', peer: 'master-1', subnet: '10.244.0.0/24', gateway: '10.244.0.0' },
        evidence: [{ host: 'worker-1', format: 'route-n', span: { line: 10 }, absent: true }, { host: 'master-1', format: 'route-n', span: { line: 5 } }],
        fix: ['kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=worker-1'],
      }],
    },
    {
      name: "ip route show dev flannel.1 on node-a lacks node-c's lease (10.42.0.0/16)",
      nodes: {
        'node-a': { 'ip -4 addr show': A_ADDR, 'ip route show dev flannel.1': '10.42.1.0/24 via 10.42.1.0 onlink ' },
        'node-b': { 'ip route': B_ROUTES },
        'node-c': { 'ip route': C_ROUTES },
      },
      findings: [{
        messageId: 'missing', host: 'node-a',
        data: { host: 'node-a', peer: 'node-c', subnet: '10.42.2.0/24', gateway: '10.42.2.0' },
        evidence: [{ host: 'node-a', format: 'ip-route', span: { line: 9 }, absent: true }, { host: 'node-c', format: 'ip-route', span: { line: 20 } }],
        role: 'root-cause', severity: 'error', fix: ['kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=node-a'],
      }],
    },
  ],
});

describeFlannelDown(missingOverlayRoute, {
  data: { host: 'node00', count: 12, subnets: '10.100.1.0/24, 10.100.2.0/24, 10.100.3.0/24, 10.100.4.0/24, 10.100.5.0/24 and 7 more' },
  firstAbsent: '10.100.1.0/24 via 10.100.1.0 dev flannel.1 onlink',
});
