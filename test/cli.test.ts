// The command line as a user runs it: exit codes, parse output, split of a paste and of sos reports.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const seed = join(root, '..', 'shared', 'seed', '000_8ab8108d44c964dc.txt');

function netsift(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'src', 'cli', 'main.ts'), ...args], {
    cwd: root, encoding: 'utf8', timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('netsift CLI', () => {
  it('parse prints { format, records, diagnostics } and sniffs with auto', () => {
    const result = netsift('parse', 'auto', 'examples/host188/route-n.txt');
    expect(result.status).toBe(0);
    const parsed = JSON.parse(result.stdout) as { format: string; records: unknown[]; diagnostics: unknown[] };
    expect([parsed.format, parsed.records.length, parsed.diagnostics]).toEqual(['route-n', 7, []]);
  });

  it('parse reads ipvsadm and ipset listings by content, and trace follows a NodePort through IPVS', () => {
    for (const [file, format, records] of [['test/fixtures/ipvsadm/list.txt', 'ipvsadm', 12], ['corpus/captures/ipset/ipvs-node-a__ipset_save.txt', 'ipset', 19]] as const) {
      const result = netsift('parse', 'auto', file);
      expect(result.status).toBe(0);
      const parsed = JSON.parse(result.stdout) as { format: string; records: unknown[]; diagnostics: unknown[] };
      expect([parsed.format, parsed.records.length, parsed.diagnostics]).toEqual([format, records, []]);
    }
    const traced = netsift('trace', 'test/fixtures/ipvsadm/node-a.txt', '--to', '192.168.10.11:30080');
    expect(traced.status).toBe(0);
    expect(traced.stdout.split('\n').filter((line) => line.startsWith('  50%'))).toEqual([
      '  50% via 10.244.0.5:80: delivered at node-a; reply insufficient-information at node-a',
      '  50% via 10.244.1.5:80: insufficient-information at node-a',
    ]);
  });

  it('exits 2 with a clear message for an unknown format or an unreadable file', () => {
    const unknown = netsift('parse', 'route-x', 'examples/host188/route-n.txt');
    expect([unknown.status, unknown.stderr]).toEqual([2, expect.stringContaining('unknown format "route-x"')]);
    const missing = netsift('parse', 'route-n', 'no/such/file');
    expect([missing.status, missing.stderr]).toEqual([2, expect.stringContaining('cannot read no/such/file: ENOENT')]);
  });

  it('split takes a host from the directory a capture sits in, and reads sos tarballs', () => {
    const result = netsift('split', '--format', 'json', 'examples/host188/route-n.txt', 'corpus/sos/sosreport-flannel-node1.tar.gz');
    expect(result.status).toBe(0);
    const bundle = JSON.parse(result.stdout) as { hosts: { name: string; sections: { format: string | null }[] }[] };
    expect(bundle.hosts.map((h) => h.name).sort()).toEqual(['flannel-node1', 'host188']);
    expect(bundle.hosts.find((h) => h.name === 'host188')?.sections.map((s) => s.format)).toEqual(['route-n']);
  });

  it('split names a command that printed an error instead of its listing, and where', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'netsift-split-'));
    const paste = join(scratch, 'paste.txt');
    writeFileSync(paste, 'root@node-a:~# ip neigh show dev flannel.1\nCannot find device "flannel.1"\nroot@node-a:~# ip route\ndefault via 10.0.0.1 dev eth0\n');
    const result = netsift('split', paste);
    rmSync(scratch, { recursive: true, force: true });
    expect(result.stdout.split('\n').slice(0, 3)).toEqual([
      'node-a',
      `  ${'ip neigh show dev flannel.1'.padEnd(44)} ${'ip-neigh'.padEnd(20)} line 2  [failed: Cannot find device "flannel.1"]`,
      `  ${'ip route'.padEnd(44)} ${'ip-route'.padEnd(20)} lines 4-4`,
    ]);
  });

  it('split names the input of each pasted section when several were given', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'netsift-split-'));
    const [a, b] = [join(scratch, 'a.txt'), join(scratch, 'b.txt')];
    writeFileSync(a, 'root@node-a:~# ip neigh show dev flannel.1\nCannot find device "flannel.1"\nroot@node-a:~# ip route\ndefault via 10.0.0.1 dev eth0\n');
    writeFileSync(b, '\nroot@node-b:~# ip route\ndefault via 10.0.0.2 dev eth0\n');
    const result = netsift('split', a, b);
    rmSync(scratch, { recursive: true, force: true });
    expect(result.stdout.split('\n')).toEqual([
      'node-a',
      `  ${'ip neigh show dev flannel.1'.padEnd(44)} ${'ip-neigh'.padEnd(20)} ${a} line 2  [failed: Cannot find device "flannel.1"]`,
      `  ${'ip route'.padEnd(44)} ${'ip-route'.padEnd(20)} ${a} lines 4-4`,
      'node-b',
      `  ${'ip route'.padEnd(44)} ${'ip-route'.padEnd(20)} ${b} lines 3-3`,
      '0 notes, 0 diagnostics', '',
    ]);
  });

  it.skipIf(!existsSync(seed))('split cuts the reference incident into its three hosts', () => {
    const result = netsift('split', seed);
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').filter((line) => /^\S/.test(line))).toEqual([
      'host188', 'host190', 'host189', 'cluster', 'unattributed', '54 notes, 0 diagnostics',
    ]);
  });
});

