// netsift diagnose and netsift trace as a user runs them: outputs, exit codes (0 clean, 1 an error
// finding, 2 usage or input errors), --exit-zero, and the formats.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Report } from '../src/report';
import { Trace } from '../src/analyze/trace';
import { VERSION } from '../src/report/version';

const root = join(__dirname, '..');
const seed = 'corpus/incidents/seed/000_8ab8108d44c964dc.txt';

function netsift(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return netsiftIn(root, ...args);
}

function netsiftIn(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'src', 'cli', 'main.ts'), ...args], {
    cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('netsift diagnose', () => {
  it('prints the root cause first, exits 1 on an error finding and 0 with --exit-zero', () => {
    const result = netsift('diagnose', seed);
    expect(result.status).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^netsift \d+\.\d+\.\d+: 3 hosts, \d+ findings \(\d+ errors\)$/);
    expect(lines[2]).toBe('Root causes (2)');
    expect(lines[3]).toContain('1. error overlay/address-conflict on host188: 10.244.2.0 on tunl0 is the VTEP gateway of host189\'s pod subnet 10.244.2.0/24');
    expect(result.stdout).toContain('     ip addr del 10.244.2.0/32 dev tunl0\n');
    expect(result.stdout).toContain('Trace tcp external → 192.168.86.188:30038');
    expect(netsift('diagnose', '--exit-zero', seed).status).toBe(0);
  });

  it('names an IPVS virtual service without real servers as the cause of a refused curl, and traces the curl there', () => {
    // the synthetic IPVS-mode node (test/fixtures/ipvsadm/README.md) and a curl to its ClusterIP without endpoints
    const dir = mkdtempSync(join(tmpdir(), 'netsift-ipvs-'));
    const file = join(dir, 'node-a.txt');
    writeFileSync(file, `${readFileSync(join(root, 'test/fixtures/ipvsadm/node-a.txt'), 'utf8')}[root@node-a ~]# curl -m 2 http://10.96.9.9/\ncurl: (7) Failed to connect to 10.96.9.9 port 80 after 1 ms: Connection refused\n`);
    const result = netsift('diagnose', file);
    expect(result.status).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      `netsift ${VERSION}: 1 host, 1 finding (1 error)`, '', 'Root causes (1)',
      '1. error service/ipvs-no-real-servers on node-a: IPVS virtual service TCP 10.96.9.9:80 has no real server in IPVS on node-a: connections to TCP 10.96.9.9:80 are refused (ICMP port unreachable)',
    ]);
    expect(result.stdout).toContain('Trace tcp node-a → 10.96.9.9:80\n  100%: rejected at node-a\n');
    rmSync(dir, { recursive: true, force: true });
  });

  it('paints into a pipe with FORCE_COLOR, and not with NO_COLOR or FORCE_COLOR=0', () => {
    const run = (env: Record<string, string>): string => {
      const inherited = { ...process.env };
      delete inherited['NO_COLOR'];
      delete inherited['FORCE_COLOR'];
      return spawnSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'src', 'cli', 'main.ts'), 'diagnose', seed], {
        cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...inherited, ...env },
      }).stdout;
    };
    const forced = run({ FORCE_COLOR: '1' });
    const ESC = '\u001b';
    expect(forced.split('\n')[0]).toMatch(new RegExp(`^${ESC}\\[1mnetsift \\S+: 3 hosts, \\d+ findings \\(\\d+ errors\\)${ESC}\\[22m$`));
    expect(forced).toContain('1. \u001b[31merror\u001b[39m \u001b[1moverlay/address-conflict\u001b[22m on host188');
    for (const env of [{}, { FORCE_COLOR: '0' }, { FORCE_COLOR: '1', NO_COLOR: '1' }] as Record<string, string>[]) expect(run(env), JSON.stringify(env)).not.toContain('\u001b[');
  });

  it('reads a directory of captures as its files: the same findings as naming each file', () => {
    const files = ['bridge-fdb-flannel.1.txt', 'flannel-route-add.stderr.txt', 'ifconfig-a.txt', 'ip-d-addr.txt', 'ip-neigh-flannel.1.txt', 'ip-route.txt', 'route-n.txt'];
    const byDirectory = netsift('diagnose', '--format', 'json', 'examples/host188');
    const byFile = netsift('diagnose', '--format', 'json', ...files.map((file) => `examples/host188/${file}`));
    expect(byDirectory.status).toBe(1);
    const findings = (stdout: string) => Report.parse(JSON.parse(stdout)).findings.map((f) => [f.rule, f.role, f.host, f.message]);
    expect(findings(byDirectory.stdout)).toEqual(findings(byFile.stdout));
    expect(findings(byDirectory.stdout).map(([rule]) => rule)).toContain('mtu/mismatch');
    // "." names no directory: the host is the directory's own name all the same
    expect(findings(netsiftIn(join(root, 'examples/host188'), 'diagnose', '--format', 'json', '.').stdout)).toEqual(findings(byFile.stdout));
  });

  it('--format json is the documented report, and markdown is Markdown', () => {
    const json = netsift('diagnose', '--format', 'json', seed);
    const report = Report.parse(JSON.parse(json.stdout));
    expect(report.netsift).toBe(VERSION);
    expect(report.findings[0]?.rule).toBe('overlay/address-conflict');
    expect(report.hosts.map((h) => h.name)).toEqual(['host188', 'host189', 'host190']);
    const markdown = netsift('diagnose', '--format', 'markdown', '--exit-zero', seed);
    expect(markdown.stdout.split('\n').slice(0, 1)).toEqual(['# netsift diagnosis']);
    expect(markdown.stdout).toContain('## Root causes\n\n### `overlay/address-conflict` on host188 (error)');
  });

  it('exits 0 on a healthy cluster and 2 on usage errors', () => {
    const healthy = netsift('diagnose', 'corpus/incidents/healthy/transcript.txt');
    expect(healthy.status).toBe(0);
    expect(netsift('diagnose', '--format', 'yaml', seed).status).toBe(2);
    const missing = netsift('diagnose', 'no/such/file');
    expect([missing.status, missing.stderr]).toEqual([2, 'netsift: skipped no/such/file: cannot read it (ENOENT)\nnetsift: no input could be read\n']);
  });

  it('exits 2 when a named input could not be read, after the report of the rest (text, Markdown, JSON; an error finding too)', () => {
    const partly = netsift('diagnose', 'corpus/incidents/healthy/transcript.txt', '/nonexistent');
    expect([partly.status, partly.stderr]).toEqual([2, 'netsift: skipped /nonexistent: cannot read it (ENOENT)\n']);
    expect(partly.stdout).toContain('\nProblems reading the input (1)\n  error Skipped /nonexistent: cannot read it (ENOENT).\n');
    const markdown = netsift('diagnose', '--format', 'markdown', 'corpus/incidents/healthy/transcript.txt', '/nonexistent');
    expect([markdown.status, markdown.stdout.split('\n').slice(2, 7)]).toEqual([2, [
      `netsift ${VERSION}: 3 hosts (alpha, bravo, charlie), 0 findings (0 errors).`, '',
      '## Problems reading the input (1)', '', '- **error** Skipped /nonexistent: cannot read it (ENOENT).',
    ]]);
    const json = netsift('diagnose', '--format', 'json', 'corpus/incidents/healthy/transcript.txt', '/nonexistent');
    expect([json.status, Report.parse(JSON.parse(json.stdout)).hosts.length]).toEqual([2, 3]);
    expect(netsift('diagnose', seed, '/nonexistent').status).toBe(2);
    expect(netsift('diagnose', '--exit-zero', seed, '/nonexistent').status).toBe(2);
    expect(netsift('trace', seed, '/nonexistent', '--to', '192.168.86.188:30038').status).toBe(2);
  });
});

