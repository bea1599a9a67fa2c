import { ruleCases } from '../../../../test/support/rule-cases';
import { duplicatePublicIp } from './duplicate-public-ip';

// three Vagrant boxes whose flannel picked the NAT interface (10.0.2.15 on every one) over eth1 (172.28.128.0/24)
const link = (mac: string, local: string): string => `6: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default 
    link/ether ${mac} brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535 
    vxlan id 1 local ${local} dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 `;

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
      }],
    },
    {
      name: "box-3's FDB sends the VTEPs of box-1 and box-2 to one address",
      nodes: {
        'box-1': { 'ip -d link show flannel.1': link('4a:00:00:00:00:01', '172.28.128.11') },
        'box-2': { 'ip -d link show flannel.1': link('4a:00:00:00:00:02', '172.28.128.12') },
        'box-3': { 'bridge fdb show dev flannel.1': '4a:00:00:00:00:01 dst 172.28.128.11 self permanent\n4a:00:00:00:00:02 dst 172.28.128.11 self permanent' },
      },
      findings: [{ messageId: 'fdb', host: 'box-3', data: { address: '172.28.128.11', nodes: 'box-1, box-2' } }],
    },
  ],
});
