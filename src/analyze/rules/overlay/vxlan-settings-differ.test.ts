import { ruleCases } from '../../../../test/support/rule-cases';
import { vxlanSettingsDiffer } from './vxlan-settings-differ';

// `ip -d link show` of a node's flannel device (iproute2 6.1 layout, as the lab's captures)
const device = (vni: number, port: number, mac: string, local: string): string => `5: flannel.${vni}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default 
    link/ether ${mac} brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535 
    vxlan id ${vni} local ${local} dev eth0 srcport 0 0 dstport ${port} nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 `;
const brief = (vni: number, mac: string): string => `5: flannel.${vni}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default 
    link/ether ${mac} brd ff:ff:ff:ff:ff:ff`;
const a = device(1, 8472, '6e:00:00:00:00:0a', '192.168.50.11');
const b = device(1, 8472, '6e:00:00:00:00:0b', '192.168.50.12');
// flanneld as a systemd unit, its log read with journalctl
const log = (vni: number, port: number): string => `Mar 05 14:02:11 c flanneld[812]: I0305 14:02:11.480812     812 vxlan.go:141] VXLAN config: VNI=${vni} Port=${port} GBP=false Learning=false DirectRouting=false`;

ruleCases(vxlanSettingsDiffer, {
  valid: [
    { name: 'every node VNI 1 on port 8472', nodes: { a: { 'ip -d link show flannel.1': a }, b: { 'ip -d link show flannel.1': b }, c: { 'ip -d link show flannel.1': device(1, 8472, '6e:00:00:00:00:0c', '192.168.50.13') } } },
    { name: 'a node without -d shows no port: only its VNI is compared', nodes: { a: { 'ip -d link show flannel.1': a }, b: { 'ip link show flannel.1': brief(1, '6e:00:00:00:00:0b') } } },
    { name: "flannel's Port=0 in a log is the kernel's 8472", nodes: { a: { 'ip -d link show flannel.1': a }, b: { 'journalctl -u flanneld --no-pager': log(1, 0) } } },
    { name: 'VNI 4096 and port 4789 on every node (a cluster with Windows nodes)', nodes: { a: { 'ip -d link': device(4096, 4789, '6e:00:00:00:00:0a', '192.168.50.11') }, b: { 'ip -d link': device(4096, 4789, '6e:00:00:00:00:0b', '192.168.50.12') } } },
    { name: 'one node alone has nothing to differ from', nodes: { a: { 'ip -d link': device(7, 4789, '6e:00:00:00:00:0a', '192.168.50.11') } } },
  ],
  invalid: [
    {
      name: "c's flannel.1 sends to port 4789 where a and b listen on 8472",
      nodes: { a: { 'ip -d link show flannel.1': a }, b: { 'ip -d link show flannel.1': b }, c: { 'ip -d link show flannel.1': device(1, 4789, '6e:00:00:00:00:0c', '192.168.50.13') } },
      findings: [{
        messageId: 'port', host: 'c', role: 'root-cause', severity: 'error',
        data: { device: 'flannel.1', port: 4789, common: 8472, others: 'a, b' },
        evidence: [{ host: 'c', format: 'ip-link', span: { line: 10 } }, { host: 'a', format: 'ip-link', span: { line: 2 } }, { host: 'b', format: 'ip-link', span: { line: 6 } }],
      }],
    },
    {
      name: "c's device is flannel.4096 on port 4789 (Windows settings) among VNI 1 / 8472 nodes",
      nodes: { a: { 'ip -d link': a }, b: { 'ip -d link': b }, c: { 'ip -d link': device(4096, 4789, '6e:00:00:00:00:0c', '192.168.50.13') } },
      findings: [
        { messageId: 'vni', host: 'c', data: { device: 'flannel.4096', vni: 4096, common: 1, others: 'a, b' } },
        { messageId: 'port', host: 'c', data: { device: 'flannel.4096', port: 4789, common: 8472 } },
      ],
    },
    {
      name: "c's flannel log says VNI 2 where a and b run VNI 1",
      nodes: { a: { 'ip -d link': a }, b: { 'ip -d link': b }, c: { 'journalctl -u flanneld --no-pager': log(2, 0) } },
      findings: [{
        messageId: 'vni', host: 'c', data: { device: 'flannel.2', vni: 2, common: 1 },
        evidence: [{ host: 'c', format: 'flannel-log', span: { line: 10 } }, { host: 'a', format: 'ip-link', span: { line: 2 } }, { host: 'b', format: 'ip-link', span: { line: 6 } }],
      }],
    },
    {
      name: 'two nodes, two ports: no majority, both named',
      nodes: { a: { 'ip -d link': a }, b: { 'ip -d link': device(1, 4789, '6e:00:00:00:00:0b', '192.168.50.12') } },
      findings: [{ messageId: 'split', host: null, data: { setting: 'UDP port', groups: 'port 4789 on b; port 8472 on a' } }],
    },
  ],
});
