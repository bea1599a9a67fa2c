import { describe, expect, it } from 'vitest';
import { ruleCases, transcriptOf } from '../../../../test/support/rule-cases';
import { ingest } from '../../../ingest';
import { buildModel } from '../../../model';
import { trace } from '../../trace';
import { ipForwardDisabled } from './ip-forward-disabled';

// synthetic: node-a 10.88.0.0/24 and node-b 10.88.1.0/24 over the underlay 172.30.0.0/24
export const A_ADDR = `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000
    link/ether 52:54:00:0a:0b:01 brd ff:ff:ff:ff:ff:ff
    inet 172.30.0.11/24 brd 172.30.0.255 scope global eth0
       valid_lft forever preferred_lft forever
3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default
    link/ether 1e:2f:3a:4b:5c:01 brd ff:ff:ff:ff:ff:ff
    inet 10.88.0.0/32 scope global flannel.1
       valid_lft forever preferred_lft forever
4: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000
    link/ether 2a:3b:4c:5d:6e:01 brd ff:ff:ff:ff:ff:ff
    inet 10.88.0.1/24 brd 10.88.0.255 scope global cni0
       valid_lft forever preferred_lft forever`;
export const A_ROUTES = `default via 172.30.0.1 dev eth0 proto static
10.88.0.0/24 dev cni0 proto kernel scope link src 10.88.0.1
10.88.1.0/24 via 10.88.1.0 dev flannel.1 onlink
172.30.0.0/24 dev eth0 proto kernel scope link src 172.30.0.11`;
export const B_ROUTES = `default via 172.30.0.1 dev eth0 proto static
10.88.0.0/24 via 10.88.0.0 dev flannel.1 onlink
10.88.1.0/24 dev cni0 proto kernel scope link src 10.88.1.1
172.30.0.0/24 dev eth0 proto kernel scope link src 172.30.0.12`;
const PLAIN_ADDR = `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000
    link/ether 52:54:00:0a:0b:09 brd ff:ff:ff:ff:ff:ff
    inet 172.30.0.19/24 brd 172.30.0.255 scope global eth0
       valid_lft forever preferred_lft forever`;

ruleCases(ipForwardDisabled, {
  valid: [
    { name: 'forwarding on', nodes: { 'node-a': { 'ip addr': A_ADDR, 'sysctl net.ipv4.ip_forward': 'net.ipv4.ip_forward = 1' }, 'node-b': { 'ip route': B_ROUTES } } },
    { name: 'forwarding off on a host with neither flannel.1 nor cni0', nodes: { db1: { 'ip addr': PLAIN_ADDR, 'sysctl net.ipv4.ip_forward': 'net.ipv4.ip_forward = 0' } } },
    {
      name: 'switched on later with sysctl -w',
      nodes: { 'node-a': [['ip addr', A_ADDR], ['sysctl net.ipv4.ip_forward', 'net.ipv4.ip_forward = 0'], ['sysctl -w net.ipv4.ip_forward=1', 'net.ipv4.ip_forward = 1']] },
    },
    {
      name: 'ip_forward 0 but flannel.1 and cni0 set to forward afterwards',
      nodes: {
        'node-a': [['ip addr', A_ADDR], ['sysctl net.ipv4.ip_forward', 'net.ipv4.ip_forward = 0'],
          ['sysctl net.ipv4.conf.flannel/1.forwarding net.ipv4.conf.cni0.forwarding', 'net.ipv4.conf.flannel/1.forwarding = 1\nnet.ipv4.conf.cni0.forwarding = 1']],
      },
    },
    { name: 'no sysctl shown', nodes: { 'node-a': { 'ip addr': A_ADDR, 'ip route': A_ROUTES } } },
  ],
  invalid: [
    {
      name: 'sysctl shows ip_forward 0 on a flannel node',
      nodes: { 'node-a': { 'ip addr': A_ADDR, 'sysctl net.ipv4.ip_forward': 'net.ipv4.ip_forward = 0' }, 'node-b': { 'ip route': B_ROUTES } },
      findings: [{
        messageId: 'disabled', host: 'node-a', severity: 'error', role: 'root-cause',
        data: { devices: 'flannel.1, cni0', setting: 'net.ipv4.ip_forward = 0' },
        evidence: [{ host: 'node-a', format: 'sysctl', span: { line: 19 } }],
      }],
    },
    {
      name: 'cat /proc/sys/net/ipv4/ip_forward prints 0',
      nodes: { 'node-a': { 'ip route': A_ROUTES, 'cat /proc/sys/net/ipv4/ip_forward': '0' } },
      findings: [{ messageId: 'disabled', host: 'node-a', data: { devices: 'flannel.1, cni0', setting: 'net.ipv4.ip_forward = 0' }, evidence: [{ host: 'node-a', format: 'sysctl', span: { line: 7 } }] }],
    },
    {
      name: 'only cni0\'s forwarding off (sysctl -a excerpt)',
      nodes: { 'node-a': { 'ip addr': A_ADDR, 'sysctl -a | grep forwarding': 'net.ipv4.conf.all.forwarding = 1\nnet.ipv4.conf.cni0.forwarding = 0\nnet.ipv4.conf.flannel/1.forwarding = 1' } },
      findings: [{ messageId: 'disabled', host: 'node-a', data: { devices: 'cni0', setting: 'net.ipv4.conf.cni0.forwarding = 0' } }],
    },
  ],
});

// The tracer: a packet that node-b would forward (in on flannel.1, out to cni0) ends there, denied by ip_forward.
describe('trace through a node with ip_forward 0', () => {
  const B_ADDR = A_ADDR.replaceAll('10.88.0.', '10.88.1.').replace('172.30.0.11', '172.30.0.12').replace('1e:2f:3a:4b:5c:01', '1e:2f:3a:4b:5c:02');
  const nodes = (forward: string) => transcriptOf({
    name: 'trace',
    nodes: {
      'node-a': {
        'ip addr': A_ADDR, 'ip route': A_ROUTES,
        'ip neigh show dev flannel.1': '10.88.1.0 lladdr 1e:2f:3a:4b:5c:02 PERMANENT',
        'bridge fdb show dev flannel.1': '1e:2f:3a:4b:5c:02 dst 172.30.0.12 self permanent',
      },
      'node-b': { 'ip addr': B_ADDR, 'ip route': B_ROUTES, 'sysctl net.ipv4.ip_forward': `net.ipv4.ip_forward = ${forward}` },
    },
  });
  it('ends in denied at node-b, citing the sysctl line', () => {
    const text = nodes('0');
    const result = trace(buildModel(ingest(text)), { from: 'node-a', to: '10.88.1.5' });
    expect(result.branches.map((b) => [b.disposition, b.at])).toEqual([['denied', 'node-b']]);
    const last = result.branches[0]?.hops.at(-1);
    expect(last).toMatchObject({ host: 'node-b', step: 'route', inferred: false });
    expect(last?.detail).toBe('net.ipv4.ip_forward = 0 on node-b: the kernel does not forward 10.88.1.5 from flannel.1 and drops it silently');
    expect(last?.evidence.map((e) => [e.format, e.span.line, e.text])).toEqual([['sysctl', text.split('\n').indexOf('net.ipv4.ip_forward = 0') + 1, 'net.ipv4.ip_forward = 0']]);
  });
  it('is delivered when node-b forwards', () => {
    const result = trace(buildModel(ingest(nodes('1'))), { from: 'node-a', to: '10.88.1.5' });
    expect(result.branches.map((b) => [b.disposition, b.at])).toEqual([['delivered', 'node-b']]);
  });
});
