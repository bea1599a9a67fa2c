import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import grammar from './grammar.gen';
import { MESSAGES } from './messages';
import { parseFlannelLog } from './parse';
import { printFlannelLog } from './print';
import { FlannelLogEvent } from './schema';
import { sniffFlannelLog } from './sniff';

const fixtures = join(__dirname, '../../../test/fixtures/flannel-log');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');
const SEED = '/work/shared/seed/000_8ab8108d44c964dc.txt';
const PEER = '/work/shared/peer-corpus/flannel-log';
const pick = (r: FlannelLogEvent): Record<string, unknown> => {
  const { span: _span, messageSpan: _messageSpan, wrapping: _w, timestamp: _t, stream: _s, criTag: _c, host: _h, ident: _i, pid: _p, ...rest } = r;
  return rest;
};

describe('flannel-log', () => {
  it('reads every wrapping of the synthetic fixture with exact values, and prints it back byte for byte', () => {
    const text = fixture('wrappings.txt');
    const { records, diagnostics } = parseFlannelLog(text);
    expect(diagnostics).toEqual([]);
    expect(records.map((r) => [r.wrapping, r.timestamp, r.stream, r.criTag, r.host, r.ident, r.pid, r.severity, r.thread, r.event])).toEqual([
      ['klog', null, null, null, null, null, null, 'info', 1, 'interface'],
      ['kubectl-timestamps', '2026-10-28T01:59:02.997781123Z', null, null, null, null, null, 'error', 1, 'route-add-failed'],
      ['cri', '2026-10-28T01:59:02.997619000Z', 'stderr', 'F', null, null, null, 'info', 1, 'subnet-file'],
      ['journald', 'Oct 28 05:31:48', null, null, 'host188', 'flanneld', 812, 'info', 812, 'shutdown'],
      ['journald', 'Oct 28 05:31:49', null, null, 'host188', 'flanneld', 812, null, null, 'shutdown'],
    ]);
    const line2 = text.split('\n')[1] as string;
    expect(records[1]).toEqual({
      event: 'route-add-failed', wrapping: 'kubectl-timestamps', timestamp: '2026-10-28T01:59:02.997781123Z',
      stream: null, criTag: null, host: null, ident: null, pid: null,
      severity: 'error', month: 10, day: 28, time: '01:59:02.997781', thread: 1, file: 'vxlan_network.go', line: 158,
      message: 'failed to add vxlanRoute (10.244.2.0/24 -> 10.244.2.0): invalid argument',
      route: 'vxlan', family: 'inet', subnet: '10.244.2.0/24', gateway: '10.244.2.0', error: 'invalid argument',
      messageSpan: {
        line: 2, column: line2.indexOf('failed') + 1, offset: text.indexOf('failed to add'), length: 72,
        text: 'failed to add vxlanRoute (10.244.2.0/24 -> 10.244.2.0): invalid argument',
      },
      span: { line: 2, column: 1, offset: text.indexOf('2026'), length: line2.length, text: line2 },
    });
    expect(records[4]).toMatchObject({ severity: null, month: null, time: null, file: null, line: null, message: 'Exiting cleanly...', stage: 'exit' });
    for (const record of records) expect(FlannelLogEvent.safeParse(record).success).toBe(true);
    expect(printFlannelLog(records)).toBe(text);
  });

  it('types every event of the catalog', () => {
    const text = fixture('events.txt');
    const { records, diagnostics } = parseFlannelLog(text);
    expect(diagnostics).toEqual([]);
    expect(printFlannelLog(records)).toBe(text);
    for (const record of records) expect(FlannelLogEvent.safeParse(record).success).toBe(true);
    const typed = records.map((r) => {
      const { event, severity: _s, month: _m, day: _d, time: _t, thread: _th, file: _f, line: _l, message: _msg, ...rest } = pick(r);
      return [event, rest];
    });
    expect(typed).toEqual([
      ['interface', { iface: 'ens160', address: '192.168.86.188' }],
      ['external-address', { address: '192.168.86.188', defaulted: true }],
      ['external-address', { address: '192.168.86.10', defaulted: false }],
      ['subnet-manager', { manager: 'Kubernetes Subnet Manager - host188', node: 'host188' }],
      ['backend-type', { backend: 'vxlan' }],
      ['vxlan-config', { vni: 1, port: 0, gbp: false, learning: false, directRouting: false, mtu: null }],
      ['network-changed', { network: '10.244.0.0/16', subnet: '10.244.0.0/24', previousNetwork: '0.0.0.0/0', previousSubnet: '0.0.0.0/0' }],
      ['node-lease', { family: 'inet', podCidrs: ['10.244.0.0/24'] }],
      ['lease-acquired', { subnet: '10.244.0.0/24', network: null }],
      ['subnet-file', { path: '/run/flannel/subnet.env' }],
      ['initial-subnet-events', {}],
      ['subnet-added', { subnet: '10.244.2.0/24', publicIp: '192.168.86.189' }],
      ['subnet-removed', { subnet: '10.244.2.0/24', publicIp: null }],
      ['vxlan-subnet-added', { family: 'inet', subnet: '10.244.2.0/24', publicIp: '192.168.86.189', vtepMac: '6a:7b:0d:1e:2f:3c' }],
      ['vxlan-subnet-removed', { family: 'inet', subnet: '10.244.2.0/24', publicIp: '192.168.86.189', vtepMac: '6a:7b:0d:1e:2f:3c' }],
      ['route-add-failed', { route: 'vxlan', family: 'inet', subnet: '10.244.2.0/24', gateway: '10.244.2.0', error: 'invalid argument' }],
      ['route-add-failed', { route: 'direct', family: 'inet', subnet: '10.244.2.0/24', gateway: '192.168.86.189', error: 'network is unreachable' }],
      ['route-delete-failed', { route: 'vxlan', family: 'inet', subnet: '10.244.2.0/24', gateway: '10.244.2.0', error: 'no such process' }],
      ['vtep-entry-failed', { operation: 'delete', table: 'arp', family: 'inet', error: 'no such file or directory' }],
      ['vtep-entry-failed', { operation: 'add', table: 'fdb', family: 'inet', error: 'operation not supported' }],
      ['register-network-failed', {
        error: 'failed to acquire lease: node "host188" pod cidr not assigned', leaseError: 'node "host188" pod cidr not assigned', node: 'host188',
      }],
      ['lease-failed', { error: 'node "host188" pod cidr not assigned', node: 'host188' }],
      ['iptables-failed', { error: 'Error checking rule existence: exit status 1' }],
      ['default-interface-failed', { error: 'Unable to find default route' }],
      ['shutdown', { stage: 'cancel-signal' }],
      ['shutdown', { stage: 'exit' }],
      ['message', {}],
    ]);
  });

  it('falls back to a message event when a typed text goes on', () => {
    const { records } = parseFlannelLog('I1028 01:59:02.997701       1 hostgw.go:80] Subnet added: 10.244.2.0/24 via 192.168.86.189 (late)\n');
    expect(records.map((r) => [r.event, r.message])).toEqual([['message', 'Subnet added: 10.244.2.0/24 via 192.168.86.189 (late)']]);
  });

  it('reports a severity letter klog never prints, and keeps reading', () => {
    const { records, diagnostics } = parseFlannelLog('A1028 01:59:02.997701       1 main.go:80] hello\nI1028 01:59:02.997702       1 main.go:81] world\n');
    expect(records.map((r) => r.message)).toEqual(['world']);
    expect(diagnostics.map((d) => [d.code, d.span.text])).toEqual([['invalid-value', 'A1028']]);
  });

  it('the grammar names every typed message token, once', () => {
    const symbols = grammar.ParserRules.filter((rule) => rule.name === 'message').map((rule) => (rule.symbols[0] as unknown as { type: string }).type);
    expect(symbols.sort()).toEqual([...MESSAGES.map((spec) => spec.type), 'text'].sort());
  });

  it('sniffs flannel logs', () => {
    expect(sniffFlannelLog(fixture('events.txt'))).toBeGreaterThan(0.9);
    expect(sniffFlannelLog(fixture('wrappings.txt'))).toBeGreaterThan(0.9);
    expect(sniffFlannelLog('hello world')).toBe(0);
  });
});

