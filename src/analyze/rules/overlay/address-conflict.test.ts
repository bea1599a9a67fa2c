import { ruleCases } from '../../../../test/support/rule-cases';
import { addressConflict } from './address-conflict';

// node-a 10.42.0.0/24 (192.168.50.11), node-b 10.42.1.0/24 (192.168.50.12), node-c 10.42.2.0/24 (192.168.50.13)
const A_ADDR = `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000
    inet 192.168.50.11/24 brd 192.168.50.255 scope global eth0
       valid_lft forever preferred_lft forever
3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default
    inet 10.42.0.0/32 scope global flannel.1
       valid_lft forever preferred_lft forever
4: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000
    inet 10.42.0.1/24 brd 10.42.0.255 scope global cni0
       valid_lft forever preferred_lft forever`;
const tunl0 = (cidr: string): string => `${A_ADDR}
5: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1480 qdisc noqueue state UNKNOWN group default qlen 1000
    inet ${cidr} scope global tunl0
       valid_lft forever preferred_lft forever`;
const A_ROUTES = `default via 192.168.50.1 dev eth0 proto static metric 100 
10.42.0.0/24 dev cni0 proto kernel scope link src 10.42.0.1 
10.42.1.0/24 via 10.42.1.0 dev flannel.1 onlink 
10.42.2.0/24 via 10.42.2.0 dev flannel.1 onlink 
192.168.50.0/24 dev eth0 proto kernel scope link src 192.168.50.11 metric 100 `;
// what flannel leaves when the kernel refuses the route via 10.42.1.0: no route, neighbour or FDB entry for node-b
const A_ROUTES_WITHOUT_B = A_ROUTES.replace('10.42.1.0/24 via 10.42.1.0 dev flannel.1 onlink \n', '');
const A_NEIGH = '10.42.2.0 lladdr 6e:11:aa:00:00:0c PERMANENT ';
const A_FDB = '6e:11:aa:00:00:0c dst 192.168.50.13 self permanent';
const B_ROUTES = `default via 192.168.50.1 dev eth0 proto static metric 100 
10.42.0.0/24 via 10.42.0.0 dev flannel.1 onlink 
10.42.1.0/24 dev cni0 proto kernel scope link src 10.42.1.1 
10.42.2.0/24 via 10.42.2.0 dev flannel.1 onlink 
192.168.50.0/24 dev eth0 proto kernel scope link src 192.168.50.12 metric 100 `;
const B_LINK = `3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default 
    link/ether 6e:11:aa:00:00:0b brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535 
    vxlan id 1 local 192.168.50.12 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 `;
const C_ROUTES = `default via 192.168.50.1 dev eth0 proto static metric 100 
10.42.0.0/24 via 10.42.0.0 dev flannel.1 onlink 
10.42.1.0/24 via 10.42.1.0 dev flannel.1 onlink 
10.42.2.0/24 dev cni0 proto kernel scope link src 10.42.2.1 
192.168.50.0/24 dev eth0 proto kernel scope link src 192.168.50.13 metric 100 `;

// the seed's host188, on another plan: ifconfig -a with Calico's tunl0 (netmask 255.255.255.255)
const MASTER_IFCONFIG = `cni0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1450
        inet 172.20.0.1  netmask 255.255.255.0  broadcast 172.20.0.255
        ether 0a:58:ac:14:00:01  txqueuelen 1000  (Ethernet)

eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500
        inet 10.10.0.5  netmask 255.255.255.0  broadcast 10.10.0.255
        ether 52:54:00:10:00:05  txqueuelen 1000  (Ethernet)

flannel.1: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1450
        inet 172.20.0.0  netmask 255.255.255.255  broadcast 0.0.0.0
        ether 4a:1c:2e:00:00:05  txqueuelen 0  (Ethernet)

tunl0: flags=128<NOARP>  mtu 1480
        inet 172.20.3.0  netmask 255.255.255.255
        tunnel   txqueuelen 1000  (IPIP Tunnel)
`;
const MASTER_ROUTE_N = `Kernel IP routing table
Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
0.0.0.0         10.10.0.1       0.0.0.0         UG    100    0        0 eth0
10.10.0.0       0.0.0.0         255.255.255.0   U     100    0        0 eth0
172.20.0.0      0.0.0.0         255.255.255.0   U     0      0        0 cni0`;
const WORKER_ROUTE_N = `Kernel IP routing table
Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
0.0.0.0         10.10.0.1       0.0.0.0         UG    100    0        0 eth0
10.10.0.0       0.0.0.0         255.255.255.0   U     100    0        0 eth0
172.20.0.0      172.20.0.0      255.255.255.0   UG    0      0        0 flannel.1
172.20.3.0      0.0.0.0         255.255.255.0   U     0      0        0 cni0`;
const MASTER_FLANNEL_LOG = `I0305 08:12:40.097710       1 main.go:235] Created subnet manager: Kubernetes Subnet Manager - kube-master
I0305 08:12:40.101232       1 main.go:390] Lease acquired: 172.20.0.0/24
I0305 08:12:40.318455       1 vxlan_network.go:137] adding subnet: 172.20.3.0/24 PublicIP: 10.10.0.7 VtepMAC: 4a:1c:2e:00:00:07
E0305 08:12:40.318781       1 vxlan_network.go:158] failed to add vxlanRoute (172.20.3.0/24 -> 172.20.3.0): invalid argument`;

