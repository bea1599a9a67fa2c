import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captures, ROOT } from '../../../test/support/corpus';
import { keyFromArgument, keyFromProcPath, sysctlKey } from './keys';
import { lexer } from './lexer';
import { parseSysctl } from './parse';
import { printSysctl } from './print';
import { SysctlEntry } from './schema';
import { sniffSysctl } from './sniff';

const types = (line: string): string[] => {
  lexer.reset(line);
  return [...lexer].filter((t) => t.type !== 'ws').map((t) => `${t.type as string}:${t.text}`);
};
const bare = (records: readonly SysctlEntry[]) => records.map(({ span: _span, ...rest }) => rest);

describe('sysctl lexer', () => {
  it('takes a key only where " =" follows it', () => {
    expect(types('kernel.hostname = node1.example.com')).toEqual(['key:kernel.hostname', 'eq:=', 'word:node1.example.com']);
    expect(types('net.ipv4.conf.flannel/1.rp_filter = -1')).toEqual(['key:net.ipv4.conf.flannel/1.rp_filter', 'eq:=', 'int:-1']);
    expect(types('net.ipv4.tcp_rmem = 4096\t131072\t6291456')).toEqual(['key:net.ipv4.tcp_rmem', 'eq:=', 'int:4096', 'int:131072', 'int:6291456']);
    expect(types('sysctl: permission denied on key \'kernel.cad_pid\'')[0]).toBe('program:sysctl:');
    expect(types('* Applying /etc/sysctl.d/99-kubernetes.conf ...')).toEqual(['applying:* Applying', 'word:/etc/sysctl.d/99-kubernetes.conf', 'ellipsis:...']);
    expect(types('0-1 x=y')).toEqual(['word:0-1', 'word:x=y']);
  });
});

describe('sysctl keys', () => {
  it('names keys as sysctl prints them', () => {
    expect(sysctlKey('net', 'ipv4', 'conf', 'flannel.1', 'rp_filter')).toBe('net.ipv4.conf.flannel/1.rp_filter');
    expect(keyFromArgument('net/ipv4/conf/flannel.1/rp_filter')).toBe('net.ipv4.conf.flannel/1.rp_filter');
    expect(keyFromArgument('net.ipv4.conf.flannel/1.rp_filter')).toBe('net.ipv4.conf.flannel/1.rp_filter');
    expect(keyFromProcPath('/proc/sys/net/ipv4/ip_forward')).toBe('net.ipv4.ip_forward');
    expect(keyFromProcPath('/proc/sys/net/ipv4/conf/flannel.1/rp_filter')).toBe('net.ipv4.conf.flannel/1.rp_filter');
    expect(keyFromProcPath('/etc/sysctl.conf')).toBeNull();
  });
});

