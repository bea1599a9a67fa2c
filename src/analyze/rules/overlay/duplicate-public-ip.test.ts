import { ruleCases } from '../../../../test/support/rule-cases';
import { duplicatePublicIp } from './duplicate-public-ip';

// three Vagrant boxes whose flannel picked the NAT interface (10.0.2.15 on every one) over eth1 (172.28.128.0/24)
const link = (mac: string, local: string): string => `6: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default 
    link/ether ${mac} brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535 
    vxlan id 1 local ${local} dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 `;

// `ip -4 addr` of a Vagrant box: eth0 the NAT interface every box shares, eth1 the private network
const addrs = (own: string, extra = ''): string => `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000
    inet 10.0.2.15/24 brd 10.0.2.255 scope global dynamic eth0
       valid_lft 86083sec preferred_lft 86083sec
3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000
    inet ${own}/24 brd 172.28.128.255 scope global eth1
       valid_lft forever preferred_lft forever
${extra}6: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default
    inet 10.244.0.0/32 scope global flannel.1
       valid_lft forever preferred_lft forever`;
const docker = `4: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN group default
    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0
       valid_lft forever preferred_lft forever
5: eth2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000
    inet 192.168.121.7/24 brd 192.168.121.255 scope global eth2
       valid_lft forever preferred_lft forever
`;

// the fix for one node: annotate it with its own address (or ADDRESS after a note), then restart its flannel
const fixOf = (node: string, address: string, note?: string): string[] => [
  ...(note ? [`# ${node}: the input does not settle its own address (${note})`] : []),
  `kubectl annotate node ${node} flannel.alpha.coreos.com/public-ip-overwrite=${address} --overwrite`,
  `kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=${node}`,
];
const UNKNOWN = 'its address on the node network: ip -4 -o addr show scope global';

