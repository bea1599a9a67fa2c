import { ruleCases } from '../../../../test/support/rule-cases';
import { missingVxlanDevice } from './missing-vxlan-device';

// node-a 10.42.0.0/24 with flannel.1; node-b 10.42.1.0/24, whose flannel.1 is gone (no route to node-a either)
const A_ROUTES = `default via 192.168.50.1 dev eth0 proto static metric 100 
10.42.0.0/24 dev cni0 proto kernel scope link src 10.42.0.1 
10.42.1.0/24 via 10.42.1.0 dev flannel.1 onlink 
192.168.50.0/24 dev eth0 proto kernel scope link src 192.168.50.11 metric 100 `;
const A_LINK = `5: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default 
    link/ether 6e:11:aa:00:00:0a brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535 
    vxlan id 1 local 192.168.50.11 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 `;
const B_ROUTES = `default via 192.168.50.1 dev eth0 proto static metric 100 
10.42.1.0/24 dev cni0 proto kernel scope link src 10.42.1.1 
192.168.50.0/24 dev eth0 proto kernel scope link src 192.168.50.12 metric 100 `;
const B_LINK = A_LINK.replace('6e:11:aa:00:00:0a', '6e:11:aa:00:00:0b').replace('192.168.50.11', '192.168.50.12');
const node_a = { 'ip route': A_ROUTES, 'ip -d link show flannel.1': A_LINK };
const FIX = ['kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=node-b'];
// kubectl -n kube-flannel get configmap kube-flannel-cfg -o json (the net-conf.json part of flannel's manifest)
const netConf = (backend: Record<string, unknown>): string => JSON.stringify({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-flannel-cfg', namespace: 'kube-flannel' },
  data: { 'net-conf.json': JSON.stringify({ Network: '10.42.0.0/16', Backend: backend }, null, 2) },
}, null, 4);
const getCfg = 'kubectl -n kube-flannel get configmap kube-flannel-cfg -o json';
const NO_DEVICE = 'Device "flannel.1" does not exist.';
// node-a on host-gw: node-b's subnet straight over eth0
const A_HOST_GW = A_ROUTES.replace('10.42.1.0/24 via 10.42.1.0 dev flannel.1 onlink', '10.42.1.0/24 via 192.168.50.12 dev eth0');
// node-b's whole device listings without flannel.1 (ip -br link, ip addr, ifconfig -a), and ip -4 addr, which leaves out devices without IPv4
const B_BR_LINK = `lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> 
eth0             UP             52:54:00:00:00:0b <BROADCAST,MULTICAST,UP,LOWER_UP> 
cni0             UP             5a:11:22:33:44:0b <BROADCAST,MULTICAST,UP,LOWER_UP> `;
const B_IFCONFIG = `cni0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1450
        inet 10.42.1.1  netmask 255.255.255.0  broadcast 10.42.1.255
        ether 5a:11:22:33:44:0b  txqueuelen 1000  (Ethernet)

eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500
        inet 192.168.50.12  netmask 255.255.255.0  broadcast 192.168.50.255
        ether 52:54:00:00:00:0b  txqueuelen 1000  (Ethernet)
`;
const A_4096 = A_LINK.replaceAll('flannel.1', 'flannel.4096').replace('vxlan id 1 ', 'vxlan id 4096 ');