describe.skipIf(!existsSync(SEED))('flannel-log: the flattened excerpts of the reference incident (read in place)', () => {
  const lines = existsSync(SEED) ? readFileSync(SEED, 'utf8').split('\n') : [];
  it('host188 startup: every klog line, the route-add failure typed, the remarks set aside', () => {
    const line = lines[32] as string;
    const { records, diagnostics } = parseFlannelLog(line);
    expect(records.map((r) => [r.event, r.severity, r.time, r.file, r.line])).toEqual([
      ['message', 'info', '01:59:01.891322', 'main.go', 475],
      ['interface', 'info', '01:59:01.891599', 'main.go', 488],
      ['external-address', 'info', '01:59:01.891622', 'main.go', 505],
      ['message', 'info', '01:59:01.996901', 'kube.go', 131],
      ['message', 'info', '01:59:01.996901', 'kube.go', 294],
      ['message', 'info', '01:59:02.997083', 'kube.go', 138],
      ['subnet-manager', 'info', '01:59:02.997115', 'main.go', 235],
      ['message', 'info', '01:59:02.997131', 'main.go', 238],
      ['backend-type', 'info', '01:59:02.997229', 'main.go', 353],
      ['vxlan-config', 'info', '01:59:02.997297', 'vxlan.go', 120],
      ['subnet-file', 'info', '01:59:02.997619', 'main.go', 300],
      ['message', 'info', '01:59:02.997630', 'main.go', 304],
      ['message', 'info', '01:59:02.997636', 'main.go', 322],
      ['message', 'info', '01:59:02.997650', 'vxlan_network.go', 60],
      ['route-add-failed', 'error', '01:59:02.997781', 'vxlan_network.go', 158],
    ]);
    expect(records[0]?.message).toBe('Determining IP address of default interface');
    expect(records.at(-1)).toMatchObject({
      event: 'route-add-failed', route: 'vxlan', subnet: '10.244.2.0/24', gateway: '10.244.2.0', error: 'invalid argument',
      message: 'failed to add vxlanRoute (10.244.2.0/24 -> 10.244.2.0): invalid argument', month: 10, day: 28, thread: 1,
    });
    expect(records[9]).toMatchObject({ vni: 1, port: 0, gbp: false, learning: null, directRouting: false });
    expect(records[6]).toMatchObject({ node: 'host188' });
    expect(diagnostics.map((d) => [d.code, d.span.text])).toEqual([
      ['annotation', '# kubectl logs -f -nkube-system kube-flannel-ds-fvj6h'],
      ['annotation', '----会有删除操作?'],
      ['annotation', '###关键:flannel报出路由添加失败'],
    ]);
    for (const r of records) expect(line.slice(r.span.offset, r.span.offset + r.span.length)).toBe(r.span.text);
  });

  it('host188 shutdown: DelARP, DelFDB and the route-delete failure', () => {
    const line = lines[34] as string;
    const { records } = parseFlannelLog(line);
    expect(records.map(pick).map(({ severity: _s, month: _m, day: _d, thread: _t, message: _msg, ...rest }) => rest)).toEqual([
      { event: 'message', time: '01:59:02.997650', file: 'vxlan_network.go', line: 60 },
      { event: 'route-add-failed', time: '01:59:02.997781', file: 'vxlan_network.go', line: 158, route: 'vxlan', family: 'inet', subnet: '10.244.2.0/24', gateway: '10.244.2.0', error: 'invalid argument' },
      { event: 'shutdown', time: '05:31:48.554667', file: 'main.go', line: 337, stage: 'cancel-signal' },
      { event: 'vtep-entry-failed', time: '05:31:48.554782', file: 'vxlan_network.go', line: 183, operation: 'delete', table: 'arp', family: 'inet', error: 'no such file or directory' },
      { event: 'vtep-entry-failed', time: '05:31:48.554812', file: 'vxlan_network.go', line: 187, operation: 'delete', table: 'fdb', family: 'inet', error: 'no such file or directory' },
      { event: 'route-delete-failed', time: '05:31:48.554835', file: 'vxlan_network.go', line: 191, route: 'vxlan', family: 'inet', subnet: '10.244.2.0/24', gateway: '10.244.2.0', error: 'no such process' },
    ]);
  });
});

