import { ruleCases } from '../../../../test/support/rule-cases';
import { mtuMismatch } from './mismatch';

// a 9000-byte jumbo underlay (ens5), flannel.1 8950; one node's devices set by hand
const links = (underlay: number, flannel: number, bridge: number, veth: number): string => `2: ens5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu ${underlay} qdisc mq state UP mode DEFAULT group default qlen 1000
    link/ether 0e:5a:00:00:00:01 brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 9216 addrgenmode none numtxqueues 2 numrxqueues 2 gso_max_size 65536 gso_max_segs 65535 
3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu ${flannel} qdisc noqueue state UNKNOWN mode DEFAULT group default 
    link/ether 66:aa:00:00:00:01 brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535 
    vxlan id 1 local 10.20.0.5 dev ens5 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 
4: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu ${bridge} qdisc noqueue state UP mode DEFAULT group default qlen 1000
    link/ether 3a:11:00:00:00:01 brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535 
    bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time 30000 stp_state 0 priority 32768 vlan_filtering 0 addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 
5: veth0c1d2e3f@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu ${veth} qdisc noqueue master cni0 state UP mode DEFAULT group default 
    link/ether 92:4e:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netnsid 0 promiscuity 1 minmtu 68 maxmtu 65535 
    veth 
    bridge_slave state forwarding priority 32 cost 2 hairpin on guard off root_block off fastleave off learning on flood on addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 `;

ruleCases(mtuMismatch, {
  valid: [
    { name: 'jumbo underlay, flannel.1 50 below, pods at flannel.1', nodes: { a: { 'ip -d link': links(9000, 8950, 8950, 8950) }, b: { 'ip -d link': links(9000, 8950, 8950, 8950) } } },
    { name: 'pods below flannel.1 lose nothing', nodes: { a: { 'ip -d link': links(9000, 8950, 1500, 1500) } } },
  ],
  invalid: [
    {
      name: 'flannel.1 as large as the underlay',
      nodes: { a: { 'ip -d link': links(1500, 1500, 1450, 1450) } },
      findings: [{
        messageId: 'vxlanTooLarge', host: 'a', role: 'root-cause', severity: 'error',
        data: { host: 'a', mtu: 1500, underlay: 'ens5', underlayMtu: 1500, needed: 1550, limit: 1450 },
        evidence: [{ host: 'a', format: 'ip-link', span: { line: 4 } }, { host: 'a', format: 'ip-link', span: { line: 2 } }],
        fix: ['ip link set flannel.1 mtu 1450', 'kubectl delete pods --all-namespaces --field-selector spec.nodeName=a'],
      }],
    },
    {
      name: 'cni0 and the veths at the jumbo MTU',
      nodes: { a: { 'ip -d link': links(9000, 8950, 9000, 9000) } },
      findings: [{ messageId: 'bridgeTooLarge', host: 'a', severity: 'error', data: { host: 'a', devices: 'cni0, veth0c1d2e3f', mtu: '9000', limit: 8950 }, role: 'root-cause', fix: ['ip link set cni0 mtu 8950', 'ip link set veth0c1d2e3f mtu 8950', 'kubectl delete pods --all-namespaces --field-selector spec.nodeName=a'] }],
    },
    {
      name: 'one node left at 1450 among jumbo ones',
      nodes: { a: { 'ip -d link': links(9000, 8950, 8950, 8950) }, b: { 'ip -d link': links(9000, 1450, 1450, 1450) }, c: { 'ip -d link': links(9000, 8950, 8950, 8950) } },
      findings: [{ messageId: 'acrossNodes', host: 'b', severity: 'warning', data: { host: 'b', mtu: 1450, others: '8950' }, role: 'root-cause', fix: ['ip link set flannel.1 mtu 1450'] }],
    },
  ],
});
