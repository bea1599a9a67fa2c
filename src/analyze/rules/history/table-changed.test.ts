import { ruleCases } from '../../../../test/support/rule-cases';
import { tableChanged } from './table-changed';

// edge-1 10.42.0.0/24 and edge-2 10.42.1.0/24: edge-1's route to edge-2's pods comes back after a fix
const routeN = (rows: string): string => `Kernel IP routing table
Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
0.0.0.0         192.168.50.1    0.0.0.0         UG    100    0        0 eth0
10.42.0.0       0.0.0.0         255.255.255.0   U     0      0        0 cni0
${rows}192.168.50.0    0.0.0.0         255.255.255.0   U     100    0        0 eth0`;
const BEFORE = routeN('');
const AFTER = routeN('10.42.1.0       10.42.1.0       255.255.255.0   UG    0      0        0 flannel.1\n');
const EDGE_2 = routeN('').replace('10.42.0.0       0.0.0.0         255.255.255.0   U     0      0        0 cni0', '10.42.0.0       10.42.0.0       255.255.255.0   UG    0      0        0 flannel.1\n10.42.1.0       0.0.0.0         255.255.255.0   U     0      0        0 cni0');

const BEFORE_IP = 'default via 192.168.50.1 dev eth0 proto static metric 100 \n10.42.0.0/24 dev cni0 proto kernel scope link src 10.42.0.1 \n192.168.50.0/24 dev eth0 proto kernel scope link src 192.168.50.11 metric 100 ';
const AFTER_IP = BEFORE_IP.replace('\n192.168.50.0/24', '\n10.42.1.0/24 via 10.42.1.0 dev flannel.1 onlink \n192.168.50.0/24');

/** The same command typed twice on a host: the transcript is a story in time. */
const twice = (command: string, first: string, second: string): [string, string][] => [[command, first], [command, second]];

ruleCases(tableChanged, {
  valid: [
    { name: 'one listing', nodes: { 'edge-1': { 'route -n': BEFORE }, 'edge-2': { 'route -n': EDGE_2 } } },
    { name: 'the same listing twice', nodes: { 'edge-1': twice('route -n', BEFORE, BEFORE), 'edge-2': { 'route -n': EDGE_2 } } },
    {
      name: 'a later partial listing is no change',
      nodes: { 'edge-1': { 'route -n': BEFORE, 'route -n | grep flannel': '10.42.1.0       10.42.1.0       255.255.255.0   UG    0      0        0 flannel.1' }, 'edge-2': { 'route -n': EDGE_2 } },
    },
  ],
  invalid: [
    {
      name: "the overlay route to edge-2's pods appears in a later route -n",
      nodes: { 'edge-1': twice('route -n', BEFORE, AFTER), 'edge-2': { 'route -n': EDGE_2 } },
      findings: [
        {
          messageId: 'overlayRouteAppeared', host: 'edge-1', role: 'observation', severity: 'info',
          data: { host: 'edge-1', network: '10.42.1.0/24', gateway: '10.42.1.0', peer: 'edge-2', command: 'route -n' },
          evidence: [{ host: 'edge-1', format: 'route-n', span: { line: 12 } }],
          fix: [],
        },
        {
          messageId: 'routesChanged', host: 'edge-1', role: 'observation', data: { host: 'edge-1', command: 'route -n', added: '10.42.1.0/24 dev flannel.1', removed: 'none' },
          evidence: [{ host: 'edge-1', format: 'route-n', span: { line: 12 } }],
          severity: 'info', fix: [],
        },
      ],
    },
    {
      name: "the overlay route to edge-2's pods is gone from a later listing, spelled otherwise (ip r, then sudo ip route show): a warning, the state now",
      nodes: {
        'edge-1': [['ip r', AFTER_IP], ['sudo ip route show', BEFORE_IP]],
        'edge-2': { 'route -n': EDGE_2 },
      },
      findings: [
        {
          messageId: 'overlayRouteGone', host: 'edge-1', role: 'observation', severity: 'warning',
          data: { host: 'edge-1', network: '10.42.1.0/24', gateway: '10.42.1.0', peer: 'edge-2', command: 'sudo ip route show' },
          evidence: [{ host: 'edge-1', format: 'ip-route', span: { line: 7 }, absent: true }, { host: 'edge-2', format: 'route-n', span: { line: 15 } }],
          fix: [],
        },
        {
          messageId: 'routesChanged', host: 'edge-1', role: 'observation', data: { host: 'edge-1', command: 'sudo ip route show', added: 'none', removed: '10.42.1.0/24 dev flannel.1' },
          evidence: [{ host: 'edge-1', format: 'ip-route', span: { line: 7 }, absent: true }],
          severity: 'info', fix: [],
        },
      ],
    },
    {
      name: 'the route gone, then back in a third listing: no warning for a state that did not last',
      nodes: { 'edge-1': [['ip route', AFTER_IP], ['ip route', BEFORE_IP], ['ip route', AFTER_IP]], 'edge-2': { 'route -n': EDGE_2 } },
      findings: [
        { messageId: 'routesChanged', host: 'edge-1', role: 'observation', severity: 'info', data: { host: 'edge-1', command: 'ip route', added: 'none', removed: '10.42.1.0/24 dev flannel.1' }, fix: [] },
        { messageId: 'overlayRouteAppeared', host: 'edge-1', role: 'observation', severity: 'info', data: { host: 'edge-1', network: '10.42.1.0/24', gateway: '10.42.1.0', peer: 'edge-2', command: 'ip route' }, fix: [] },
        { messageId: 'routesChanged', host: 'edge-1', role: 'observation', severity: 'info', data: { host: 'edge-1', command: 'ip route', added: '10.42.1.0/24 dev flannel.1', removed: 'none' }, fix: [] },
      ],
    },
    {
      name: "a neighbour entry gone from a later ip neigh",
      nodes: {
        'edge-1': twice('ip neigh', '10.42.1.0 dev flannel.1 lladdr 6e:11:aa:00:00:0b PERMANENT \n192.168.50.1 dev eth0 lladdr 52:54:00:50:00:01 REACHABLE ', '192.168.50.1 dev eth0 lladdr 52:54:00:50:00:01 REACHABLE '),
      },
      findings: [{
        messageId: 'entriesChanged', host: 'edge-1', role: 'observation', severity: 'info',
        data: { host: 'edge-1', command: 'ip neigh', added: 'none', removed: '10.42.1.0 dev flannel.1 lladdr 6e:11:aa:00:00:0b PERMANENT' },
        // the later listing lacks the line the earlier one showed
        evidence: [{ host: 'edge-1', format: 'ip-neigh', span: { line: 5 }, absent: true }],
        fix: [],
      }],
    },
    {
      name: 'a policy rule added between two ip rule listings',
      nodes: {
        'edge-1': twice('ip rule', '0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default',
          '0:\tfrom all lookup local\n100:\tfrom all fwmark 0x1 lookup 100\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default'),
      },
      findings: [{ messageId: 'entriesChanged', host: 'edge-1', data: { host: 'edge-1', command: 'ip rule', added: '100:	from all fwmark 0x1 lookup 100', removed: 'none' }, role: 'observation', severity: 'info', fix: [] }],
    },
  ],
});
