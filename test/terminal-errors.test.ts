// A command that printed an error instead of its listing, and sudo's / ssh's lines before an output,
// in pastes: the real messages of corpus/terminal (corpus/lab/terminal-errors.sh) after a prompt.
// Before, "Cannot find device "flannel.1"" read as an empty neighbour table (false missing-neighbor
// errors), "[sudo] password for bob:" ended the section (an empty FDB: false missing-fdb errors).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Section } from '../src/core';
import { ingest } from '../src/ingest';
import { readLeadLine } from '../src/ingest/terminal';
import { parseSysctl, type SysctlEntry } from '../src/formats/sysctl';
import type { Parsed } from '../src/formats/format';
import { parse } from '../src/formats/registry';
import { diagnose, renderMarkdown, renderText } from '../src/report';
import { ROOT } from './support/corpus';

const DIR = join(ROOT, 'corpus/terminal');
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { file: string; command: string }[];

// what each real message says: its kind and what it names (reviewed by hand against the captures)
// (usage: a command that netsift reads with its bad argument as output, "ip neigh foo"; the line alone is read)
const EXPECTED: Record<string, { kind: string; subject: string | null; text?: string; usage?: true }> = {
  'bash_ifconfig_-a.txt': { kind: 'not-installed', subject: 'ifconfig' },
  'bash_route_-n.txt': { kind: 'not-installed', subject: 'route' },
  'bridge_fdb_show_br_cni0.txt': { kind: 'no-device', subject: 'cni0' },
  'bridge_fdb_show_dev_flannel.1.txt': { kind: 'no-device', subject: 'flannel.1' },
  'cat_run_flannel_subnet.env.txt': { kind: 'no-file', subject: '/run/flannel/subnet.env' },
  // values with one key's error among them: no failure of the section (the test below)
  'cat_proc_sys_three_keys.txt': { kind: 'values', subject: null },
  'sysctl_-n_three_keys.txt': { kind: 'values', subject: null },
  'ifconfig_flannel.1.txt': { kind: 'no-device', subject: 'flannel.1' },
  'ip_-6_neigh_show_dev_flannel.1.txt': { kind: 'no-device', subject: 'flannel.1' },
  'ip_-d_link_show_flannel.1.txt': { kind: 'no-device', subject: 'flannel.1' },
  'ip_-s_-d_link_show_cni0.txt': { kind: 'no-device', subject: 'cni0' },
  'ip_addr_show_dev_flannel.1.txt': { kind: 'no-device', subject: 'flannel.1' },
  'ip_foo.txt': { kind: 'error', subject: null, usage: true },
  'ip_neigh_foo.txt': { kind: 'error', subject: null, usage: true },
  'ip_neigh_show_dev.txt': { kind: 'error', subject: null, usage: true },
  'ip_neigh_show_dev_flannel.1.txt': { kind: 'no-device', subject: 'flannel.1' },
  'ip_route_show_dev_flannel.1.txt': { kind: 'no-device', subject: 'flannel.1' },
  'iptables-legacy-save_as_nobody.txt': { kind: 'denied', subject: null },
  // legacy names no chain: the command does
  'iptables-legacy_-t_nat_-S_KUBE-NODEPORTS.txt': { kind: 'no-chain', subject: 'KUBE-NODEPORTS' },
  'iptables-legacy_-t_nat_-nL_KUBE-SVC-NOPE.txt': { kind: 'no-chain', subject: 'KUBE-SVC-NOPE' },
  'iptables-legacy_-t_nat_-nvL_as_nobody.txt': { kind: 'denied', subject: null },
  // the warning iptables-nft prints first stays the output (mixed backends are evidence); iptables-nft
  // 1.8.9 says "incompatible" of a chain that is not there and of one it cannot show: an error, not no-chain
  'iptables-nft_-t_nat_-S_KUBE-NODEPORTS_after_legacy.txt': {
    kind: 'error', subject: 'KUBE-NODEPORTS', text: '# Warning: iptables-legacy tables present, use iptables-legacy to see them',
  },
  'iptables-nft_-t_nat_-S_KUBE-SVC-NOPE.txt': { kind: 'error', subject: 'KUBE-SVC-NOPE' },
  'iptables-nft_-t_nat_-nvL_KUBE-NODEPORTS.txt': { kind: 'error', subject: 'KUBE-NODEPORTS' },
  'iptables-nft_-t_nat_-nvL_as_nobody.txt': { kind: 'denied', subject: null },
  'nft_list_table_ip_kube-proxy.txt': { kind: 'error', subject: null },
  'sh_route_-n.txt': { kind: 'not-installed', subject: 'route' },
};