describe('flannel-log peer captures', () => {
  it('flannel Documentation/troubleshooting.md (Apache-2.0, corpus/peer): three startup lines, printed back byte for byte', () => {
    const text = readFileSync(join(__dirname, '../../../corpus/peer/flannel-log/flannel-io-flannel__troubleshooting-startup.txt'), 'utf8');
    const { records, diagnostics } = parseFlannelLog(text);
    expect(diagnostics).toEqual([]);
    expect(records.map((r) => [r.event, r.thread, r.file, r.line])).toEqual([
      ['message', 5522, 'main.go', 386], ['interface', 5522, 'main.go', 399], ['external-address', 5522, 'main.go', 412],
    ]);
    expect(records[1]).toMatchObject({ iface: 'enp62s0u1u2', address: '172.24.17.174' });
    expect(records[2]).toMatchObject({ address: '10.10.10.10', defaulted: false });
    expect(printFlannelLog(records)).toBe(text);
  });
});

// GitHub issue text (GitHub's terms): read in place from the shared peer corpus, never copied
describe.skipIf(!existsSync(PEER))('flannel-log issue threads (read in place)', () => {
  const read = (name: string) => parseFlannelLog(readFileSync(join(PEER, name), 'utf8'));
  it('flannel#728: six register-network failures naming the node without a pod CIDR', () => {
    const { records, diagnostics } = read('gh-issue-flannel-728__network-go-pod-cidr-loop.txt');
    expect(diagnostics).toEqual([]);
    expect(records).toHaveLength(6);
    for (const r of records) expect(r).toMatchObject({ event: 'register-network-failed', severity: 'error', file: 'network.go', line: 102, node: 'k8s-test-2.novalocal', leaseError: 'node "k8s-test-2.novalocal" pod cidr not assigned' });
  });
  it('flannel#418: journald lines of flannel and of other units; old glog pid padding', () => {
    const { records, diagnostics } = read('gh-issue-flannel-418__journal-no-default-route.txt');
    expect(diagnostics).toEqual([]);
    expect(records.map((r) => [r.ident, r.pid, r.thread, r.event])).toEqual([
      ['systemd', 1, null, 'message'], ['etcdctl', 710, null, 'message'], ['systemd', 1, null, 'message'],
      ['flannel', 755, 755, 'message'], ['flannel', 755, 755, 'message'], ['flannel', 755, 755, 'default-interface-failed'],
    ]);
    expect(records[5]).toMatchObject({ host: 'master', timestamp: 'Mar 14 08:34:44', error: 'Unable to find default route' });
  });
  it('flannel#283: journald under sdnotify-proxy; the poster\'s "**" is reported, the lines still read', () => {
    const { records, diagnostics } = read('gh-issue-flannel-283__journal-vxlan-miss-subnet-removed.txt');
    expect(records.map((r) => r.event)).toEqual(['message', 'message', 'message', 'message', 'subnet-removed', 'message', 'message']);
    expect(records[4]).toMatchObject({ wrapping: 'klog', subnet: '10.1.88.0/24', publicIp: null, thread: 1 });
    expect(records[5]).toMatchObject({ wrapping: 'journald', message: 'calling NeighDel: 172.17.8.101, ee:37:da:54:ca:7d**' });
    expect(diagnostics.map((d) => d.span.text)).toEqual(['**Aug 12 10:41:51 core-02 sdnotify-proxy[940]:']);
  });
  it('flannel#993 and #757: startup in kube and multi-interface setups', () => {
    expect(read('gh-issue-flannel-993__startup-vxlan.txt').records.map((r) => r.event)).toEqual([
      'message', 'interface', 'external-address', 'message', 'message', 'message', 'subnet-manager', 'message', 'backend-type',
    ]);
    const multi = read('gh-pr-flannel-757__multi-iface-startup.txt');
    expect(multi.records.map((r) => (r.event === 'interface' ? r.iface : r.event))).toEqual(['enp62s0u1u2', 'external-address', 'wlp2s0', 'external-address']);
  });
  it('usernetes#334: the kubectl notice is not a log line; flannel 0.25 node lease', () => {
    const { records, diagnostics } = read('gh-pr-usernetes-334__kubectl-logs-flannel-0.25.3.txt');
    expect(diagnostics.map((d) => [d.code, d.span.line])).toEqual([['unexpected-token', 1]]);
    expect(records.at(-1)).toMatchObject({ event: 'node-lease', family: 'inet', podCidrs: ['10.244.0.0/24'] });
  });
  it('every issue excerpt parses without throwing and every record validates', () => {
    for (const name of ['gh-issue-flannel-1344__kubectl-logs-pod-cidr-not-assigned.txt', 'gh-issue-flannel-1573__kubectl-logs-protocol-not-available.txt',
      'gh-issue-flannel-1716__kubectl-logs-crashloop.txt', 'gh-issue-kube-ansible-180__kubectl-logs-pod-cidr.txt', 'gh-issue-flannel-484__flanneld-0.5.5-startup.txt']) {
      const { records } = read(name);
      expect(records.length).toBeGreaterThan(2);
      for (const r of records) expect(FlannelLogEvent.safeParse(r).success).toBe(true);
    }
    expect(read('gh-issue-kube-ansible-180__kubectl-logs-pod-cidr.txt').records.filter((r) => r.event === 'register-network-failed').map((r) => r.event === 'register-network-failed' && r.node)).toEqual(['kube-node-2', 'kube-node-2', 'kube-node-2']);
    expect(read('gh-issue-flannel-484__flanneld-0.5.5-startup.txt').records.at(-1)).toMatchObject({ event: 'external-address', address: '10.18.217.244', defaulted: false, thread: 68285 });
  });
});