describe('netsift trace', () => {
  it('traces a NodePort from outside as JSON, and the path as a Mermaid diagram', () => {
    const json = netsift('trace', seed, '--to', '192.168.86.188:30038', '--format', 'json');
    expect(json.status).toBe(0);
    const result = Trace.parse(JSON.parse(json.stdout));
    expect(result.branches.map((b) => [b.endpoint, b.disposition, b.at])).toEqual([['10.244.2.6:9090', 'null-routed', 'host188']]);
    const mermaid = netsift('trace', seed, '--to', '10.244.2.6:9090', '--from', 'host190', '--format', 'mermaid');
    expect(mermaid.stdout.split('\n')[0]).toBe('flowchart LR');
    expect(mermaid.stdout).toContain('((\"delivered at host189\"))');
  });

  it("says the reply: its end on the branch's line and its hops after the request's (text), dotted on from the delivery (Mermaid), `reply` and `source` (JSON)", () => {
    const lab = 'corpus/kernel-trace/s10/transcript.txt';
    const args = ['trace', lab, '--from', 'node-1', '--to', '10.0.0.13:30082'];
    const text = netsift(...args).stdout;
    expect(text).toContain('\n  100% via 10.244.3.5:80: delivered at node-4; reply lost at node-1\n');
    expect(text).toContain('\n    node-4 deliver (inferred): 10.244.3.5 on cni0 (no pod list shows which pod)\n    the reply:\n      node-4 route: the reply: from 10.244.3.5:80 to 10.0.0.11 (the pod answers, in on cni0); its destination port is node-1\'s local port: in 20000-25000 (its net.ipv4.ip_local_port_range)\n');
    const mermaid = netsift(...args, '--format', 'mermaid').stdout;
    expect(mermaid).toContain('\n  b0end -.->|reply| b0r0\n');
    expect(mermaid).toContain('\n  b0rend(("reply lost at node-1"))\n');
    expect(mermaid).toContain('\n  style b0rend fill:#fdd\n');
    const json = Trace.parse(JSON.parse(netsift(...args, '--format', 'json').stdout));
    expect(json.branches.map((b) => [b.source, b.reply?.disposition, b.reply?.at, b.reply?.hops.length])).toEqual([['10.0.0.11', 'lost', 'node-1', 5]]);
    // Markdown (diagnose): the reply's table after the request's
    const markdown = netsift('diagnose', lab, '--format', 'markdown', '--trace', '10.0.0.13:30082').stdout;
    expect(markdown).toContain("\nThe reply: **insufficient-information** at node-4\n\n| host | step | detail | inferred |\n| --- | --- | --- | --- |\n| node-4 | route | the reply is not traced: the client's address is not known (--source gives it) |  |\n");
  });

  it('exits 2 for an unknown host', () => {
    const result = netsift('trace', seed, '--to', '10.244.2.6', '--from', 'host999');
    expect([result.status, result.stderr]).toEqual([2, expect.stringContaining('unknown host "host999"; known: host188, host189, host190')]);
  });

  it('takes the client address with --source, and refuses one that is not IPv4', () => {
    const result = netsift('trace', seed, '--to', '192.168.86.188:30038', '--source', '203.0.113.7', '--format', 'json');
    expect(result.status).toBe(0);
    const branches = (JSON.parse(result.stdout) as { branches: { endpoint: string; disposition: string }[] }).branches;
    expect(branches.map((b) => [b.endpoint, b.disposition])).toEqual([['10.244.2.6:9090', 'null-routed']]);
    const bad = netsift('trace', seed, '--to', '10.244.2.6', '--source', 'host188');
    expect([bad.status, bad.stderr]).toEqual([2, 'netsift: --source "host188" is not an IPv4 address\n']);
  });

  it('refuses a target that is no IPv4 address with a port of 1-65535 (exit 2, not a trace from outside)', () => {
    for (const target of ['10.244.2.6:99999', 'host189:30038', '10.244.2.256', '10.244.2.6:0']) {
      const result = netsift('trace', seed, '--to', target);
      expect([result.status, result.stderr], target).toEqual([2, `netsift: "${target}" is no IPv4 address with an optional port (1-65535), as in 10.244.2.6:9090\n`]);
    }
    expect(netsift('diagnose', seed, '--trace', '10.244.2.6:70000').status).toBe(2);
    expect(netsift('diagnose', '--trace', '10.244.2.6:9090', '--trace', '10.244.2.6:70000', seed).status).toBe(2);
  });

  it('--trace takes one target each time it is given, and the inputs may follow it', () => {
    const traced = (...args: string[]): string[] => (JSON.parse(netsift('diagnose', '--format', 'json', ...args).stdout) as { traces: { to: string }[] }).traces.map((t) => t.to);
    expect(traced('--trace', '10.244.2.6:9090', seed)).toEqual(['10.244.2.6:9090', '192.168.86.188:30038', '192.168.86.189:30038']);
    expect(traced(seed, '--trace', '10.244.2.6:9090', '--trace', '10.244.1.5:53')).toEqual(['10.244.2.6:9090', '10.244.1.5:53', '192.168.86.188:30038', '192.168.86.189:30038']);
  });

  it('lists the outputs no host was named for, and --host names it', () => {
    const text = '$ ip route\ndefault via 10.0.0.1 dev eth0\n10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1\n';
    const dir = mkdtempSync(join(tmpdir(), 'netsift-'));
    const file = join(dir, 'paste.txt');
    writeFileSync(file, text);
    const unnamed = netsift('diagnose', file);
    expect(unnamed.stdout.split('\n').slice(0, 6)).toEqual([
      'netsift 0.1.0: 0 hosts, 0 findings (0 errors)'.replace('0.1.0', VERSION), '',
      'Outputs no host was named for (1): read, not diagnosed',
      '  name the host with a prompt ([root@node-a ~]#), a header line (=== node-a ===), a file named after it (node-a.txt), or --host',
      `  ${file}:2 ip route ip-route`, '',
    ]);
    const json = Report.parse(JSON.parse(netsift('diagnose', '--format', 'json', file).stdout));
    expect(json.unattributed.map((u) => [u.command, u.format, u.span.line])).toEqual([['ip route', 'ip-route', 2]]);
    expect(netsift('diagnose', '--format', 'markdown', file).stdout).toContain('## Outputs no host was named for');
    const named = Report.parse(JSON.parse(netsift('diagnose', '--format', 'json', '--host', 'node-x', file).stdout));
    expect([named.hosts.map((h) => [h.name, h.sections.map((s) => s.format)]), named.unattributed]).toEqual([[['node-x', ['ip-route']]], []]);
    expect(netsift('split', '--host', 'node-x', file).stdout.split('\n')[0]).toBe('node-x');
    // a directory of captures too
    expect(netsift('split', '--host', 'node-x', dir).stdout.split('\n').slice(0, 2)).toEqual(['node-x', expect.stringContaining('ip-route')]);
    expect(netsift('diagnose', '--host', 'a b', file).status).toBe(2);
  });

  it('reads a UTF-16 paste, a tarball whatever its name; skips a zip, a binary and an unreadable input with a message, and reads the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netsift-'));
    const utf16 = join(dir, 'host188.txt');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(join(root, seed), 'utf8'), 'utf16le')]));
    expect(netsift('diagnose', '--exit-zero', utf16).stdout.split('\n')[0]).toMatch(/^netsift \S+: 3 hosts, \d+ findings/);
    const tarball = join(dir, 'report-from-support.bin');
    writeFileSync(tarball, readFileSync(join(root, 'corpus/sos/sosreport-flannel-node2.tar.gz')));
    const zip = join(dir, 'sosreport-x.zip');
    writeFileSync(zip, Buffer.from('PK\x03\x04rest of a zip', 'latin1'));
    const result = netsift('split', tarball, zip, join(dir, 'missing.txt'));
    // what was read is shown, and the exit status says not all of it was
    expect(result.status).toBe(2);
    expect(result.stdout.split('\n')[0]).toBe('flannel-node2');
    expect(result.stderr).toBe(`netsift: skipped ${zip}: a zip archive, which netsift does not read (extract it and name the directory)\nnetsift: skipped ${join(dir, 'missing.txt')}: cannot read it (ENOENT)\n`);
    expect(netsift('split', zip).status).toBe(2);
  });

  it('a tarball it could read only in part (truncated, corrupt) is named with what stopped it, and the exit status is 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netsift-'));
    const whole = readFileSync(join(root, 'corpus/sos/sosreport-flannel-node2.tar.gz'));
    const cut = join(dir, 'sosreport-cut.tar.gz');
    writeFileSync(cut, whole.subarray(0, 200));
    const split = netsift('split', cut);
    expect(split.status).toBe(2);
    // the report directory's name came through before the cut; nothing of its files did
    expect(split.stdout.split('\n').slice(0, 2)).toEqual(['flannel-node2', expect.stringMatching(/^error Stopped reading sosreport-cut\.tar\.gz: decompression failed after \d+ bytes decompressed \(unexpected end of file\); the files before that point were read\.$/)]);
    const diagnose = netsift('diagnose', cut);
    expect(diagnose.status).toBe(2);
    expect(diagnose.stdout).toContain('Problems reading the input');
    // the whole tarball: read, exit as its findings say
    expect(netsift('split', join(root, 'corpus/sos/sosreport-flannel-node2.tar.gz')).status).toBe(0);
  });

  it('names the archives and binaries of a directory of captures it did not read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netsift-'));
    writeFileSync(join(dir, 'node-a.txt'), '$ ip route\ndefault via 10.0.0.1 dev eth0\n');
    writeFileSync(join(dir, 'node-b-sos.tar.gz'), readFileSync(join(root, 'corpus/sos/sosreport-flannel-node2.tar.gz')));
    const result = netsift('diagnose', dir);
    expect(result.stdout).toContain('Problems reading the input (1)\n  warning Did not read node-b-sos.tar.gz in ');
    expect(result.stdout).toContain('it is binary, not text (a tarball: name it to read it as a sos report).');
  });

  it('has the version package.json has', () => {
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version).toBe(VERSION);
  });
});