ruleCases(missingVxlanDevice, {
  valid: [
    { name: 'every node shows its flannel.1', nodes: { 'node-a': node_a, 'node-b': { 'ip route': B_ROUTES, 'ip -d link show flannel.1': B_LINK } } },
    {
      name: 'the error names another device (cni0)',
      nodes: { 'node-a': node_a, 'node-b': { 'ip route': B_ROUTES, 'bridge fdb show br cni0': 'Cannot find bridge device "cni0"' } },
    },
    {
      name: 'the command failed otherwise (not installed): the section says nothing',
      nodes: { 'node-a': node_a, 'node-b': { 'ip route': B_ROUTES, 'ifconfig flannel.1': '-bash: ifconfig: command not found' } },
    },
    {
      name: 'a later listing shows the device (flannel restarted in between)',
      nodes: { 'node-a': node_a, 'node-b': [['ip neigh show dev flannel.1', 'Cannot find device "flannel.1"'], ['ip -d link show flannel.1', B_LINK]] },
    },
    {
      name: 'nothing says the cluster is a flannel vxlan overlay: one host, the name alone',
      nodes: { 'lb-1': { 'ip route': 'default via 192.168.50.1 dev eth0 proto static metric 100 ', 'ip -d link show flannel.1': NO_DEVICE } },
    },
    {
      name: 'one host with a cni0 bridge (any bridge plugin makes one) and no vxlan peer',
      nodes: { 'node-b': { 'ip route': B_ROUTES, 'ip -d link show flannel.1': NO_DEVICE } },
    },
    {
      name: 'host-gw: the peers route over eth0, no node has flannel.1',
      nodes: { 'node-a': { 'ip route': A_HOST_GW }, 'node-b': { 'ip route': B_ROUTES, 'ip -d link show flannel.1': NO_DEVICE } },
    },
    {
      name: "host-gw in kube-flannel-cfg, even beside a peer's leftover flannel.1",
      nodes: { 'node-a': node_a, 'node-b': { 'ip route': B_ROUTES, 'ip -d link show flannel.1': NO_DEVICE } },
      cluster: { [getCfg]: netConf({ Type: 'host-gw' }) },
    },
    {
      name: 'kube-flannel-cfg says vxlan, but the host is no node of the cluster (no lease, no flannel log: a load balancer)',
      nodes: { 'lb-1': { 'ip route': 'default via 192.168.50.1 dev eth0 proto static metric 100 ', 'ip -d link show flannel.1': NO_DEVICE } },
      cluster: { [getCfg]: netConf({ Type: 'vxlan' }) },
    },
    {
      name: "peers route over flannel.1 to each other's subnets, and the host holds none (no lease, no flannel log: a load balancer)",
      nodes: {
        'node-a': node_a,
        'node-b': { 'ip route': `${B_ROUTES}\n10.42.0.0/24 via 10.42.0.0 dev flannel.1 onlink `, 'ip -d link show flannel.1': B_LINK },
        'lb-1': { 'ip route': 'default via 192.168.50.1 dev eth0 proto static metric 100 ', 'ip -d link show flannel.1': NO_DEVICE },
      },
    },
    {
      name: 'VNI 4096: the peers have flannel.4096, and flannel.1 is rightly absent',
      nodes: { 'node-a': { 'ip -d link show flannel.4096': A_4096 }, 'node-b': { 'ip route': B_ROUTES, 'ip neigh show dev flannel.1': 'Cannot find device "flannel.1"' } },
    },
    {
      name: 'VNI 4096 in kube-flannel-cfg: flannel.1 is not the device to have',
      nodes: { 'node-a': node_a, 'node-b': { 'ip route': B_ROUTES, 'ip neigh show dev flannel.1': 'Cannot find device "flannel.1"' } },
      cluster: { [getCfg]: netConf({ Type: 'vxlan', VNI: 4096 }) },
    },
    {
      name: 'a listing of only some devices lacks flannel.1: ip -4 addr, ifconfig without -a, ip link show type vxlan',
      nodes: {
        'node-a': node_a,
        'node-b': {
          'ip route': B_ROUTES, 'ip -4 -br addr': 'eth0             UP             192.168.50.12/24 \ncni0             UP             10.42.1.1/24 ',
          ifconfig: B_IFCONFIG, 'ip -br link show type bridge': 'cni0             UP             5a:11:22:33:44:0b <BROADCAST,MULTICAST,UP,LOWER_UP> ',
        },
      },
    },
    {
      name: 'a whole listing without flannel.1, but node-b holds no lease the peers route over flannel.1',
      nodes: { 'node-a': { 'ip route': A_ROUTES.replace('10.42.1.0/24 via 10.42.1.0 dev flannel.1 onlink \n', ''), 'ip -d link show flannel.1': A_LINK }, 'node-b': { 'ip route': B_ROUTES, 'ip -br link': B_BR_LINK } },
    },
    {
      name: 'a later output shows flannel.1 on node-b after the whole listing without it',
      nodes: { 'node-a': node_a, 'node-b': [['ip route', B_ROUTES], ['ip -br link', B_BR_LINK], ['ip -d link show flannel.1', B_LINK]] },
    },
  ],
  invalid: [
    {
      name: "node-b's ip -br link lists every device but flannel.1, and node-a routes node-b's lease over flannel.1 (flannel down)",
      nodes: { 'node-a': node_a, 'node-b': { 'ip route': B_ROUTES, 'ip -br link': B_BR_LINK } },
      findings: [{
        messageId: 'absent', host: 'node-b', role: 'root-cause', severity: 'error',
        data: { host: 'node-b', device: 'flannel.1', command: 'ip -br link', peers: 'node-a' },
        evidence: [{ host: 'node-b', format: 'ip-link', span: { line: 15 }, absent: true }, { host: 'node-a', format: 'ip-route', span: { line: 4 } }],
        fix: FIX,
      }],
    },
    {
      name: 'ifconfig -a without flannel.1 after a route over it: the device went',
      nodes: { 'node-a': node_a, 'node-b': [['ip route', `${B_ROUTES}\n10.42.0.0/24 via 10.42.0.0 dev flannel.1 onlink `], ['ifconfig -a', B_IFCONFIG]] },
      findings: [{
        messageId: 'absentGone', host: 'node-b', role: 'root-cause', severity: 'error',
        data: { host: 'node-b', device: 'flannel.1', command: 'ifconfig -a', earlier: 'ip route', peers: 'node-a' },
        evidence: [{ host: 'node-b', format: 'ifconfig', span: { line: 16 }, absent: true }, { host: 'node-b', format: 'ip-route', span: { line: 14 } }, { host: 'node-a', format: 'ip-route', span: { line: 4 } }],
        fix: FIX,
      }],
    },
    {
      name: "ip neigh show dev flannel.1 on node-b: Cannot find device (node-a routes node-b's subnet over flannel.1)",
      nodes: { 'node-a': node_a, 'node-b': { 'ip route': B_ROUTES, 'ip neigh show dev flannel.1': 'Cannot find device "flannel.1"' } },
      findings: [{
        messageId: 'missing', host: 'node-b', role: 'root-cause', severity: 'error',
        data: { host: 'node-b', device: 'flannel.1', command: 'ip neigh show dev flannel.1', message: 'Cannot find device "flannel.1"', peers: 'node-a' },
        evidence: [{ host: 'node-b', format: 'ip-neigh', span: { line: 15 } }, { host: 'node-b', format: 'ip-route', span: { line: 12 } }, { host: 'node-a', format: 'ip-link', span: { line: 7 } }],
        fix: FIX,
      }],
    },
    {
      name: "ip -d link show flannel.1 on node-b: Device does not exist (node-a's routes over flannel.1 alone say it is vxlan)",
      nodes: { 'node-a': { 'ip route': A_ROUTES }, 'node-b': { 'ip -d link show flannel.1': 'Device "flannel.1" does not exist.' } },
      findings: [{
        messageId: 'missing', host: 'node-b', role: 'root-cause', severity: 'error',
        data: { host: 'node-b', device: 'flannel.1', command: 'ip -d link show flannel.1', message: 'Device "flannel.1" does not exist.', peers: 'node-a' },
        evidence: [{ host: 'node-b', format: 'ip-link', span: { line: 7 } }, { host: 'node-a', format: 'ip-route', span: { line: 4 } }],
        fix: FIX,
      }],
    },
    {
      name: 'node-b listed routes over flannel.1, then the device was gone: gone, citing the earlier route',
      nodes: { 'node-a': node_a, 'node-b': { 'ip route': `${B_ROUTES}\n10.42.0.0/24 via 10.42.0.0 dev flannel.1 onlink `, 'ip neigh show dev flannel.1': 'Cannot find device "flannel.1"' } },
      findings: [{
        messageId: 'gone', host: 'node-b', role: 'root-cause', severity: 'error',
        data: { host: 'node-b', device: 'flannel.1', command: 'ip neigh show dev flannel.1', message: 'Cannot find device "flannel.1"', earlier: 'ip route', peers: 'node-a' },
        evidence: [{ host: 'node-b', format: 'ip-neigh', span: { line: 16 } }, { host: 'node-b', format: 'ip-route', span: { line: 14 } }, { host: 'node-b', format: 'ip-route', span: { line: 12 } }, { host: 'node-a', format: 'ip-link', span: { line: 7 } }],
        fix: FIX,
      }],
    },
    {
      name: 'no peer in the paste, but kube-flannel-cfg says vxlan: the device is missing',
      nodes: { 'node-b': { 'ip route': B_ROUTES, 'ip -d link show flannel.1': NO_DEVICE } },
      cluster: { [getCfg]: netConf({ Type: 'vxlan' }) },
      findings: [{
        messageId: 'missing', host: 'node-b', role: 'root-cause', severity: 'error',
        data: { host: 'node-b', device: 'flannel.1', command: 'ip -d link show flannel.1', message: NO_DEVICE, peers: 'the other nodes (ConfigMap kube-flannel-cfg)' },
        fix: FIX,
      }],
    },
    {
      name: "a single node whose own flannel log started vxlan VNI 1, and no flannel.1",
      nodes: { 'node-b': [['journalctl -u flanneld --no-pager', 'Mar 05 14:02:11 node-b flanneld[812]: I0305 14:02:11.480812     812 vxlan.go:141] VXLAN config: VNI=1 Port=0 GBP=false Learning=false DirectRouting=false'], ['ip -d link show flannel.1', NO_DEVICE]] },
      findings: [{
        messageId: 'missing', host: 'node-b', role: 'root-cause', severity: 'error',
        data: { host: 'node-b', device: 'flannel.1', command: 'ip -d link show flannel.1', message: NO_DEVICE, peers: 'the other nodes (its flannel log)' },
        evidence: [{ host: 'node-b', format: 'ip-link', span: { line: 4 } }, { host: 'node-b', format: 'flannel-log', span: { line: 2 } }],
        fix: FIX,
      }],
    },
    {
      name: 'ifconfig flannel.1 on node-b: error fetching interface information',
      nodes: { 'node-a': node_a, 'node-b': { 'ip route': B_ROUTES, 'ifconfig flannel.1': 'flannel.1: error fetching interface information: Device not found' } },
      findings: [{
        messageId: 'missing', host: 'node-b', role: 'root-cause', severity: 'error',
        data: { host: 'node-b', device: 'flannel.1', command: 'ifconfig flannel.1', message: 'flannel.1: error fetching interface information: Device not found', peers: 'node-a' },
        fix: FIX,
      }],
    },
  ],
});