ruleCases(addressConflict, {
  valid: [
    {
      name: 'every address in its own lease or outside the pod network',
      nodes: { 'node-a': { 'ip -4 addr': A_ADDR, 'ip route': A_ROUTES }, 'node-b': { 'ip route': B_ROUTES }, 'node-c': { 'ip route': C_ROUTES } },
    },
    {
      name: "a tunl0 address inside the node's own lease",
      nodes: { 'node-a': { 'ip -4 addr': tunl0('10.42.0.128/32'), 'ip route': A_ROUTES }, 'node-b': { 'ip route': B_ROUTES } },
    },
    {
      name: 'a peer\'s subnet only an old "adding subnet" line names (no route to it, no failure, no etcd lease) is no lease: a log reaches back to nodes long gone',
      nodes: {
        'kube-master': {
          'ifconfig -a': MASTER_IFCONFIG, 'route -n': MASTER_ROUTE_N,
          'kubectl logs -n kube-flannel kube-flannel-ds-7xk2p': MASTER_FLANNEL_LOG.split('\n').slice(0, 3).join('\n'),
        },
      },
    },
    {
      name: 'a peer\'s subnet the flannel log removed again is no lease',
      nodes: {
        'kube-master': {
          'ifconfig -a': MASTER_IFCONFIG, 'route -n': MASTER_ROUTE_N,
          'kubectl logs -n kube-flannel kube-flannel-ds-7xk2p': `${MASTER_FLANNEL_LOG}\nI0305 09:40:02.118201       1 vxlan_network.go:196] removing subnet: 172.20.3.0/24 PublicIP: 10.10.0.7 VtepMAC: 4a:1c:2e:00:00:07`,
        },
      },
    },
    {
      name: 'a tunl0 address in no lease (residue, not a conflict)',
      nodes: { 'node-a': { 'ip -4 addr': tunl0('10.42.188.0/32'), 'ip route': A_ROUTES }, 'node-b': { 'ip route': B_ROUTES } },
    },
    {
      name: 'an address in a subnet no node holds, however close to the leases',
      nodes: { 'node-a': { 'ip -4 addr': tunl0('10.42.3.0/32'), 'ip route': A_ROUTES }, 'node-b': { 'ip route': B_ROUTES }, 'node-c': { 'ip route': C_ROUTES } },
    },
  ],
  invalid: [
    {
      name: "tunl0 holds a peer's VTEP gateway: the route, neighbour and FDB entry via it are missing",
      nodes: {
        'node-a': {
          'ip -4 addr': tunl0('10.42.1.0/32'),
          'ip route': A_ROUTES_WITHOUT_B,
          'ip neigh show dev flannel.1': A_NEIGH,
          'bridge fdb show dev flannel.1': A_FDB,
        },
        'node-b': { 'ip route': B_ROUTES, 'ip -d link show flannel.1': B_LINK },
        'node-c': { 'ip route': C_ROUTES },
      },
      findings: [{
        messageId: 'gatewayConflict', host: 'node-a', role: 'root-cause', severity: 'error',
        data: { host: 'node-a', address: '10.42.1.0', device: 'tunl0', subnet: '10.42.1.0/24', peer: 'node-b' },
        evidence: [
          { host: 'node-a', format: 'ip-addr', span: { line: 15 } },
          { host: 'node-b', format: 'ip-route', span: { line: 29 } },
          { host: 'node-a', format: 'ip-route', span: { line: 18 }, absent: true },
          { host: 'node-a', format: 'ip-neigh', span: { line: 23 }, absent: true },
          { host: 'node-a', format: 'bridge-fdb', span: { line: 25 }, absent: true },
        ],
        fix: ['ip addr del 10.42.1.0/32 dev tunl0', 'kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=node-a'],
      }],
    },
    {
      name: 'ifconfig -a shows the leftover tunl0 on the gateway of a 172.20.0.0/16 peer, and flannel logs EINVAL',
      nodes: {
        'kube-master': { 'ifconfig -a': MASTER_IFCONFIG, 'route -n': MASTER_ROUTE_N, 'kubectl logs -n kube-flannel kube-flannel-ds-7xk2p': MASTER_FLANNEL_LOG },
        'kube-worker1': { 'route -n': WORKER_ROUTE_N },
      },
      findings: [{
        messageId: 'gatewayConflict', host: 'kube-master',
        data: { host: 'kube-master', address: '172.20.3.0', device: 'tunl0', subnet: '172.20.3.0/24', peer: 'kube-worker1' },
        evidence: [
          { host: 'kube-master', format: 'ifconfig', span: { line: 15 } },
          { host: 'kube-worker1', format: 'route-n', span: { line: 34 } },
          { host: 'kube-master', format: 'flannel-log', span: { line: 27 } },
          { host: 'kube-master', format: 'route-n', span: { line: 18 }, absent: true },
        ],
        role: 'root-cause', severity: 'error', fix: ['ip addr del 172.20.3.0/32 dev tunl0', 'kubectl -n kube-flannel delete pod kube-flannel-ds-7xk2p'],
      }],
    },
    {
      name: 'the broken node alone: its flannel log names the peer\'s lease and public IP, which name the peer',
      nodes: { 'kube-master': { 'ifconfig -a': MASTER_IFCONFIG, 'route -n': MASTER_ROUTE_N, 'kubectl logs -n kube-flannel kube-flannel-ds-7xk2p': MASTER_FLANNEL_LOG } },
      findings: [{
        messageId: 'gatewayConflict', host: 'kube-master',
        data: { host: 'kube-master', address: '172.20.3.0', device: 'tunl0', subnet: '172.20.3.0/24', peer: '10.10.0.7' },
        evidence: [
          { host: 'kube-master', format: 'ifconfig', span: { line: 15 } },
          { host: 'kube-master', format: 'flannel-log', span: { line: 26 } },
          { host: 'kube-master', format: 'flannel-log', span: { line: 27 } },
          { host: 'kube-master', format: 'route-n', span: { line: 18 }, absent: true },
        ],
        role: 'root-cause', severity: 'error', fix: ['ip addr del 172.20.3.0/32 dev tunl0', 'kubectl -n kube-flannel delete pod kube-flannel-ds-7xk2p'],
      }],
    },
    {
      name: 'the broken node alone, its log naming only the failure (the seed\'s): the subnet is a peer\'s lease, its node unnamed',
      nodes: { 'kube-master': { 'ifconfig -a': MASTER_IFCONFIG, 'route -n': MASTER_ROUTE_N, 'kubectl logs -n kube-flannel kube-flannel-ds-7xk2p': [0, 1, 3].map((i) => MASTER_FLANNEL_LOG.split('\n')[i]).join('\n') } },
      findings: [{
        messageId: 'gatewayConflict', host: 'kube-master',
        data: { host: 'kube-master', address: '172.20.3.0', device: 'tunl0', subnet: '172.20.3.0/24', peer: '<node with lease 172.20.3.0/24>' },
        evidence: [
          { host: 'kube-master', format: 'ifconfig', span: { line: 15 } },
          { host: 'kube-master', format: 'flannel-log', span: { line: 26 } },
          { host: 'kube-master', format: 'route-n', span: { line: 18 }, absent: true },
        ],
        role: 'root-cause', severity: 'error', fix: ['ip addr del 172.20.3.0/32 dev tunl0', 'kubectl -n kube-flannel delete pod kube-flannel-ds-7xk2p'],
      }],
    },
    {
      name: 'the broken node alone, and kubectl get nodes -o wide names the node of that public IP',
      nodes: { 'kube-master': { 'ifconfig -a': MASTER_IFCONFIG, 'route -n': MASTER_ROUTE_N, 'kubectl logs -n kube-flannel kube-flannel-ds-7xk2p': MASTER_FLANNEL_LOG } },
      cluster: {
        'kubectl get nodes -o wide': `NAME           STATUS   ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION      CONTAINER-RUNTIME
kube-master    Ready    control-plane   90d   v1.28.2   10.10.0.5     <none>        Ubuntu 22.04.3 LTS   5.15.0-88-generic   containerd://1.6.24
kube-worker1   Ready    <none>          90d   v1.28.2   10.10.0.7     <none>        Ubuntu 22.04.3 LTS   5.15.0-88-generic   containerd://1.6.24`,
      },
      findings: [{
        messageId: 'gatewayConflict', host: 'kube-master',
        data: { host: 'kube-master', address: '172.20.3.0', device: 'tunl0', subnet: '172.20.3.0/24', peer: 'kube-worker1' },
        role: 'root-cause', severity: 'error', fix: ['ip addr del 172.20.3.0/32 dev tunl0', 'kubectl -n kube-flannel delete pod kube-flannel-ds-7xk2p'],
      }],
    },
    {
      name: "a secondary address elsewhere in a peer's subnet hijacks that one address",
      nodes: {
        'node-a': {
          'ip -4 addr': A_ADDR.replace('       valid_lft forever preferred_lft forever\n3:', '       valid_lft forever preferred_lft forever\n    inet 10.42.2.77/32 scope global eth0\n       valid_lft forever preferred_lft forever\n3:'),
          'ip route': A_ROUTES,
        },
        'node-c': { 'ip route': C_ROUTES },
      },
      findings: [{
        messageId: 'insideSubnet', host: 'node-a', role: 'root-cause',
        data: { host: 'node-a', address: '10.42.2.77', device: 'eth0', subnet: '10.42.2.0/24', peer: 'node-c' },
        evidence: [{ host: 'node-a', format: 'ip-addr', span: { line: 8 } }, { host: 'node-c', format: 'ip-route', span: { line: 26 } }],
        severity: 'error', fix: ['ip addr del 10.42.2.77/32 dev eth0'],
      }],
    },
  ],
});
