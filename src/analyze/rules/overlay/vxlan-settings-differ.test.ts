import { describe, expect, it } from 'vitest';
import { ruleCases, transcriptOf } from '../../../../test/support/rule-cases';
import { ingest } from '../../../ingest';
import { buildModel } from '../../../model';
import { trace } from '../../trace';
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

// kubectl -n kube-flannel get configmap kube-flannel-cfg -o json (the net-conf.json part of flannel's manifest)
const netConf = (backend: Record<string, unknown>): string => JSON.stringify({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-flannel-cfg', namespace: 'kube-flannel' },
  data: { 'net-conf.json': JSON.stringify({ Network: '10.42.0.0/16', Backend: backend }, null, 2) },
}, null, 4);
const getCfg = 'kubectl -n kube-flannel get configmap kube-flannel-cfg -o json';

ruleCases(vxlanSettingsDiffer, {
  valid: [
    { name: 'every node VNI 1 on port 8472', nodes: { a: { 'ip -d link show flannel.1': a }, b: { 'ip -d link show flannel.1': b }, c: { 'ip -d link show flannel.1': device(1, 8472, '6e:00:00:00:00:0c', '192.168.50.13') } } },
    { name: 'a node without -d shows no port: only its VNI is compared', nodes: { a: { 'ip -d link show flannel.1': a }, b: { 'ip link show flannel.1': brief(1, '6e:00:00:00:00:0b') } } },
    { name: "flannel's Port=0 in a log is the kernel's 8472", nodes: { a: { 'ip -d link show flannel.1': a }, b: { 'journalctl -u flanneld --no-pager': log(1, 0) } } },
    { name: 'VNI 4096 and port 4789 on every node (a cluster with Windows nodes)', nodes: { a: { 'ip -d link': device(4096, 4789, '6e:00:00:00:00:0a', '192.168.50.11') }, b: { 'ip -d link': device(4096, 4789, '6e:00:00:00:00:0b', '192.168.50.12') } } },
    { name: "every node follows the ConfigMap's VNI 4096 / port 4789", nodes: { a: { 'ip -d link': device(4096, 4789, '6e:00:00:00:00:0a', '192.168.50.11') } }, cluster: { [getCfg]: netConf({ Type: 'vxlan', VNI: 4096, Port: 4789 }) } },
    { name: 'a ConfigMap without VNI and Port means 1 and 8472', nodes: { a: { 'ip -d link': a }, b: { 'ip -d link': b } }, cluster: { [getCfg]: netConf({ Type: 'vxlan' }) } },
    { name: 'a host-gw ConfigMap says nothing of vxlan settings', nodes: { a: { 'ip -d link': a } }, cluster: { [getCfg]: netConf({ Type: 'host-gw' }) } },
    { name: 'one node alone has nothing to differ from', nodes: { a: { 'ip -d link': device(7, 4789, '6e:00:00:00:00:0a', '192.168.50.11') } } },
  ],
  invalid: [
    {
      name: "c's flannel.1 sends to port 4789 where a and b listen on 8472",
      nodes: { a: { 'ip -d link show flannel.1': a }, b: { 'ip -d link show flannel.1': b }, c: { 'ip -d link show flannel.1': device(1, 4789, '6e:00:00:00:00:0c', '192.168.50.13') } },
      findings: [{
        messageId: 'port', host: 'c', role: 'root-cause', severity: 'error',
        data: { host: 'c', device: 'flannel.1', port: 4789, common: 8472, others: 'a, b' },
        evidence: [{ host: 'c', format: 'ip-link', span: { line: 10 } }, { host: 'a', format: 'ip-link', span: { line: 2 } }, { host: 'b', format: 'ip-link', span: { line: 6 } }],
        fix: ['kubectl -n kube-flannel get configmap kube-flannel-cfg -o jsonpath=\'{.data.net-conf\\.json}\'', 'ip link delete flannel.1', 'kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=c'],
      }],
    },
    {
      name: "c's device is flannel.4096 on port 4789 (Windows settings) among VNI 1 / 8472 nodes",
      nodes: { a: { 'ip -d link': a }, b: { 'ip -d link': b }, c: { 'ip -d link': device(4096, 4789, '6e:00:00:00:00:0c', '192.168.50.13') } },
      findings: [
        { messageId: 'vni', host: 'c', data: { host: 'c', device: 'flannel.4096', vni: 4096, common: 1, others: 'a, b' }, role: 'root-cause', severity: 'error', fix: ['kubectl -n kube-flannel get configmap kube-flannel-cfg -o jsonpath=\'{.data.net-conf\\.json}\'', 'ip link delete flannel.4096', 'kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=c'] },
        { messageId: 'port', host: 'c', data: { host: 'c', device: 'flannel.4096', port: 4789, common: 8472, others: 'a, b' }, role: 'root-cause', severity: 'error', fix: ['kubectl -n kube-flannel get configmap kube-flannel-cfg -o jsonpath=\'{.data.net-conf\\.json}\'', 'ip link delete flannel.4096', 'kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=c'] },
      ],
    },
    {
      name: "c's flannel log says VNI 2 where a and b run VNI 1",
      nodes: { a: { 'ip -d link': a }, b: { 'ip -d link': b }, c: { 'journalctl -u flanneld --no-pager': log(2, 0) } },
      findings: [{
        messageId: 'vni', host: 'c', data: { host: 'c', device: 'flannel.2', vni: 2, common: 1, others: 'a, b' },
        evidence: [{ host: 'c', format: 'flannel-log', span: { line: 10 } }, { host: 'a', format: 'ip-link', span: { line: 2 } }, { host: 'b', format: 'ip-link', span: { line: 6 } }],
        role: 'root-cause', severity: 'error', fix: ['kubectl -n kube-flannel get configmap kube-flannel-cfg -o jsonpath=\'{.data.net-conf\\.json}\'', 'ip link delete flannel.2', 'kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=c'],
      }],
    },
    {
      name: 'two nodes, two ports, and the ConfigMap says which one is right',
      nodes: { a: { 'ip -d link': a }, b: { 'ip -d link': device(1, 4789, '6e:00:00:00:00:0b', '192.168.50.12') } },
      cluster: { [getCfg]: netConf({ Type: 'vxlan', Port: 4789 }) },
      findings: [{
        messageId: 'config', host: 'a', data: { host: 'a', device: 'flannel.1', setting: 'UDP port', value: 8472, expected: 4789, config: 'ConfigMap kube-flannel-cfg' },
        evidence: [{ host: 'a', format: 'ip-link', span: { line: 2 } }, { host: null, format: 'kubectl-get', span: { line: 10 } }],
        role: 'root-cause', severity: 'error', fix: ['ip link delete flannel.1', 'kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=a'],
      }],
    },
    {
      name: 'every node still runs VNI 1 after the ConfigMap changed to 4096: a warning, nothing cut off yet',
      nodes: { a: { 'ip -d link': a }, b: { 'ip -d link': b } },
      cluster: { [getCfg]: netConf({ Type: 'vxlan', VNI: 4096 }) },
      findings: [{ messageId: 'pending', host: null, severity: 'warning', data: { setting: 'VNI', value: 1, expected: 4096, config: 'ConfigMap kube-flannel-cfg' }, role: 'root-cause', fix: ['kubectl -n kube-flannel edit configmap kube-flannel-cfg   # set Backend.VNI back to 1, or restart flannel on every node at once'] }],
    },
    {
      name: "flannel's config in etcd (etcd subnet manager) sets VNI 2: node b still runs VNI 1",
      nodes: { a: { 'ip -d link': device(2, 8472, '6e:00:00:00:00:0a', '192.168.50.11') }, b: { 'ip -d link': b } },
      cluster: { 'etcdctl get /coreos.com/network/config': '/coreos.com/network/config\n{"Network":"10.42.0.0/16","Backend":{"Type":"vxlan","VNI":2}}' },
      findings: [{ messageId: 'config', host: 'b', data: { host: 'b', device: 'flannel.1', setting: 'VNI', value: 1, expected: 2, config: 'etcd key /coreos.com/network/config' }, role: 'root-cause', severity: 'error', fix: ['ip link delete flannel.1', 'kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=b'] }],
    },
    {
      name: 'two nodes, two ports: no majority, both named',
      nodes: { a: { 'ip -d link': a }, b: { 'ip -d link': device(1, 4789, '6e:00:00:00:00:0b', '192.168.50.12') } },
      findings: [{ messageId: 'split', host: null, data: { setting: 'UDP port', groups: 'port 4789 on b; port 8472 on a' }, role: 'root-cause', severity: 'error', fix: ['kubectl -n kube-flannel get configmap kube-flannel-cfg -o jsonpath=\'{.data.net-conf\\.json}\'', 'ip link delete flannel.1   # on a, if it differs from net-conf.json', 'kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=a', 'ip link delete flannel.1   # on b, if it differs from net-conf.json', 'kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=b'] }],
    },
  ],
});