const ROUTE = 'default via 192.168.86.1 dev eth0 proto dhcp metric 100';

function sectionsOf(text: string): Section[] {
  const bundle = ingest({ name: 'paste', text });
  return [...bundle.hosts.flatMap((host) => host.sections), ...bundle.unattributed.map((u) => u.section)];
}

describe('a command that printed an error instead of its listing', () => {
  it('covers every capture of corpus/terminal', () => {
    expect(manifest.map((entry) => entry.file).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const entry of manifest) {
    const output = readFileSync(join(DIR, entry.file), 'utf8');
    const expected = EXPECTED[entry.file] as { kind: string; subject: string | null; text?: string; usage?: true };
    const message = output.replace(expected.text ?? '', '').trim();
    if (expected.kind === 'values') continue;
    if (expected.usage) {
      it(`${entry.command}: its message reads as an error`, () => {
        expect(readLeadLine(message, entry.command, null)).toEqual({ kind: 'failure', failure: expected.kind, subject: null });
      });
      continue;
    }
    for (const [label, prompt] of [['a prompt', 'root@node-a:~# '], ['sudo', 'bob@node-a:~$ sudo ']] as const) {
      it(`${entry.command} (${label}): a failed section, not an empty listing; the next section intact`, () => {
        const text = `${prompt}${entry.command}\n${output}root@node-a:~# ip route\n${ROUTE}\n`;
        const bundle = ingest({ name: 'paste', text });
        const [failed, next] = bundle.hosts.flatMap((host) => host.sections);
        expect(failed?.failure).toEqual({
          kind: expected.kind, subject: expected.subject, text: message,
          span: expect.objectContaining({ line: expected.text ? 3 : 2, text: message }) as unknown,
        });
        expect(failed?.text).toBe(expected.text ?? '');
        expect(failed?.partial).toBe(true);
        expect(failed?.partialReason).toBe(`the command printed an error, not its listing ("${message.split('\n')[0] ?? ''}")`);
        expect(next?.command).toBe('ip route');
        expect(next?.text).toBe(ROUTE);
        expect(bundle.notes).toEqual([]);
      });
    }
  }

  it('reads a flattened paste whose output is wholly one error line the same way', () => {
    for (const entry of manifest) {
      const expected = EXPECTED[entry.file] as { kind: string; subject: string | null; text?: string; usage?: true };
      const message = readFileSync(join(DIR, entry.file), 'utf8').trim();
      if (expected.usage || expected.text || message.includes('\n') || expected.kind === 'values') continue;
      const [failed, next] = sectionsOf(`root@node-a:~# ${entry.command} ${message} root@node-a:~# ip route ${ROUTE}`);
      expect([failed?.failure?.kind, failed?.failure?.subject, failed?.failure?.text, failed?.text, failed?.partial], entry.file).toEqual([expected.kind, expected.subject, message, '', true]);
      expect(next?.text, entry.file).toBe(ROUTE);
    }
  });

  it('several /proc/sys keys, one missing: each value is its own key\'s, the missing key a warning (cat and sysctl -n alike)', () => {
    for (const file of ['cat_proc_sys_three_keys.txt', 'sysctl_-n_three_keys.txt']) {
      const entry = manifest.find((e) => e.file === file) as { command: string };
      const output = readFileSync(join(DIR, file), 'utf8');
      const [section] = sectionsOf(`root@node-a:~# ${entry.command}\n${output}`);
      expect([section?.format, section?.failure, section?.text], file).toEqual(['sysctl', undefined, output.trimEnd()]);
      const parsed = parse('sysctl', section?.text ?? '', section?.options) as Parsed<SysctlEntry>;
      expect(parsed.diagnostics, file).toEqual([]);
      const program = file.startsWith('cat') ? 'cat' : 'sysctl';
      expect(parsed.records.map((r) => (r.type === 'setting' ? [r.key, r.value] : r.type === 'error' ? [r.program, r.error, r.key, r.reason] : [r.type])), file).toEqual([
        ['net.ipv4.ip_forward', '0'],
        [program, 'cannot-stat', 'net.ipv4.conf.flannel/1.rp_filter', 'No such file or directory'],
        ['net.ipv4.conf.all.rp_filter', '0'],
      ]);
    }
    // sysctl's stdout is flushed at exit where it goes to a file: its warning may come before the values
    const keys = 'net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables net.ipv4.conf.all.rp_filter';
    const early = parseSysctl('sysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory\n1\n2\n', { key: keys });
    expect(early.records.map((r) => (r.type === 'setting' ? [r.key, r.value] : [r.type, r.type === 'error' ? r.key : null]))).toEqual([
      ['error', 'net.bridge.bridge-nf-call-iptables'], ['net.ipv4.ip_forward', '1'], ['net.ipv4.conf.all.rp_filter', '2'],
    ]);
  });

  it('gives each listing of a line its own error (`ip addr show dev cni0; bridge fdb show dev flannel.1`)', () => {
    const sections = sectionsOf(`[root@node-b ~]# ip addr show dev cni0; bridge fdb show dev flannel.1\nDevice "cni0" does not exist.\nCannot find device "flannel.1"\n[root@node-b ~]# ip route\n${ROUTE}\n`);
    expect(sections.map((s) => [s.command, s.failure?.kind, s.failure?.subject, s.failure?.text, s.text])).toEqual([
      ['ip addr show dev cni0', 'no-device', 'cni0', 'Device "cni0" does not exist.', ''],
      ['bridge fdb show dev flannel.1', 'no-device', 'flannel.1', 'Cannot find device "flannel.1"', ''],
      ['ip route', undefined, undefined, undefined, ROUTE],
    ]);
  });

  it('gives each listing of a three-listing line its own error, and its output to the one after', () => {
    const line = 'ip route; bridge fdb show dev flannel.1; ip addr show dev cni0';
    const addr = '3: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000';
    expect(sectionsOf(`[root@node-1 ~]# ${line}\n${ROUTE}\nCannot find device "flannel.1"\n${addr}\n`).map((s) => [s.command, s.failure?.text ?? null, s.text])).toEqual([
      ['ip route', null, ROUTE], ['bridge fdb show dev flannel.1', 'Cannot find device "flannel.1"', ''], ['ip addr show dev cni0', null, addr],
    ]);
    const three = 'ip route show dev flannel.1; bridge fdb show dev flannel.1; ip addr show dev flannel.1';
    expect(sectionsOf(`[root@node-1 ~]# ${three}\nCannot find device "flannel.1"\nCannot find device "flannel.1"\nDevice "flannel.1" does not exist.\n`).map((s) => [s.command, s.failure?.text ?? null])).toEqual([
      ['ip route show dev flannel.1', 'Cannot find device "flannel.1"'], ['bridge fdb show dev flannel.1', 'Cannot find device "flannel.1"'], ['ip addr show dev flannel.1', 'Device "flannel.1" does not exist.'],
    ]);
  });

  it('an error goes to the listing whose device it names, not to the one before it that printed nothing', () => {
    expect(sectionsOf(`[root@node-1 ~]# ip route show dev flannel.1; ip addr show dev cni0\nDevice "cni0" does not exist.\n[root@node-1 ~]# ip route\n${ROUTE}\n`).map((s) => [s.command, s.failure?.subject ?? null, s.text])).toEqual([
      ['ip route show dev flannel.1', null, ''], ['ip addr show dev cni0', 'cni0', ''], ['ip route', null, ROUTE],
    ]);
    expect(sectionsOf(`[root@node-1 ~]# ip route; ip addr show dev cni0; bridge fdb show dev flannel.1\n${ROUTE}\nCannot find device "flannel.1"\n`).map((s) => [s.command, s.failure?.subject ?? null, s.text])).toEqual([
      ['ip route', null, ROUTE], ['bridge fdb show dev flannel.1', 'flannel.1', ''],
    ]);
  });

  it('a second error that reads like a sentence is still the next listing\'s (`Device "X" does not exist.`)', () => {
    expect(sectionsOf(`[root@node-1 ~]# bridge fdb show dev flannel.1; ip addr show dev flannel.1; ip route\nCannot find device "flannel.1"\nDevice "flannel.1" does not exist.\n${ROUTE}\n`).map((s) => [s.command, s.failure?.text ?? null, s.text])).toEqual([
      ['bridge fdb show dev flannel.1', 'Cannot find device "flannel.1"', ''], ['ip addr show dev flannel.1', 'Device "flannel.1" does not exist.', ''], ['ip route', null, ROUTE],
    ]);
  });

  it("iptables-nft's warning and error, then the next listing's output: each is its own", () => {
    const warning = '# Warning: iptables-legacy tables present, use iptables-legacy to see them';
    const error = "iptables v1.8.9 (nf_tables): chain `KUBE-NODEPORTS' in table `nat' is incompatible, use 'nft' tool.";
    expect(sectionsOf(`root@node-1:~# iptables -t nat -S KUBE-NODEPORTS; ip route\n${warning}\n${error}\n${ROUTE}\n`).map((s) => [s.command, s.failure?.text ?? null, s.text, s.partial])).toEqual([
      ['iptables -t nat -S KUBE-NODEPORTS', error, warning, true], ['ip route', null, ROUTE, false],
    ]);
  });

  it("reads nft's caret line as part of its error, and a long line of carets and junk as no error", () => {
    const [section] = sectionsOf(`$ nft list table ip kube-proxy\nError: No such file or directory\nlist table ip kube-proxy\n              ^^^^^^^^^^\n`);
    expect(section?.failure?.text).toBe('Error: No such file or directory\nlist table ip kube-proxy\n              ^^^^^^^^^^');
    expect(readLeadLine(`${'^'.repeat(2000)}x`, null, 'error')).toBeNull();
    expect(readLeadLine(` ~~~^^^~~~ `.trim(), null, 'error')).toEqual({ kind: 'more' });
  });

  it('reads an Ubuntu command-not-found hint as the failure, install lines and all', () => {
    const text = "$ ifconfig -a\nCommand 'ifconfig' not found, but can be installed with:\n\nsudo apt install net-tools\n\n$ ip route\n" + ROUTE;
    const [failed, next] = sectionsOf(text);
    expect(failed?.failure?.kind).toBe('not-installed');
    expect(failed?.failure?.subject).toBe('ifconfig');
    expect(failed?.failure?.text).toBe("Command 'ifconfig' not found, but can be installed with:\n\nsudo apt install net-tools");
    expect(next?.text).toBe(ROUTE);
  });

  it('keeps an error that comes after output began in the output (its parser reports it)', () => {
    const [section] = sectionsOf(`$ ip route\n${ROUTE}\nCannot find device "flannel.1"\n`);
    expect(section?.failure).toBeUndefined();
    expect(section?.text).toBe(`${ROUTE}\nCannot find device "flannel.1"`);
  });

  it("reads cat's error for a /proc/sys file as a failure (no record whose value is the error), and sysctl's own lines as records", () => {
    const message = 'cat: /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory';
    for (const text of [`$ cat /proc/sys/net/bridge/bridge-nf-call-iptables\n${message}\n`, `$ cat /proc/sys/net/bridge/bridge-nf-call-iptables ${message} $ ip route ${ROUTE}`]) {
      const [section] = sectionsOf(text);
      expect([section?.format, section?.failure?.kind, section?.failure?.subject, section?.text], text).toEqual(['sysctl', 'no-file', '/proc/sys/net/bridge/bridge-nf-call-iptables', '']);
    }
    // several files: cat's error sits among the others' values (read by their place): no failure is read
    const [several] = sectionsOf(`$ cat /proc/sys/net/bridge/bridge-nf-call-iptables /proc/sys/net/ipv4/ip_forward\n${message}\n0\n`);
    expect([several?.failure, several?.text]).toEqual([undefined, `${message}\n0`]);
    const [own] = sectionsOf('$ sysctl net.bridge.bridge-nf-call-iptables\nsysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory\n');
    expect([own?.failure, own?.text]).toEqual([undefined, 'sysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory']);
  });

  it('never reads a log or a kubectl output as failed: "Error: …" may be a line of them', () => {
    const log = 'Error: unknown flag: --iface-regex\nI1124 08:01:02.123456       1 main.go:212] Could not find valid interface';
    const [section] = sectionsOf(`$ kubectl logs -n kube-flannel kube-flannel-ds-abcde\n${log}\n`);
    expect(section?.failure).toBeUndefined();
    expect(section?.text).toBe(log);
  });
});

describe("sudo's and ssh's lines before an output", () => {
  const FDB = '42:ac:10:64:00:01 dst 192.168.210.1 self permanent';
  const cases: [string, string[]][] = [
    ['[sudo] password for bob: ', ['[sudo] password for bob:']],
    ['[sudo] Passwort für bob: ', ['[sudo] Passwort für bob:']],
    ['[sudo] password for bob: \nSorry, try again.\n[sudo] password for bob: ', ['[sudo] password for bob:', 'Sorry, try again.', '[sudo] password for bob:']],
    ['sudo: unable to resolve host node-a: Name or service not known\n[sudo] password for bob:', ['sudo: unable to resolve host node-a: Name or service not known', '[sudo] password for bob:']],
    ['Password:', ['Password:']],
    ["Warning: Permanently added 'node-a,192.168.210.1' (ECDSA) to the list of known hosts.", ["Warning: Permanently added 'node-a,192.168.210.1' (ECDSA) to the list of known hosts."]],
    ['(bob@node-a) Password: ', ['(bob@node-a) Password:']],
    ["Enter passphrase for key '/home/bob/.ssh/id_ed25519': ", ["Enter passphrase for key '/home/bob/.ssh/id_ed25519':"]],
  ];
  for (const [lines, notes] of cases) {
    it(`"${lines.split('\n')[0] ?? ''}…" is a remark of the section, whose output follows`, () => {
      const bundle = ingest({ name: 'paste', text: `bob@node-a:~$ sudo bridge fdb show dev flannel.1\n${lines}\n${FDB}\nbob@node-a:~$ ip route\n${ROUTE}\n` });
      const sections = bundle.hosts.flatMap((host) => host.sections);
      expect(sections.map((s) => [s.command, s.text, s.partial])).toEqual([
        ['sudo bridge fdb show dev flannel.1', FDB, false],
        ['ip route', ROUTE, false],
      ]);
      expect(bundle.notes.map((note) => [note.host, note.text])).toEqual(notes.map((note) => ['node-a', note]));
    });
  }

  it('sudo -S: the output begins on the password prompt\'s line, after the prompt', () => {
    const bundle = ingest({ name: 'paste', text: `bob@node-a:~$ sudo -S bridge fdb show dev flannel.1\n[sudo] password for bob: ${FDB}\n42:ac:10:64:00:02 dst 192.168.210.2 self permanent\nbob@node-a:~$ sudo -S sysctl net.ipv4.ip_forward\nPassword: net.ipv4.ip_forward = 0\n` });
    const sections = bundle.hosts.flatMap((host) => host.sections);
    expect(sections.map((s) => [s.command, s.text, s.span.column])).toEqual([
      ['sudo -S bridge fdb show dev flannel.1', `${FDB}\n42:ac:10:64:00:02 dst 192.168.210.2 self permanent`, 26],
      ['sudo -S sysctl net.ipv4.ip_forward', 'net.ipv4.ip_forward = 0', 11],
    ]);
    expect(bundle.notes.map((note) => note.text)).toEqual(['[sudo] password for bob:', 'Password:']);
  });

  it('sudo -S: an error or a refused password on the prompt\'s line is the failure', () => {
    const [failed] = sectionsOf('bob@node-b:~$ sudo -S ip -d link show flannel.1\n[sudo] password for bob: Device "flannel.1" does not exist.\n');
    expect([failed?.failure?.kind, failed?.failure?.text, failed?.text]).toEqual(['no-device', 'Device "flannel.1" does not exist.', '']);
    const bundle = ingest({ name: 'paste', text: 'bob@node-b:~$ sudo -S ip route\n[sudo] password for bob: Sorry, try again.\n[sudo] password for bob: sudo: no password was provided\nsudo: 1 incorrect password attempt\n' });
    const [refused] = bundle.hosts.flatMap((host) => host.sections);
    expect([refused?.failure?.kind, refused?.failure?.text, refused?.text, refused?.partial]).toEqual(['denied', 'sudo: no password was provided\nsudo: 1 incorrect password attempt', '', true]);
    expect(bundle.notes.map((note) => note.text)).toEqual(['[sudo] password for bob:', 'Sorry, try again.', '[sudo] password for bob:']);
  });

  it('echo pw | sudo -S <listing>: the listing is sudo\'s command, read with its format', () => {
    const bundle = ingest({ name: 'paste', text: `$ echo secret | sudo -S ip route\n[sudo] password for bob: ${ROUTE}\n$ printf '%s\\n' pw | sudo -S -u root iptables -t nat -S KUBE-NODEPORTS\n-N KUBE-NODEPORTS\n$ echo pw | sudo --stdin ip neigh show dev flannel.1\nCannot find device "flannel.1"\n$ echo hello | grep h\nh\n` });
    const sections = [...bundle.hosts.flatMap((h) => h.sections), ...bundle.unattributed.map((u) => u.section)];
    expect(sections.map((s) => [s.format, s.text, s.options ?? null, s.failure?.kind ?? null])).toEqual([
      ['ip-route', ROUTE, null, null],
      ['iptables-list-rules', '-N KUBE-NODEPORTS', { table: 'nat', chain: 'KUBE-NODEPORTS' }, null],
      ['ip-neigh', '', { dev: 'flannel.1' }, 'no-device'],
      [null, 'h', null, null],
    ]);
  });

  it('sudo -S in a flattened paste: the prompt is a remark, then the output or the error', () => {
    const bundle = ingest({ name: 'paste', text: `$ sudo -S ip route [sudo] password for bob: ${ROUTE} $ sudo -S ip -d link show flannel.1 [sudo] password for bob: Device "flannel.1" does not exist. $ ip r ${ROUTE}\n` });
    const sections = [...bundle.hosts.flatMap((h) => h.sections), ...bundle.unattributed.map((u) => u.section)];
    expect(sections.map((s) => [s.command, s.text, s.failure?.text ?? null])).toEqual([
      ['sudo -S ip route', ROUTE, null], ['sudo -S ip -d link show flannel.1', '', 'Device "flannel.1" does not exist.'], ['ip r', ROUTE, null],
    ]);
    expect(bundle.notes.map((n) => n.text)).toEqual(['[sudo] password for bob:', '[sudo] password for bob:']);
  });

  it("sudo -S with iptables-nft's warning on the prompt's line: the warning is the output, the error the failure", () => {
    const error = "iptables v1.8.9 (nf_tables): chain `KUBE-SVC-NOPE' in table `nat' is incompatible, use 'nft' tool.";
    const [section] = sectionsOf(`$ sudo -S iptables -t nat -S KUBE-SVC-NOPE\n[sudo] password for bob: # Warning: iptables-legacy tables present, use iptables-legacy to see them\n${error}\n`);
    expect([section?.failure?.text, section?.text]).toEqual([error, '# Warning: iptables-legacy tables present, use iptables-legacy to see them']);
  });

  it('an interactive sudo -s or ssh keeps no chatter: what follows is read as before (sniffed)', () => {
    for (const lead of ['bob@node-a:~$ sudo -s\n[sudo] password for bob:', "bob@node-a:~$ ssh node-b\nWarning: Permanently added 'node-b' (ED25519) to the list of known hosts."]) {
      const sections = sectionsOf(`${lead}\ndefault via 10.0.0.1 dev eth0\n10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5\n`);
      expect(sections.map((s) => [s.command, s.format]), lead).toContainEqual([null, 'ip-route']);
    }
  });

  it("kubectl's \"Defaulted container\" line before a log is a remark, not a log line", () => {
    const line = 'I1124 08:01:02.123456       1 main.go:212] Could not find valid interface';
    const bundle = ingest({ name: 'paste', text: `$ kubectl logs -n kube-flannel kube-flannel-ds-abcde\nDefaulted container "kube-flannel" out of: kube-flannel, install-cni-plugin (init), install-cni (init)\n${line}\n` });
    expect(sectionsOf(`$ kubectl logs -n kube-flannel kube-flannel-ds-abcde\nDefaulted container "kube-flannel" out of: kube-flannel, install-cni-plugin (init), install-cni (init)\n${line}\n`).map((s) => s.text)).toEqual([line]);
    expect(bundle.notes.map((note) => note.text)).toEqual(['Defaulted container "kube-flannel" out of: kube-flannel, install-cni-plugin (init), install-cni (init)']);
  });
});

describe('the healthy incident with a failed or prompted listing diagnoses as healthy', () => {
  const healthy = readFileSync(join(ROOT, 'corpus/incidents/healthy/transcript.txt'), 'utf8');
  const CHARLIE_NEIGH = '[root@charlie ~]# ip n show dev flannel.1\n10.100.0.0 lladdr 42:ac:10:64:00:01 PERMANENT \n10.100.1.0 lladdr 42:ac:10:64:01:01 PERMANENT \n';
  const BRAVO_FDB = '[root@bravo ~]# bridge fdb show dev flannel.1\n';
  const CHARLIE_ROUTES = '[root@charlie ~]# ip r\n';
  const variants: [string, string, string, string[]][] = [
    // each gave false errors or warnings before: missing-neighbor ×2, sources-disagree, missing-fdb ×2. The
    // first: charlie's bridge fdb after it shows entries on flannel.1 again (overlay/missing-vxlan-device waits)
    ['ip neigh failed: no flannel.1 (bridge fdb after it shows the device)', CHARLIE_NEIGH, '[root@charlie ~]# ip n show dev flannel.1\nCannot find device "flannel.1"\n', []],
    ['ip neigh and bridge fdb failed: no flannel.1 (after ip r showed it: it went)', `${CHARLIE_NEIGH}[root@charlie ~]# bridge fdb show dev flannel.1\n42:ac:10:64:01:01 dst 192.168.210.2 self permanent\n42:ac:10:64:00:01 dst 192.168.210.1 self permanent\n`,
      '[root@charlie ~]# ip n show dev flannel.1\nCannot find device "flannel.1"\n[root@charlie ~]# bridge fdb show dev flannel.1\nCannot find device "flannel.1"\n', ['overlay/missing-vxlan-device@charlie/flannel.1']],
    ['route -n not installed', CHARLIE_ROUTES, `[root@charlie ~]# route -n\n-bash: route: command not found\n${CHARLIE_ROUTES}`, []],
    ["sudo's warning before ip route", CHARLIE_ROUTES, `${CHARLIE_ROUTES}sudo: unable to resolve host charlie: Name or service not known\n`, []],
    ["sudo's password prompt before bridge fdb", BRAVO_FDB, `${BRAVO_FDB}[sudo] password for bob: \n`, []],
  ];
  for (const [label, from, to, findings] of variants) {
    it(label, () => {
      expect(healthy).toContain(from);
      const { report } = diagnose(ingest({ name: 'paste', text: healthy.replace(from, to) }));
      expect(report.findings.map((finding) => finding.id)).toEqual(findings);
    });
  }
});

describe('the report names the commands that printed an error', () => {
  const text = `root@node-a:~# route -n\n-bash: route: command not found\nroot@node-a:~# ip route\n${ROUTE}\nroot@node-a:~# ip neigh show dev flannel.1\nCannot find device "flannel.1"\n`;
  const { report } = diagnose(ingest({ name: 'paste.txt', text }));

  it('in the JSON report, each failed section with its failure', () => {
    expect(report.hosts[0]?.sections.map((s) => [s.command, s.failure?.kind ?? null, s.records.length])).toEqual([
      ['route -n', 'not-installed', 0], ['ip route', null, 1], ['ip neigh show dev flannel.1', 'no-device', 0],
    ]);
  });

  it('in the text and Markdown reports, after the findings, where and what each printed', () => {
    expect(renderText(report)).toBe([
      `netsift ${report.netsift}: 1 host, 0 findings (0 errors)`,
      '',
      'Commands that printed an error instead of their listing (2): nothing is read from them',
      '  node-a route -n (paste.txt:2:1) -bash: route: command not found',
      '  node-a ip neigh show dev flannel.1 (paste.txt:6:1) Cannot find device "flannel.1"',
      '',
    ].join('\n'));
    expect(renderMarkdown(report)).toContain('| node-a route -n (paste.txt:2:1) | `-bash: route: command not found` |');
  });
});

describe("an author's line after an output", () => {
  it('an author\'s "Error: <sentence>" where the output would be is narration, not the command\'s failure', () => {
    const bundle = ingest({ name: 'paste', text: `# bridge fdb show dev flannel.1\nError: it printed nothing at all, which is odd.\n` });
    const sections = [...bundle.hosts.flatMap((h) => h.sections), ...bundle.unattributed.map((u) => u.section)];
    expect(sections.map((s) => [s.command, s.failure, s.text])).toEqual([['bridge fdb show dev flannel.1', undefined, '']]);
    expect(bundle.notes.map((n) => n.text)).toEqual(['Error: it printed nothing at all, which is odd.']);
  });

  it('an author\'s "Error: <sentence>" in a chain ends the output; what follows is read as before', () => {
    const neigh = '10.244.1.0 lladdr 16:d1:58:00:00:22 PERMANENT';
    const bundle = ingest({ name: 'paste', text: `root@node-a:~# ip route\n${ROUTE}\nError: the pods still cannot reach each other. Next I ran this:\nip neigh show dev flannel.1\n${neigh}\n` });
    expect(bundle.hosts[0]?.sections.map((s) => [s.command, s.text])).toEqual([['ip route', ROUTE], ['ip neigh show dev flannel.1', neigh]]);
  });

  it('"Error: …" written as a sentence still ends the output as narration (only a tool\'s own error lines stay in it)', () => {
    const bundle = ingest({ name: 'paste', text: `root@node-a:~# ip route\n${ROUTE}\nError: I think the route to the other node is missing here.\n` });
    expect(bundle.hosts[0]?.sections.map((s) => s.text)).toEqual([ROUTE]);
    expect(bundle.notes.map((n) => n.text)).toEqual(['Error: I think the route to the other node is missing here.']);
  });
});