describe('sysctl', () => {
  it('reads settings with their values as printed and their integers', () => {
    const text = 'net.ipv4.ip_forward = 0\nnet.ipv4.tcp_rmem = 4096\t131072\t6291456\nkernel.shmmax = 18446744073692774399\nkernel.hostname = node1.example.com\nkernel.domainname = (none)\n';
    const { records, diagnostics } = parseSysctl(text);
    expect(diagnostics).toEqual([]);
    expect(bare(records)).toEqual([
      { type: 'setting', key: 'net.ipv4.ip_forward', value: '0', numeric: [0] },
      { type: 'setting', key: 'net.ipv4.tcp_rmem', value: '4096\t131072\t6291456', numeric: [4096, 131072, 6291456] },
      { type: 'setting', key: 'kernel.shmmax', value: '18446744073692774399' },
      { type: 'setting', key: 'kernel.hostname', value: 'node1.example.com' },
      { type: 'setting', key: 'kernel.domainname', value: '(none)' },
    ]);
    expect(records[1]?.span).toEqual({ line: 2, column: 1, offset: 24, length: 39, text: 'net.ipv4.tcp_rmem = 4096\t131072\t6291456' });
    for (const record of records) expect(SysctlEntry.safeParse(record).success).toBe(true);
    expect(printSysctl(records)).toBe(text);
  });

  it('types sysctl\'s warnings (procps-ng src/sysctl.c)', () => {
    const text = [
      'sysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory',
      'sysctl: permission denied on key \'kernel.cad_pid\'',
      'sysctl: permission denied on key "net.ipv4.ip_forward", ignoring',
      'sysctl: "net.ipv4.conf.weave.rp_filter" is an unknown key, ignoring',
      'sysctl: setting key "net.ipv4.ip_forward": Read-only file system',
      'sysctl: /etc/sysctl.d/k8s.conf(3): invalid syntax, continuing...',
      'sysctl: no variables specified',
      '* Applying /etc/sysctl.d/k8s.conf ...',
      '',
    ].join('\n');
    const { records, diagnostics } = parseSysctl(text);
    expect(diagnostics).toEqual([]);
    expect(bare(records).map((r) => (r.type === 'error' ? [r.error, r.key, r.ignoring, r.path ?? null, r.reason ?? null] : [r.type]))).toEqual([
      ['cannot-stat', 'net.bridge.bridge-nf-call-iptables', false, '/proc/sys/net/bridge/bridge-nf-call-iptables', 'No such file or directory'],
      ['permission-denied', 'kernel.cad_pid', false, null, null],
      ['permission-denied', 'net.ipv4.ip_forward', true, null, null],
      ['unknown-key', 'net.ipv4.conf.weave.rp_filter', true, null, null],
      ['setting-key', 'net.ipv4.ip_forward', false, null, 'Read-only file system'],
      ['invalid-syntax', null, false, null, null],
      ['other', null, false, null, null],
      ['applying'],
    ]);
    expect(printSysctl(records)).toBe(text);
  });

  it('gives values alone the keys of the command, in order; without them they are diagnostics', () => {
    expect(bare(parseSysctl('1\n', { key: 'net.ipv4.ip_forward' }).records)).toEqual([{ type: 'setting', key: 'net.ipv4.ip_forward', value: '1', numeric: [1] }]);
    expect(bare(parseSysctl('1\n2\n', { key: 'net.ipv4.conf.all.rp_filter net.ipv4.conf.flannel/1.rp_filter' }).records).map((r) => r.type === 'setting' && [r.key, r.value]))
      .toEqual([['net.ipv4.conf.all.rp_filter', '1'], ['net.ipv4.conf.flannel/1.rp_filter', '2']]);
    const alone = parseSysctl('1\n');
    expect(alone.records).toEqual([]);
    expect(alone.diagnostics.map((d) => [d.code, d.span.text])).toEqual([['unexpected-token', '1']]);
  });

  it('reads a flattened paste; a remark there joins the value before it (kernel.version = #1 SMP … starts so too)', () => {
    const { records, diagnostics } = parseSysctl('net.ipv4.ip_forward = 0 ###here net.bridge.bridge-nf-call-iptables = 1 sysctl: permission denied on key \'kernel.cad_pid\' vm.swappiness = 60');
    expect(records.map((r) => (r.type === 'setting' ? `${r.key}=${r.value}` : r.type))).toEqual([
      'net.ipv4.ip_forward=0 ###here', 'net.bridge.bridge-nf-call-iptables=1', 'error', 'vm.swappiness=60',
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('prints every lab capture back byte for byte (sysctl -a\'s exact layout)', () => {
    for (const capture of captures('sysctl')) {
      const parsed = parseSysctl(capture.text);
      expect(printSysctl(parsed.records), capture.file).toBe(capture.text);
    }
  });

  it('reads the lab\'s values alone (sysctl -n, cat /proc/sys/…) with the keys their commands name', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'corpus/captures/manifest.json'), 'utf8')) as { file: string; command: string }[];
    const values = manifest.filter((entry) => entry.file.startsWith('sysctl/values/'));
    expect(values.length).toBe(12);
    for (const entry of values) {
      const text = readFileSync(join(ROOT, 'corpus/captures', entry.file), 'utf8');
      const words = entry.command.split(' ');
      const keys = words[0] === 'cat' ? words.slice(1).map((p) => keyFromProcPath(p) ?? '') : words.slice(2).map(keyFromArgument);
      const parsed = parseSysctl(text, { key: keys.join(' ') });
      expect(parsed.diagnostics, entry.file).toEqual([]);
      expect(parsed.records.map((r) => r.type === 'setting' && r.key), entry.file).toEqual(keys);
      expect(parsed.records.map((r) => r.type === 'setting' && r.value).join('\n'), entry.file).toBe(text.replace(/\n$/, ''));
    }
  });

  it('sniffs', () => {
    expect(sniffSysctl('net.ipv4.ip_forward = 1\n')).toBeGreaterThan(0.9);
    expect(sniffSysctl('sysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory\n')).toBeGreaterThan(0.9);
    expect(sniffSysctl('1\n')).toBe(0);
    expect(sniffSysctl('hello = world\n')).toBe(0);
  });
});
