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
      name: 'another output of the node shows routes on the device: the outputs disagree in time',
      nodes: { 'node-a': node_a, 'node-b': { 'ip route': `${B_ROUTES}\n10.42.0.0/24 via 10.42.0.0 dev flannel.1 onlink `, 'ip neigh show dev flannel.1': 'Cannot find device "flannel.1"' } },
    },
    {
      name: 'nothing says the cluster is a flannel vxlan overlay: one host, the name alone',
      nodes: { 'lb-1': { 'ip route': 'default via 192.168.50.1 dev eth0 proto static metric 100 ', 'ip -d link show flannel.1': 'Device "flannel.1" does not exist.' } },
    },
  ],
  invalid: [
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
      name: "ip -d link show flannel.1 on node-b: Device does not exist (node-b's lease known from node-a's route alone)",
      nodes: { 'node-a': { 'ip route': A_ROUTES }, 'node-b': { 'ip -d link show flannel.1': 'Device "flannel.1" does not exist.' } },
      findings: [{
        messageId: 'missing', host: 'node-b', role: 'root-cause', severity: 'error',
        data: { host: 'node-b', device: 'flannel.1', command: 'ip -d link show flannel.1', message: 'Device "flannel.1" does not exist.', peers: 'the other nodes' },
        evidence: [{ host: 'node-b', format: 'ip-link', span: { line: 7 } }, { host: 'node-a', format: 'ip-route', span: { line: 4 } }],
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
