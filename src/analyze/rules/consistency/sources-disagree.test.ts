import { ruleCases } from '../../../../test/support/rule-cases';
import { sourcesDisagree } from './sources-disagree';

// edge-1: underlay 172.31.40.0/24, pods 10.88.0.0/24, a peer at 10.88.1.0/24 (exact net-tools / iproute2 layouts)
const ROUTE_N = `Kernel IP routing table
Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
0.0.0.0         172.31.40.1     0.0.0.0         UG    100    0        0 eth0
10.88.0.0       0.0.0.0         255.255.255.0   U     0      0        0 cni0
10.88.1.0       10.88.1.0       255.255.255.0   UG    0      0        0 flannel.1
172.31.40.0     0.0.0.0         255.255.255.0   U     100    0        0 eth0`;
const IP_ROUTE = `default via 172.31.40.1 dev eth0 proto dhcp src 172.31.40.11 metric 100 
10.88.0.0/24 dev cni0 proto kernel scope link src 10.88.0.1 
10.88.1.0/24 via 10.88.1.0 dev flannel.1 onlink 
172.31.40.0/24 dev eth0 proto kernel scope link src 172.31.40.11 metric 100 `;
const IP_ROUTE_WITHOUT_PEER = IP_ROUTE.replace('10.88.1.0/24 via 10.88.1.0 dev flannel.1 onlink \n', '');
const IFCONFIG = `cni0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1450
        inet 10.88.0.1  netmask 255.255.255.0  broadcast 10.88.0.255
        ether 6a:3f:52:10:00:01  txqueuelen 1000  (Ethernet)
        RX packets 0  bytes 0 (0.0 B)
        RX errors 0  dropped 0  overruns 0  frame 0
        TX packets 0  bytes 0 (0.0 B)
        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0
`;
const IP_ADDR = `4: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000
    link/ether 6a:3f:52:10:00:01 brd ff:ff:ff:ff:ff:ff
    inet 10.88.0.1/24 brd 10.88.0.255 scope global cni0
       valid_lft forever preferred_lft forever`;

ruleCases(sourcesDisagree, {
  valid: [
    { name: 'route -n and ip route show the same main table', nodes: { 'edge-1': { 'route -n': ROUTE_N, 'ip route': IP_ROUTE } } },
    {
      name: 'ip -6 route says nothing about the IPv4 table',
      nodes: { 'edge-1': { 'route -n': ROUTE_N, 'ip -6 route': 'fe80::/64 dev eth0 proto kernel metric 256 pref medium' } },
    },
    { name: 'a partial ip route (| grep) is not compared', nodes: { 'edge-1': { 'route -n': ROUTE_N, 'ip route | grep cni0': '10.88.0.0/24 dev cni0 proto kernel scope link src 10.88.0.1 ' } } },
    { name: 'ifconfig and ip addr show the same address', nodes: { 'edge-1': { 'ifconfig cni0': IFCONFIG, 'ip addr show cni0': IP_ADDR } } },
  ],
  invalid: [
    {
      name: 'route -n shows the overlay route that ip route lacks',
      nodes: { 'edge-1': { 'route -n': ROUTE_N, 'ip route': IP_ROUTE_WITHOUT_PEER } },
      findings: [{
        messageId: 'routes', host: 'edge-1', role: 'observation', severity: 'warning',
        data: { host: 'edge-1', first: 'route -n', second: 'ip route', onlyFirst: '10.88.1.0/24 via 10.88.1.0 dev flannel.1', onlySecond: 'nothing' },
        evidence: [{ host: 'edge-1', format: 'route-n', span: { line: 6 } }, { host: 'edge-1', format: 'ip-route', span: { line: 9 }, absent: true }],
        fix: [],
      }],
    },
    {
      name: 'ip addr shows a second address that ifconfig does not',
      nodes: { 'edge-1': { 'ifconfig cni0': IFCONFIG, 'ip addr show cni0': `${IP_ADDR}\n    inet 10.88.7.1/24 scope global secondary cni0\n       valid_lft forever preferred_lft forever` } },
      findings: [{
        messageId: 'addresses', host: 'edge-1', severity: 'info',
        data: { host: 'edge-1', first: 'ifconfig cni0', second: 'ip addr show cni0', onlyFirst: 'nothing', onlySecond: '10.88.7.1/24 on cni0' },
        role: 'observation', fix: [],
      }],
    },
  ],
});