ruleCases(duplicatePublicIp, {
  valid: [
    {
      name: 'each node with its own public IP',
      nodes: {
        'box-1': { 'ip -d link show flannel.1': link('4a:00:00:00:00:01', '172.28.128.11'), 'bridge fdb show dev flannel.1': '4a:00:00:00:00:02 dst 172.28.128.12 self permanent' },
        'box-2': { 'ip -d link show flannel.1': link('4a:00:00:00:00:02', '172.28.128.12') },
      },
    },
  ],
  invalid: [
    {
      name: "every box's flannel.1 sends from the NAT address 10.0.2.15",
      nodes: {
        'box-1': { 'ip -d link show flannel.1': link('4a:00:00:00:00:01', '10.0.2.15') },
        'box-2': { 'ip -d link show flannel.1': link('4a:00:00:00:00:02', '10.0.2.15') },
      },
      findings: [{
        messageId: 'claimed', host: null, role: 'root-cause', severity: 'error',
        data: { address: '10.0.2.15', nodes: 'box-1, box-2' },
        evidence: [{ host: 'box-1', format: 'ip-link', span: { line: 2 } }, { host: 'box-2', format: 'ip-link', span: { line: 6 } }],
        fix: [...fixOf('box-1', 'ADDRESS', UNKNOWN), ...fixOf('box-2', 'ADDRESS', UNKNOWN)],
      }],
    },
    {
      name: 'the fix names the address each box has on eth1, skipping the NAT, loopback, docker and flannel addresses',
      nodes: {
        'box-1': { 'ip -d link show flannel.1': link('4a:00:00:00:00:01', '10.0.2.15'), 'ip -4 addr': addrs('172.28.128.11') },
        'box-2': { 'ip -d link show flannel.1': link('4a:00:00:00:00:02', '10.0.2.15'), 'ip -4 addr': addrs('172.28.128.12') },
      },
      findings: [{
        messageId: 'claimed', host: null, data: { address: '10.0.2.15', nodes: 'box-1, box-2' },
        fix: [...fixOf('box-1', '172.28.128.11'), ...fixOf('box-2', '172.28.128.12')],
        role: 'root-cause', severity: 'error',
      }],
    },
    {
      name: 'with a third interface on box-1, the address on the network box-2 shares wins; box-2 has only one',
      nodes: {
        'box-1': { 'ip -d link show flannel.1': link('4a:00:00:00:00:01', '10.0.2.15'), 'ip -4 addr': addrs('172.28.128.11', docker) },
        'box-2': { 'ip -d link show flannel.1': link('4a:00:00:00:00:02', '10.0.2.15'), 'ip -4 addr': addrs('172.28.128.12') },
      },
      findings: [{
        messageId: 'claimed', host: null, data: { address: '10.0.2.15', nodes: 'box-1, box-2' },
        fix: [...fixOf('box-1', '172.28.128.11'), ...fixOf('box-2', '172.28.128.12')],
        role: 'root-cause', severity: 'error',
      }],
    },
    {
      name: 'two networks both boxes share: the candidates are listed, not guessed',
      nodes: {
        'box-1': { 'ip -d link show flannel.1': link('4a:00:00:00:00:01', '10.0.2.15'), 'ip -4 addr': addrs('172.28.128.11', docker) },
        'box-2': { 'ip -d link show flannel.1': link('4a:00:00:00:00:02', '10.0.2.15'), 'ip -4 addr': addrs('172.28.128.12', docker).replace('192.168.121.7/24', '192.168.121.8/24') },
      },
      findings: [{
        messageId: 'claimed', host: null, data: { address: '10.0.2.15', nodes: 'box-1, box-2' },
        fix: [...fixOf('box-1', 'ADDRESS', 'one of 172.28.128.11, 192.168.121.7'), ...fixOf('box-2', 'ADDRESS', 'one of 172.28.128.12, 192.168.121.8')],
        role: 'root-cause', severity: 'error',
      }],
    },
    {
      name: "a node object's InternalIP is the node's own address",
      nodes: {
        'box-1': { 'ip -d link show flannel.1': link('4a:00:00:00:00:01', '10.0.2.15') },
        'box-2': { 'ip -d link show flannel.1': link('4a:00:00:00:00:02', '10.0.2.15') },
      },
      cluster: {
        'kubectl get nodes -o wide': `NAME    STATUS   ROLES           AGE   VERSION   INTERNAL-IP     EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION     CONTAINER-RUNTIME
box-1   Ready    control-plane   9d    v1.28.2   172.28.128.11   <none>        Ubuntu 22.04.3 LTS   5.15.0-88-generic  containerd://1.6.24
box-2   Ready    <none>          9d    v1.28.2   172.28.128.12   <none>        Ubuntu 22.04.3 LTS   5.15.0-88-generic  containerd://1.6.24`,
      },
      findings: [{
        messageId: 'claimed', host: null, data: { address: '10.0.2.15', nodes: 'box-1, box-2' },
        fix: [...fixOf('box-1', '172.28.128.11'), ...fixOf('box-2', '172.28.128.12')],
        role: 'root-cause', severity: 'error',
      }],
    },
    {
      name: "box-3's FDB sends the VTEPs of box-1 and box-2 to one address",
      nodes: {
        'box-1': { 'ip -d link show flannel.1': link('4a:00:00:00:00:01', '172.28.128.11') },
        'box-2': { 'ip -d link show flannel.1': link('4a:00:00:00:00:02', '172.28.128.12') },
        'box-3': { 'bridge fdb show dev flannel.1': '4a:00:00:00:00:01 dst 172.28.128.11 self permanent\n4a:00:00:00:00:02 dst 172.28.128.11 self permanent' },
      },
      findings: [{ messageId: 'fdb', host: 'box-3', data: { host: 'box-3', address: '172.28.128.11', nodes: 'box-1, box-2', macs: '4a:00:00:00:00:01, 4a:00:00:00:00:02' }, role: 'root-cause', severity: 'error', fix: ['kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=box-3'] }],
    },
  ],
});