describe('netsift parse into a pipe', () => {
  // synthetic: a 40,000-route route -n, a few MB of JSON out
  const scratch = mkdtempSync(join(tmpdir(), 'netsift-pipe-'));
  const big = join(scratch, 'route-n.txt');
  const rows = Array.from({ length: 40_000 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.0      10.0.0.1        255.255.255.0   UG    0      0        0 eth0`);
  writeFileSync(big, ['Kernel IP routing table', 'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface', ...rows, ''].join('\n'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const cli = `"${process.execPath}" "${join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs')}" "${join(root, 'src', 'cli', 'main.ts')}"`;

  it('writes everything to a slow reader, and the JSON is whole', () => {
    const result = spawnSync('bash', ['-c', `set -o pipefail; ${cli} parse route-n "${big}" | (sleep 0.5; cat)`], { cwd: root, encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 28 });
    expect(result.status).toBe(0);
    const parsed = JSON.parse(result.stdout) as { records: { destination: string }[] };
    expect(parsed.records).toHaveLength(40_000);
    expect(parsed.records[39_999]?.destination).toBe('10.156.63.0');
  });

  it('ends quietly, exit 0, when the reader stops early (| head)', () => {
    const result = spawnSync('bash', ['-c', `set -o pipefail; ${cli} parse route-n "${big}" | head -c 100 > /dev/null`], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect([result.status, result.stderr]).toEqual([0, '']);
  });

  it('exits as the whole run would when the reader stops early: the status is decided before the output', () => {
    const incident = join(root, 'corpus/incidents/seed/000_8ab8108d44c964dc.txt');
    // the status of netsift, the first command of the pipe (head and true exit 0)
    const status = (command: string): [number | null, string] => {
      const result = spawnSync('bash', ['-c', `${cli} ${command}; echo "exit \${PIPESTATUS[0]}"`], { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
      return [Number(/exit (\d+)\n$/.exec(result.stdout)?.[1]), result.stderr];
    };
    // the JSON report (81 kB) fills the pipe: the reader is gone before netsift is done writing
    expect(status(`diagnose "${incident}" --format json | head -c 10 > /dev/null`)).toEqual([1, '']);
    expect(status(`diagnose "${incident}" | true`)).toEqual([1, '']);
    expect(status(`parse auto "${incident}" | true`)).toEqual([2, '']);
    expect(status(`split "${incident}" /nonexistent | true`)).toEqual([2, 'netsift: skipped /nonexistent: cannot read it (ENOENT)\n']);
    expect(status(`parse route-n "${big}" | true`)).toEqual([0, '']);
  });
});
