// sos reports in: the lab's real-capture reports (directory = each tarball), the synthetic fixture,
// and hostile archives built here (traversal, absolute paths, symlinks out, devices, oversize
// members, a compression bomb), which must be refused with exact diagnostics.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestPath } from './sos';
import { parse } from '../formats/registry';
import { Bundle } from '../ingest/bundle';
import { hasBzip2, tar } from '../../test/support/tarball';

const root = resolve(__dirname, '../..');
const lab = join(root, 'corpus/sos');
const fixture = join(root, 'test/fixtures/sos/sosreport-kube-master-2026-01-01-abcdef');
const scratch = mkdtempSync(join(tmpdir(), 'netsift-sos-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));


const SECRET = 'root:x:0:0:NETSIFT-SECRET-OUTSIDE-THE-REPORT';

/** Hosts and sections without the report name (a directory and its tarball differ only there). */
function shape(bundle: Bundle) {
  return bundle.hosts.map((host) => ({
    name: host.name,
    sections: host.sections.map((s) => ({
      command: s.command, format: s.format, path: s.origin.kind === 'file' ? s.origin.path : null,
      text: s.text, options: s.options, partial: s.partial, snapshot: s.snapshot,
    })),
  }));
}

function everything(bundle: Bundle): string {
  return JSON.stringify(bundle);
}

function write(name: string, data: Uint8Array | string): string {
  const path = join(scratch, name);
  writeFileSync(path, data);
  return path;
}

const R = 'sosreport-evil';
const ROUTES = 'default via 192.168.86.1 dev eth0\n10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink\n';
const ROUTE_N = 'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n0.0.0.0         192.168.86.1    0.0.0.0         UG    0      0        0 eth0\n';

function messages(bundle: Bundle): string[] {
  return bundle.diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message}`);
}

describe('sos lab reports (real captures)', () => {
  const forms = ['', '.tar.xz', '.tar.gz', ...(hasBzip2 ? ['.tar.bz2'] : []), '.tar'];
  it('a directory and its tarballs give the same bundle', async () => {
    const bundles = await Promise.all(forms.map((suffix) => ingestPath(join(lab, `sosreport-flannel-node1${suffix}`))));
    const [directory, ...tarballs] = bundles.map(shape);
    expect(directory?.[0]?.name).toBe('flannel-node1');
    expect(directory?.[0]?.sections.length).toBe(9);
    for (const [index, tarball] of tarballs.entries()) expect(tarball, forms[index + 1]).toEqual(directory);
    for (const bundle of bundles) {
      expect(bundle.diagnostics).toEqual([]);
      expect(Bundle.safeParse(bundle).success).toBe(true);
    }
    expect(bundles[0]?.hosts[0]?.sections[0]?.origin).toEqual({ kind: 'file', path: 'sos_commands/networking/bridge_-s_-s_-d_-t_fdb_show', report: 'sosreport-flannel-node1' });
    expect(bundles[1]?.hosts[0]?.sections[0]?.origin).toEqual({ kind: 'file', path: 'sos_commands/networking/bridge_-s_-s_-d_-t_fdb_show', report: 'sosreport-flannel-node1.tar.xz' });
  });

  it('reads many reports at once, one host each, sos 3 and sos 4 layouts', async () => {
    const bundle = await ingestPath(['flannel-node1.tar.xz', 'flannel-node2.tar.gz', hasBzip2 ? 'flannel-node3.tar.bz2' : 'flannel-node3', 'host188'].map((name) => join(lab, `sosreport-${name}`)));
    expect(bundle.diagnostics).toEqual([]);
    expect(bundle.hosts.map((h) => h.name)).toEqual(['flannel-node1', 'flannel-node2', 'flannel-node3', 'host188']);
    const node3 = bundle.hosts[2]?.sections.map((s) => s.format);
    expect(node3).toEqual(expect.arrayContaining(['route-n', 'ifconfig', 'ip-addr', 'ip-route', 'ip-rule', 'ip-neigh', 'ip-link']));
    expect(bundle.hosts[3]?.sections.map((s) => [s.command, s.options])).toContainEqual(['iptables -t nat -nvL', { table: 'nat' }]);
  });

  it('a directory that holds reports reads each, once, and says so in a note', async () => {
    // corpus/sos: four report directories, each beside its tarballs (.tar, .tar.xz, .tar.gz, .tar.bz2)
    const bundle = await ingestPath(lab);
    const each = await ingestPath(['flannel-node1', 'flannel-node2', 'flannel-node3', 'host188'].map((name) => join(lab, `sosreport-${name}`)));
    expect(bundle.diagnostics).toEqual([]);
    expect(shape(bundle)).toEqual(shape(each));
    expect(bundle.hosts.every((h) => h.sections.every((s) => s.snapshot === 1))).toBe(true);
    const note = bundle.notes.find((n) => n.host === null)?.text ?? '';
    expect(note).toContain('holds 4: each read as its own (sosreport-flannel-node1, sosreport-flannel-node2, sosreport-flannel-node3, sosreport-host188)');
    expect(note).toContain('sosreport-flannel-node1.tar.xz');
  });

  it('a directory of tarballs alone reads one tarball per report', async () => {
    const dir = join(scratch, 'tarballs-only');
    mkdirSync(dir, { recursive: true });
    for (const name of ['sosreport-flannel-node1.tar.xz', 'sosreport-flannel-node1.tar.gz', 'sosreport-flannel-node2.tar.gz']) {
      writeFileSync(join(dir, name), readFileSync(join(lab, name)));
    }
    writeFileSync(join(dir, 'README.txt'), 'not a report\n');
    const bundle = await ingestPath(dir);
    expect(bundle.diagnostics).toEqual([]);
    expect(bundle.hosts.map((h) => h.name)).toEqual(['flannel-node1', 'flannel-node2']);
    expect(bundle.hosts[0]?.sections[0]?.origin).toMatchObject({ report: 'sosreport-flannel-node1.tar.xz' });
    expect(bundle.hosts[0]?.sections.every((s) => s.snapshot === 1)).toBe(true);
  });

  it('every section parses with its format, without diagnostics', async () => {
    const bundle = await ingestPath(['flannel-node1', 'flannel-node2', 'flannel-node3', 'host188'].map((name) => join(lab, `sosreport-${name}.tar.xz`)));
    let sections = 0;
    for (const host of bundle.hosts) {
      for (const section of host.sections) {
        expect(section.format).not.toBeNull();
        const parsed = parse(section.format as string, section.text);
        expect(parsed.diagnostics, `${host.name} ${section.command}`).toEqual([]);
        expect(parsed.records.length, `${host.name} ${section.command}`).toBeGreaterThan(0);
        sections++;
      }
    }
    expect(sections).toBe(9 + 9 + 10 + 5);
  });
});

describe('the synthetic fixture report', () => {
  it('reads netns, nft, kubectl, subnet.env, flannel logs and the journal; ignores the rest', async () => {
    const bundle = await ingestPath(fixture);
    expect(messages(bundle)).toEqual([
      'warning incomplete: sosreport-kube-master-2026-01-01-abcdef has no hostname file (hostname, sos_commands/host/hostname, sos_commands/general/hostname, etc/hostname); its host is named "kube-master" after the report directory.',
    ]);
    expect(bundle.hosts.map((h) => h.name)).toEqual(['kube-master']);
    const sections = bundle.hosts[0]?.sections ?? [];
    expect(sections.map((s) => [s.origin.kind === 'file' && s.origin.path, s.command, s.format, s.options ?? null, s.partial])).toEqual([
      ['run/flannel/subnet.env', 'cat /run/flannel/subnet.env', 'flannel-subnet-env', null, false],
      ['sos_commands/firewall_tables/nft_list_ruleset', 'nft list ruleset', 'nft-ruleset', null, false],
      ['sos_commands/logs/journalctl_--no-pager_--catalog_--boot', 'journalctl --no-pager --catalog --boot', 'flannel-log', null, true],
      ['sos_commands/networking/ip_netns_exec_qrouter_7_ip_route_show_table_all', 'ip netns exec qrouter_7 ip route show table all', 'ip-route', { netns: 'qrouter_7' }, false],
      ['sos_commands/networking/namespaces/cni-5d2f_a1/ip_netns_exec_cni-5d2f_a1_ip_-d_address_show', 'ip netns exec cni-5d2f_a1 ip -d address show', 'ip-addr', { netns: 'cni-5d2f_a1' }, false],
      ['sos_commands/networking/route_-n', 'route -n', 'route-n', null, false],
      ['var/log/containers/kube-flannel-ds-fvj6h_kube-flannel_kube-flannel-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.log', 'crictl logs', 'flannel-log', null, false],
    ]);
    const journal = sections[2];
    expect(journal?.text.split('\n').filter(Boolean)).toHaveLength(2);
    expect(journal?.partialReason).toBe('only the flanneld lines of the whole journal');
    expect(bundle.cluster.map((s) => [s.command, s.format])).toEqual([['kubectl_--kubeconfig_.etc.kubernetes.admin.conf_get_nodes', 'kubectl-get']]);
    expect(bundle.notes.map((n) => n.text)).toEqual([]);
    for (const section of sections) {
      if (!section.format) continue;
      expect(parse(section.format, section.text).diagnostics, section.command ?? '').toEqual([]);
    }
    expect(everything(bundle)).not.toContain('root:x:0:0');
    expect(everything(bundle)).not.toContain('Active Internet connections');
  });
});

describe('hostile archives', () => {
  it('refuses ".." and absolute member paths and reads nothing from them', async () => {
    const path = write('traversal.tar', tar([
      { name: `${R}/sos_commands/networking/route_-n`, body: ROUTE_N },
      { name: '../../etc/passwd', body: SECRET },
      { name: `${R}/../../etc/passwd`, body: SECRET },
      { name: '/etc/passwd', body: SECRET },
      { name: `/${R}/sos_commands/networking/ip_route_show_table_all`, body: SECRET },
    ]));
    const bundle = await ingestPath(path);
    expect(messages(bundle)).toEqual([
      'error invalid-value: Refused "../../etc/passwd" in traversal.tar: a member path with ".." in it.',
      `error invalid-value: Refused "${R}/../../etc/passwd" in traversal.tar: a member path with ".." in it.`,
      'error invalid-value: Refused "/etc/passwd" in traversal.tar: an absolute member path.',
      `error invalid-value: Refused "/${R}/sos_commands/networking/ip_route_show_table_all" in traversal.tar: an absolute member path.`,
      'warning incomplete: traversal.tar has no hostname file (hostname, sos_commands/host/hostname, sos_commands/general/hostname, etc/hostname); its host is named "evil" after the report directory.',
    ]);
    expect(shape(bundle)).toEqual([{ name: 'evil', sections: [expect.objectContaining({ command: 'route -n', text: ROUTE_N })] }]);
    expect(everything(bundle)).not.toContain('NETSIFT-SECRET');
  });

  it('refuses symlinks and hard links out of the report; follows one inside it', async () => {
    const path = write('links.tar.gz', gzipSync(tar([
      { name: `${R}/sos_commands/host/hostname`, body: 'evil-node\n' },
      { name: `${R}/hostname`, type: '2', linkname: 'sos_commands/host/hostname' },
      { name: `${R}/sos_commands/networking/ip_route_show_table_all`, type: '2', linkname: '../../../../etc/passwd' },
      { name: `${R}/sos_commands/networking/route_-n`, type: '2', linkname: '/etc/passwd' },
      { name: `${R}/sos_commands/networking/ip_-o_addr`, type: '1', linkname: 'etc/passwd' },
    ])));
    const bundle = await ingestPath(path);
    expect(messages(bundle)).toEqual([
      `error invalid-value: Refused symlink "${R}/sos_commands/networking/ip_route_show_table_all" -> "../../../../etc/passwd" in links.tar.gz: it points outside the report.`,
      `error invalid-value: Refused symlink "${R}/sos_commands/networking/route_-n" -> "/etc/passwd" in links.tar.gz: it points outside the report.`,
      `error invalid-value: Refused hardlink "${R}/sos_commands/networking/ip_-o_addr" -> "etc/passwd" in links.tar.gz: it points outside the report.`,
    ]);
    expect(bundle.hosts).toEqual([{ name: 'evil-node', sections: [] }]);
  });

  it('names the first 50 links to files it does not read and counts the rest: 130,000 of them neither throw nor flood', async () => {
    const links = Array.from({ length: 130_000 }, (_, i) => ({
      name: `${R}/sos_commands/networking/ip_netns_exec_n${i}_ip_route_show_table_all`, type: '2' as const, linkname: 'x',
    }));
    const path = write('many-links.tar', tar([{ name: `${R}/sos_commands/host/hostname`, body: 'many\n' }, ...links]));
    const bundle = await ingestPath(path);
    const said = messages(bundle);
    expect(said).toHaveLength(51);
    expect(said[0]).toBe(`info incomplete: Did not read "${R}/sos_commands/networking/ip_netns_exec_n0_ip_route_show_table_all" in many-links.tar: it links to sos_commands/networking/x, which is not a file netsift reads from a report.`);
    expect(said[50]).toBe('error invalid-value: many-links.tar: 129950 more members were refused or skipped (only the first 50 are named).');
    expect(bundle.hosts).toEqual([{ name: 'many', sections: [] }]);
  });

  it('skips device files, FIFOs and tar entries of other types', async () => {
    const path = write('devices.tar', tar([
      { name: `${R}/sos_commands/networking/route_-n`, type: '3' },
      { name: `${R}/sos_commands/networking/ip_-o_addr`, type: '4' },
      { name: `${R}/sos_commands/networking/ip_route_show_table_all`, type: '6' },
      { name: `${R}/sos_commands/networking/ip_-d_address`, type: 'V' },
      { name: `${R}/sos_commands/networking/ip_-s_-d_link`, type: '\u0001' },
      { name: `${R}/hostname`, body: 'evil\n' },
    ]));
    const bundle = await ingestPath(path);
    expect(messages(bundle)).toEqual([
      `warning incomplete: Skipped "${R}/sos_commands/networking/route_-n" in devices.tar: a character device is not a regular file.`,
      `warning incomplete: Skipped "${R}/sos_commands/networking/ip_-o_addr" in devices.tar: a block device is not a regular file.`,
      `warning incomplete: Skipped "${R}/sos_commands/networking/ip_route_show_table_all" in devices.tar: a fifo is not a regular file.`,
      `warning incomplete: Skipped "${R}/sos_commands/networking/ip_-d_address" in devices.tar: a tar entry of type "V" is not a regular file.`,
      `warning incomplete: Skipped "${R}/sos_commands/networking/ip_-s_-d_link" in devices.tar: a tar entry of type 0x1 is not a regular file.`,
    ]);
    expect(bundle.hosts).toEqual([{ name: 'evil', sections: [] }]);
  });

  it('skips a member over the per-file limit and reads on', async () => {
    const path = write('big.tar.gz', gzipSync(tar([
      { name: `${R}/hostname`, body: 'evil\n' },
      { name: `${R}/sos_commands/networking/ip_route_show_table_all`, body: ROUTES.repeat(100) },
      { name: `${R}/sos_commands/networking/route_-n`, body: ROUTE_N },
    ])));
    const bundle = await ingestPath(path, { limits: { maxFileBytes: 4096 } });
    expect(messages(bundle)).toEqual([
      `warning incomplete: Skipped "${R}/sos_commands/networking/ip_route_show_table_all" in big.tar.gz: ${ROUTES.length * 100} bytes is over the limit of 4096 bytes for one file.`,
    ]);
    expect(bundle.hosts[0]?.sections.map((s) => s.command)).toEqual(['route -n']);
  });

  it('never buffers a member whose header claims more than the default limit', async () => {
    const path = write('liar.tar', tar([
      { name: `${R}/hostname`, body: 'evil\n' },
      { name: `${R}/sos_commands/networking/ip_route_show_table_all`, body: ROUTES, size: 300 * 1024 ** 2 },
    ], false));
    const bundle = await ingestPath(path);
    expect(messages(bundle)).toEqual([
      `warning incomplete: Skipped "${R}/sos_commands/networking/ip_route_show_table_all" in liar.tar: ${300 * 1024 ** 2} bytes is over the limit of 256 MiB for one file.`,
      `error incomplete: liar.tar ends early inside "${R}/sos_commands/networking/ip_route_show_table_all": the tarball is truncated.`,
    ]);
  });

  it('stops at a compression bomb of zeros', async () => {
    const zeros = new Uint8Array(64 * 1024 ** 2);
    const path = write('bomb.tar.gz', gzipSync(tar([
      { name: `${R}/hostname`, body: 'evil\n' },
      { name: `${R}/var/junk`, body: zeros },
      { name: `${R}/sos_commands/networking/route_-n`, body: ROUTE_N },
    ]), { level: 9 }));
    const bundle = await ingestPath(path);
    expect(bundle.diagnostics).toHaveLength(1);
    expect(bundle.diagnostics[0]).toMatchObject({ code: 'incomplete', severity: 'error' });
    expect(bundle.diagnostics[0]?.message).toMatch(/^Stopped reading bomb\.tar\.gz: \d+ compressed bytes expanded to \d+, more than 200 times as many, which looks like a compression bomb; files after that point were not read\.$/);
    expect(bundle.hosts).toEqual([{ name: 'evil', sections: [] }]);
  });

  it('stops at the total limit of bytes decompressed', async () => {
    const path = write('total.tar.gz', gzipSync(tar([
      { name: `${R}/hostname`, body: 'evil\n' },
      { name: `${R}/var/junk`, body: new Uint8Array(200 * 1024) },
      { name: `${R}/sos_commands/networking/route_-n`, body: ROUTE_N },
    ])));
    const bundle = await ingestPath(path, { limits: { maxTotalBytes: 100 * 1024 } });
    expect(messages(bundle)).toEqual([
      'error incomplete: Stopped reading total.tar.gz: it decompresses to more than the limit of 102400 bytes; files after that point were not read.',
    ]);
  });

  it('counts only the files it reads of a plain .tar against the total limit: a large log skipped costs nothing', async () => {
    const entries = [
      { name: `${R}/hostname`, body: 'evil\n' },
      { name: `${R}/var/log/huge`, body: new Uint8Array(200 * 1024) },
      { name: `${R}/sos_commands/networking/route_-n`, body: ROUTE_N },
    ];
    const skipped = await ingestPath(write('total.tar', tar(entries)), { limits: { maxTotalBytes: 100 * 1024 } });
    expect(messages(skipped)).toEqual([]);
    expect(skipped.hosts[0]?.sections.map((s) => s.command)).toEqual(['route -n']);
    const read = await ingestPath(write('total-read.tar', tar(entries)), { limits: { maxTotalBytes: 100 } });
    expect(messages(read)).toEqual([
      'error incomplete: Stopped reading total-read.tar: the files netsift reads from it add up to more than the limit of 100 bytes; files after that point were not read.',
    ]);
  });

  it('reads a .tar.gz cut short up to the cut: the file it ends in is a partial section, and a diagnostic says where', async () => {
    const gz = gzipSync(tar([
      { name: `${R}/hostname`, body: 'evil\n' },
      { name: `${R}/sos_commands/networking/route_-n`, body: ROUTE_N },
      { name: `${R}/sos_commands/networking/ip_route_show_table_all`, body: ROUTES.repeat(20_000) },
    ]));
    const bundle = await ingestPath(write('cut.tar.gz', gz.subarray(0, Math.floor(gz.length / 2))));
    expect(messages(bundle)).toEqual([expect.stringMatching(
      new RegExp(`^error incomplete: Stopped reading cut\\.tar\\.gz: decompression failed after \\d+ bytes decompressed inside "${R}/sos_commands/networking/ip_route_show_table_all" \\(unexpected end of file\\); the files before that point were read\\.$`),
    )]);
    const [routes, route] = bundle.hosts[0]?.sections ?? [];
    expect(route).toMatchObject({ command: 'route -n', text: ROUTE_N, partial: false });
    expect(routes).toMatchObject({ command: 'ip route show table all', partial: true });
    expect(routes?.partialReason).toMatch(/^the tarball ends inside it: \d+ of its 1\d{6} bytes were read$/);
    expect(ROUTES.repeat(20_000).startsWith(routes?.text ?? 'none')).toBe(true);
  });

  it('finds the report at the top of the tarball or deeper than one directory down', async () => {
    const top = await ingestPath(write('sosreport-top-2026-01-01-abc.tar', tar([
      { name: './', type: '5' },
      { name: './sos_commands/networking/route_-n', body: ROUTE_N },
      { name: './sos_commands/networking/ip_route_show_table_all', type: '2', linkname: 'route_-n' },
    ])));
    expect(messages(top)).toEqual([expect.stringMatching(/ its host is named "top" after the report directory\.$/)]);
    expect(top.hosts.map((h) => [h.name, h.sections.map((s) => s.command)])).toEqual([['top', ['ip route show table all', 'route -n']]]);
    const deep = await ingestPath(write('case-123.tar', tar([
      { name: 'cases/123/sosreport-deep/hostname', body: 'deep-node\n' },
      { name: 'cases/123/sosreport-deep/sos_commands/networking/route_-n', body: ROUTE_N },
    ])));
    expect(messages(deep)).toEqual([]);
    expect(deep.hosts.map((h) => [h.name, h.sections.map((s) => s.command)])).toEqual([['deep-node', ['route -n']]]);
  });

  it('says what a file that is not a tarball or a broken one is', async () => {
    const bundle = await ingestPath([write('notes.txt', 'hello'), write('broken.tar.xz', Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0, 1, 2, 3, 4])), join(scratch, 'missing')]);
    expect(messages(bundle)).toEqual([
      'error unknown-format: Skipped notes.txt: not a tarball (.tar, .tar.xz, .tar.gz or .tar.bz2).',
      expect.stringMatching(/^error incomplete: Stopped reading broken\.tar\.xz: decompression failed/),
      'warning incomplete: broken.tar.xz holds no file netsift reads from a sos report.',
      expect.stringMatching(/^error incomplete: Cannot read .*missing: ENOENT\.$/),
    ]);
  });
});

describe('hostile report directories', () => {
  it('refuses a symlink out of the report, does not follow symlinked directories, skips FIFOs', async () => {
    const base = join(scratch, 'dir');
    const report = join(base, 'sosreport-dirnode');
    const outside = join(base, 'outside');
    mkdirSync(join(report, 'sos_commands/networking'), { recursive: true });
    mkdirSync(join(outside, 'firewall'), { recursive: true });
    writeFileSync(join(outside, 'passwd'), SECRET);
    writeFileSync(join(outside, 'firewall/iptables-save'), SECRET);
    writeFileSync(join(report, 'sos_commands/networking/route_-n'), ROUTE_N);
    symlinkSync(join(outside, 'passwd'), join(report, 'sos_commands/networking/ip_route_show_table_all'));
    symlinkSync('../../../outside/passwd', join(report, 'sos_commands/networking/ip_-o_addr'));
    symlinkSync(join(outside, 'firewall'), join(report, 'sos_commands/firewall_tables'));
    execFileSync('mkfifo', [join(report, 'sos_commands/networking/ip_-s_-d_link')]);
    mkdirSync(join(report, 'sos_commands/host'), { recursive: true });
    writeFileSync(join(report, 'sos_commands/host/hostname'), 'dirnode\n');
    symlinkSync('sos_commands/host/hostname', join(report, 'hostname'));
    const bundle = await ingestPath(report);
    expect(messages(bundle)).toEqual([
      'error invalid-value: Refused sos_commands/networking/ip_-o_addr in sosreport-dirnode: a symlink that points outside the report.',
      'warning incomplete: Skipped sos_commands/networking/ip_-s_-d_link in sosreport-dirnode: not a regular file (fifo).',
      'error invalid-value: Refused sos_commands/networking/ip_route_show_table_all in sosreport-dirnode: a symlink that points outside the report.',
      'info incomplete: Did not follow sos_commands/firewall_tables in sosreport-dirnode: a symlinked directory is never followed.',
    ]);
    expect(shape(bundle)).toEqual([{ name: 'dirnode', sections: [expect.objectContaining({ command: 'route -n', text: ROUTE_N })] }]);
    expect(everything(bundle)).not.toContain('NETSIFT-SECRET');
  });

  it('refuses files reached through a symlinked directory on the way (etc -> outside, sos_commands -> outside)', async () => {
    const base = join(scratch, 'dir-parents');
    const report = join(base, 'sosreport-parents');
    const outside = join(base, 'outside');
    mkdirSync(join(outside, 'networking'), { recursive: true });
    mkdirSync(join(outside, 'etcdir'), { recursive: true });
    mkdirSync(report, { recursive: true });
    writeFileSync(join(outside, 'networking/route_-n'), `${SECRET}\n${ROUTE_N}`);
    writeFileSync(join(outside, 'etcdir/hostname'), 'NETSIFT-SECRET-host\n');
    symlinkSync('../outside/etcdir', join(report, 'etc'));
    symlinkSync('../outside', join(report, 'sos_commands'));
    const bundle = await ingestPath(report);
    expect(messages(bundle)).toEqual(expect.arrayContaining([
      'error invalid-value: Refused etc/hostname in sosreport-parents: its path leads, through a symlinked directory, outside the report.',
    ]));
    expect(messages(bundle).filter((m) => m.includes('sos_commands/networking'))).toEqual([
      'error invalid-value: Refused sos_commands/networking/route_-n in sosreport-parents: its path leads, through a symlinked directory, outside the report.',
    ]);
    expect(bundle.hosts.flatMap((h) => h.sections)).toEqual([]);
    expect(everything(bundle)).not.toContain('NETSIFT-SECRET');
  });
});

describe('report directories with many refused files', () => {
  it('names the first 50 and counts the rest', async () => {
    const report = join(scratch, 'dir-many', 'sosreport-many');
    mkdirSync(join(report, 'sos_commands/networking'), { recursive: true });
    mkdirSync(join(report, 'sos_commands/host'), { recursive: true });
    writeFileSync(join(report, 'sos_commands/host/hostname'), 'many\n');
    for (let i = 0; i < 80; i++) symlinkSync('nowhere', join(report, `sos_commands/networking/ip_netns_exec_n${String(i).padStart(2, '0')}_ip_route_show_table_all`));
    const bundle = await ingestPath(report);
    const said = messages(bundle);
    expect(said).toHaveLength(51);
    expect(said[0]).toBe('warning incomplete: Skipped sos_commands/networking/ip_netns_exec_n00_ip_route_show_table_all in sosreport-many: a dangling symlink.');
    expect(said[50]).toBe('warning incomplete: sosreport-many: 30 more files were refused or skipped (only the first 50 are named).');
  });
});

describe('ingestPath reading ahead', () => {
  it('gives hosts, diagnostics and progress in the order of the paths, whichever read finishes first', async () => {
    const dir = join(__dirname, '../../corpus/incidents/healthy/sos');
    // small missing paths finish long before a tarball does: their diagnostics still come in order
    const paths = [
      join(dir, 'sosreport-alpha.tar.xz'), join(scratch, 'missing-1'), join(dir, 'sosreport-bravo.tar.xz'), join(scratch, 'missing-2'),
      join(scratch, 'missing-3'), join(scratch, 'missing-4'), join(dir, 'sosreport-charlie'), join(scratch, 'missing-5'),
    ];
    const seen: string[] = [];
    const bundle = await ingestPath(paths, { onProgress: ({ path }) => seen.push(path) });
    expect(seen).toEqual(paths);
    expect(bundle.hosts.map((h) => h.name)).toEqual(['alpha', 'bravo', 'charlie']);
    expect(bundle.diagnostics.map((d) => d.message)).toEqual([1, 2, 3, 4, 5].map((n) => `Cannot read ${join(scratch, `missing-${n}`)}: ENOENT.`));
  });
});

describe('ingestPath progress', () => {
  it('reports each input path read, in order, with the total', async () => {
    const seen: [number, number, string][] = [];
    const dir = join(__dirname, '../../corpus/incidents/healthy/sos');
    const paths = ['sosreport-alpha.tar.xz', 'sosreport-bravo.tar.xz', 'sosreport-charlie'].map((p) => join(dir, p));
    const bundle = await ingestPath(paths, { onProgress: ({ done, total, path }) => seen.push([done, total, path]) });
    expect(seen).toEqual(paths.map((path, i) => [i + 1, 3, path]));
    expect(bundle.hosts.map((h) => h.name)).toEqual(['alpha', 'bravo', 'charlie']);
  });
});

describe('directories of captures', () => {
  const example = join(root, 'examples/host188');

  it('reads a directory that is no report and holds none as its files pasted, the directory naming the host', async () => {
    const bundle = await ingestPath(example);
    const files = ['bridge-fdb-flannel.1.txt', 'flannel-route-add.stderr.txt', 'ifconfig-a.txt', 'ip-d-addr.txt', 'ip-neigh-flannel.1.txt', 'ip-route.txt', 'route-n.txt'];
    const { ingest } = await import('../ingest');
    const pasted = ingest(files.map((file) => ({ name: join(example, file), text: readFileSync(join(example, file), 'utf8') })));
    // the same as pasting each file by its path, with a note that says why
    expect(bundle.hosts).toEqual(pasted.hosts);
    expect(bundle.hosts.map((h) => [h.name, h.sections.map((s) => s.format)])).toEqual([
      ['host188', ['bridge-fdb', 'ifconfig', 'ip-addr', 'ip-neigh', 'ip-route', 'route-n']],
    ]);
    expect(bundle.notes.map((n) => n.text)).toEqual([
      `${example} is no sos report and holds none: its 7 files read as captures, each as a paste named by its path.`,
      ...pasted.notes.map((n) => n.text),
    ]);
    expect(bundle.diagnostics).toEqual([]);
  });

  it('reads hosts\' directories one level down, skips dot files, refuses what leaves the directory', async () => {
    const base = join(scratch, 'captures');
    mkdirSync(join(base, 'node-a/.git'), { recursive: true });
    mkdirSync(join(base, 'node-b/deeper'), { recursive: true });
    mkdirSync(join(scratch, 'captures-outside'), { recursive: true });
    writeFileSync(join(scratch, 'captures-outside/passwd'), SECRET);
    writeFileSync(join(base, 'node-a/route-n.txt'), ROUTE_N);
    writeFileSync(join(base, 'node-a/.hidden'), SECRET);
    writeFileSync(join(base, 'node-a/.git/config'), SECRET);
    writeFileSync(join(base, 'node-b/route-n.txt'), ROUTE_N);
    writeFileSync(join(base, 'node-b/deeper/route-n.txt'), ROUTE_N);
    symlinkSync(join(scratch, 'captures-outside/passwd'), join(base, 'node-b/ip-route.txt'));
    const bundle = await ingestPath(base);
    expect(bundle.hosts.map((h) => [h.name, h.sections.map((s) => s.format)])).toEqual([['node-a', ['route-n']], ['node-b', ['route-n']]]);
    expect(messages(bundle)).toEqual([
      'info incomplete: Did not read node-b/deeper in captures: a directory of captures is read one level down.',
      'error invalid-value: Refused node-b/ip-route.txt in captures: a symlink that points outside the report.',
    ]);
    expect(everything(bundle)).not.toContain('NETSIFT-SECRET');
  });

  it('reads a report beside nothing else as a report, never as captures', async () => {
    const bundle = await ingestPath(join(__dirname, '../../corpus/incidents/healthy/sos/sosreport-charlie'));
    expect(bundle.notes.some((n) => n.text.includes('read as captures'))).toBe(false);
    expect(bundle.hosts.map((h) => h.name)).toEqual(['charlie']);
  });
});

describe('directories of captures, named and mixed', () => {
  it('names the host after the real directory when the path given names another (a symlink)', async () => {
    const base = join(scratch, 'captures-link');
    mkdirSync(join(base, 'node-z'), { recursive: true });
    writeFileSync(join(base, 'node-z/route-n.txt'), ROUTE_N);
    symlinkSync(join(base, 'node-z'), join(base, 'shortcut'));
    const bundle = await ingestPath(join(base, 'shortcut'));
    expect(bundle.hosts.map((h) => h.name)).toEqual(['node-z']);
  });

  it('says which entries beside the reports it did not read, and never takes sos\'s own directories for reports', async () => {
    const base = join(scratch, 'mixed');
    mkdirSync(join(base, 'sosreport-nodeA-2026-01-01-abcdef/sos_logs'), { recursive: true });
    writeFileSync(join(base, 'sosreport-nodeA-2026-01-01-abcdef/sos_logs/sos.log'), 'sos log\n');
    writeFileSync(join(base, 'route-n.txt'), ROUTE_N);
    writeFileSync(join(base, 'README'), 'notes\n');
    const bundle = await ingestPath(base);
    expect(bundle.notes.map((n) => n.text)).toEqual([
      `${base} is no sos report but holds 1: each read as its own (sosreport-nodeA-2026-01-01-abcdef); 2 other entries not read (captures are read from a directory that holds no report): README, route-n.txt.`,
    ]);
    // a report stripped of its sos_commands is still the report, not a holder of "sos_logs"
    expect(bundle.hosts.map((h) => h.name)).toEqual(['nodeA']);
  });
});
