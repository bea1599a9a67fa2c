import { describe, expect, it } from 'vitest';
import { ruleCases, transcriptOf } from '../../../../test/support/rule-cases';
import { ingest } from '../../../ingest';
import { buildModel } from '../../../model';
import { trace } from '../../trace';
import { A_ADDR, A_ROUTES, B_ROUTES, PLAIN_ADDR } from '../../../../test/fixtures/kernel-nodes';
import { ipForwardDisabled } from './ip-forward-disabled';

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
        data: { host: 'node-a', devices: 'flannel.1, cni0', setting: 'net.ipv4.ip_forward = 0' },
        evidence: [{ host: 'node-a', format: 'sysctl', span: { line: 19 } }],
        fix: ['sysctl -w net.ipv4.ip_forward=1', 'echo \'net.ipv4.ip_forward = 1\' > /etc/sysctl.d/99-kubernetes-ip-forward.conf'],
      }],
    },
    {
      name: 'cat /proc/sys/net/ipv4/ip_forward prints 0',
      nodes: { 'node-a': { 'ip route': A_ROUTES, 'cat /proc/sys/net/ipv4/ip_forward': '0' } },
      findings: [{ messageId: 'disabled', host: 'node-a', data: { host: 'node-a', devices: 'flannel.1, cni0', setting: 'net.ipv4.ip_forward = 0' }, evidence: [{ host: 'node-a', format: 'sysctl', span: { line: 7 } }], role: 'root-cause', severity: 'error', fix: ['sysctl -w net.ipv4.ip_forward=1', 'echo \'net.ipv4.ip_forward = 1\' > /etc/sysctl.d/99-kubernetes-ip-forward.conf'] }],
    },
    {
      name: 'only cni0\'s forwarding off (sysctl -a excerpt)',
      nodes: { 'node-a': { 'ip addr': A_ADDR, 'sysctl -a | grep forwarding': 'net.ipv4.conf.all.forwarding = 1\nnet.ipv4.conf.cni0.forwarding = 0\nnet.ipv4.conf.flannel/1.forwarding = 1' } },
      findings: [{ messageId: 'disabled', host: 'node-a', data: { host: 'node-a', devices: 'cni0', setting: 'net.ipv4.conf.cni0.forwarding = 0' }, role: 'root-cause', severity: 'error', fix: ['sysctl -w net.ipv4.ip_forward=1', 'echo \'net.ipv4.ip_forward = 1\' > /etc/sysctl.d/99-kubernetes-ip-forward.conf'] }],
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