// The tracer: node-a's frame for a pod on node-c goes to a port (or VNI) node-c's device does not take.
describe('trace into a node whose vxlan device differs', () => {
  const routes = (own: number): string => [0, 1, 2].map((n) => (n === own
    ? `10.42.${n}.0/24 dev cni0 proto kernel scope link src 10.42.${n}.1 `
    : `10.42.${n}.0/24 via 10.42.${n}.0 dev flannel.1 onlink `)).join('\n');
  const cni0 = (n: number): string => `7: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000
    link/ether 3a:11:00:00:00:0${n} brd ff:ff:ff:ff:ff:ff
    inet 10.42.${n}.1/24 brd 10.42.${n}.255 scope global cni0
       valid_lft forever preferred_lft forever`;
  const cluster = (c: string) => transcriptOf({
    name: 'trace',
    nodes: {
      a: {
        'ip -d link show flannel.1': a, 'ip route': routes(0),
        'ip neigh show dev flannel.1': '10.42.2.0 lladdr 6e:00:00:00:00:0c PERMANENT',
        'bridge fdb show dev flannel.1': '6e:00:00:00:00:0c dst 192.168.50.13 self permanent',
      },
      c: { 'ip -d link': c, 'ip route': routes(2), 'ip addr show cni0': cni0(2) },
    },
  });
  it('ends unreachable at node c when its port differs, citing both devices', () => {
    const text = cluster(device(1, 4789, '6e:00:00:00:00:0c', '192.168.50.13'));
    const result = trace(buildModel(ingest(text)), { from: 'a', to: '10.42.2.5' });
    expect(result.branches.map((b) => [b.disposition, b.at])).toEqual([['unreachable', 'c']]);
    const last = result.branches[0]?.hops.at(-1);
    expect(last).toMatchObject({ host: 'c', step: 'decap', inferred: false, detail: "the frame goes to UDP port 8472, c's flannel.1 listens on 4789: dropped on arrival" });
    expect(last?.evidence.map((e) => [e.host, e.format])).toEqual([['a', 'ip-link'], ['c', 'ip-link']]);
  });
  it('ends unreachable at node c when it runs another VNI', () => {
    const result = trace(buildModel(ingest(cluster(device(4096, 8472, '6e:00:00:00:00:0c', '192.168.50.13')))), { from: 'a', to: '10.42.2.5' });
    expect(result.branches.map((b) => [b.disposition, b.at, b.hops.at(-1)?.detail])).toEqual([
      ['unreachable', 'c', "c's flannel.4096 has VNI 4096, the frame VNI 1: dropped on arrival"],
    ]);
  });
  it('is delivered when the devices agree', () => {
    const result = trace(buildModel(ingest(cluster(device(1, 8472, '6e:00:00:00:00:0c', '192.168.50.13')))), { from: 'a', to: '10.42.2.5' });
    expect(result.branches.map((b) => [b.disposition, b.at])).toEqual([['delivered', 'c']]);
  });
});
