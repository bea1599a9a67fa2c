import { ruleCases } from '../../../../test/support/rule-cases';
import { staleBlackhole } from './stale-blackhole';

// master-1 10.244.0.0/24, worker-1 10.244.1.0/24, worker-2 10.244.2.0/24 (underlay 192.168.122.0/24)
const routeN = (rows: string): string => `Kernel IP routing table
Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
0.0.0.0         192.168.122.1   0.0.0.0         UG    100    0        0 eth0
${rows}
192.168.122.0   0.0.0.0         255.255.255.0   U     100    0        0 eth0`;
const MASTER_ROWS = `10.244.0.0      0.0.0.0         255.255.255.0   U     0      0        0 cni0
10.244.1.0      10.244.1.0      255.255.255.0   UG    0      0        0 flannel.1
10.244.2.0      10.244.2.0      255.255.255.0   UG    0      0        0 flannel.1`;
const WORKER_2 = routeN(`10.244.0.0      10.244.0.0      255.255.255.0   UG    0      0        0 flannel.1
10.244.1.0      10.244.1.0      255.255.255.0   UG    0      0        0 flannel.1
10.244.2.0      0.0.0.0         255.255.255.0   U     0      0        0 cni0`);
// Calico's blackhole for its old IPAM block, as route -n shows it (Iface "*")
const BLACKHOLE_IN_WORKER_2 = '10.244.2.0      0.0.0.0         255.255.255.192 U     0      0        0 *';

// node-a 10.42.0.0/24, node-b 10.42.1.0/24 (ip route)
const aRoutes = (extra: string): string => `default via 192.168.50.1 dev eth0 proto static metric 100 
10.42.0.0/24 dev cni0 proto kernel scope link src 10.42.0.1 
10.42.1.0/24 via 10.42.1.0 dev flannel.1 onlink 
${extra}
192.168.50.0/24 dev eth0 proto kernel scope link src 192.168.50.11 metric 100 `;
const B_ROUTES = `default via 192.168.50.1 dev eth0 proto static metric 100 
10.42.0.0/24 via 10.42.0.0 dev flannel.1 onlink 
10.42.1.0/24 dev cni0 proto kernel scope link src 10.42.1.1 
192.168.50.0/24 dev eth0 proto kernel scope link src 192.168.50.12 metric 100 `;

ruleCases(staleBlackhole, {
  valid: [
    {
      name: 'no blackhole, unreachable or prohibit route',
      nodes: { 'master-1': { 'route -n': routeN(MASTER_ROWS) }, 'worker-2': { 'route -n': WORKER_2 } },
    },
    {
      name: 'a blackhole wider than the leases loses to their more specific routes',
      nodes: { 'node-a': { 'ip route': aRoutes('blackhole 10.42.0.0/16 proto static ') }, 'node-b': { 'ip route': B_ROUTES } },
    },
    {
      name: 'a blackhole outside the pod network is not this rule\'s',
      nodes: { 'node-a': { 'ip route': aRoutes('blackhole 198.51.100.0/24 proto static ') }, 'node-b': { 'ip route': B_ROUTES } },
    },
  ],
  invalid: [
    {
      name: "route -n's Iface \"*\" /26 inside a peer's lease (the seed's host188)",
      nodes: {
        'master-1': { 'route -n': routeN(`${MASTER_ROWS.replace('10.244.2.0      10.244.2.0      255.255.255.0   UG    0      0        0 flannel.1', BLACKHOLE_IN_WORKER_2)}`) },
        'worker-2': { 'route -n': WORKER_2 },
      },
      findings: [{
        messageId: 'shadowsPeer', host: 'master-1', role: 'root-cause', severity: 'error',
        data: { host: 'master-1', type: 'blackhole (no device: Iface "*")', network: '10.244.2.0/26', range: '10.244.2.0–10.244.2.63', peer: 'worker-2', subnet: '10.244.2.0/24' },
        evidence: [{ host: 'master-1', format: 'route-n', span: { line: 7 } }, { host: 'worker-2', format: 'route-n', span: { line: 15 } }],
        fix: ['ip route del 10.244.2.0/26'],
      }],
    },
    {
      name: 'a partial listing that shows the blackhole still shows it',
      nodes: {
        'master-1': { 'route -n | grep 10.244.2': BLACKHOLE_IN_WORKER_2 },
        'worker-2': { 'route -n': WORKER_2 },
      },
      findings: [{
        messageId: 'shadowsPeer', host: 'master-1', data: { host: 'master-1', type: 'blackhole (no device: Iface "*")', network: '10.244.2.0/26', range: '10.244.2.0–10.244.2.63', peer: 'worker-2', subnet: '10.244.2.0/24' },
        evidence: [{ host: 'master-1', format: 'route-n', span: { line: 2 } }, { host: 'worker-2', format: 'route-n', span: { line: 9 } }],
        role: 'root-cause', severity: 'error', fix: ['ip route del 10.244.2.0/26'],
      }],
    },
    {
      name: 'a proto bird blackhole in no lease is residue, a warning (10.42.0.0/16)',
      nodes: { 'node-a': { 'ip route': aRoutes('blackhole 10.42.57.0/26 proto bird ') }, 'node-b': { 'ip route': B_ROUTES } },
      findings: [{
        messageId: 'latent', host: 'node-a', role: 'residue', severity: 'warning',
        data: { host: 'node-a', type: 'blackhole', network: '10.42.57.0/26', range: '10.42.57.0–10.42.57.63', origin: ' (proto bird: left by Calico)' },
        evidence: [{ host: 'node-a', format: 'ip-route', span: { line: 5 } }],
        fix: ['ip route del blackhole 10.42.57.0/26'],
      }],
    },
    {
      name: "an unreachable route inside the node's own lease",
      nodes: { 'node-a': { 'ip route': aRoutes('unreachable 10.42.0.64/26 ') }, 'node-b': { 'ip route': B_ROUTES } },
      findings: [{
        messageId: 'shadowsOwn', host: 'node-a', role: 'root-cause', severity: 'error',
        data: { host: 'node-a', type: 'unreachable', network: '10.42.0.64/26', range: '10.42.0.64–10.42.0.127', peer: 'node-a', subnet: '10.42.0.0/24' },
        evidence: [{ host: 'node-a', format: 'ip-route', span: { line: 5 } }, { host: 'node-a', format: 'ip-route', span: { line: 3 } }],
        fix: ['ip route del unreachable 10.42.0.64/26'],
      }],
    },
  ],
});
