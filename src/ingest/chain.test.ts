// Listings run one after another on a line (`ip route; ip addr`, `ssh node-2 'route -n && ip neigh'`):
// each gets its own section, its output cut where the next listing's begins.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ingest, readCommand } from './index';
import type { Section } from './bundle';

const sections = (text: string): [string, string | null, string | null, string][] =>
  ingest(text).hosts.flatMap((h) => h.sections.map((s) => [h.name, s.command, s.format, s.text] as [string, string | null, string | null, string]));

describe('listings run one after another on a line', () => {
  it('cuts their outputs apart, each with its command, format and options', () => {
    const paste = [
      '[root@host188 ~]# ip route; ip -4 addr',
      'default via 192.168.86.1 dev eth0 proto static metric 100',
      '10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1',
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
      '    inet 127.0.0.1/8 scope host lo',
      '       valid_lft forever preferred_lft forever',
      '[root@host189 ~]# route -n && ip neigh show dev flannel.1',
      'Kernel IP routing table',
      'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface',
      '0.0.0.0         192.168.86.1    0.0.0.0         UG    100    0        0 eth0',
      '10.244.0.0      10.244.0.0      255.255.255.0   UG    0      0        0 flannel.1',
      '10.244.0.0 lladdr 86:2c:91:4f:7e:b2 PERMANENT',
      '',
    ].join('\n');
    expect(sections(paste)).toEqual([
      ['host188', 'ip route', 'ip-route', 'default via 192.168.86.1 dev eth0 proto static metric 100\n10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1'],
      ['host188', 'ip -4 addr', 'ip-addr', '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever'],
      ['host189', 'route -n', 'route-n', 'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n0.0.0.0         192.168.86.1    0.0.0.0         UG    100    0        0 eth0\n10.244.0.0      10.244.0.0      255.255.255.0   UG    0      0        0 flannel.1'],
      ['host189', 'ip neigh show dev flannel.1', 'ip-neigh', '10.244.0.0 lladdr 86:2c:91:4f:7e:b2 PERMANENT'],
    ]);
    // the chained listing's options come from its own command (the device ip neigh was shown for)
    const neigh = ingest(paste).hosts[1]?.sections[1] as Omit<Section, 'snapshot'>;
    expect(neigh.options).toEqual({ dev: 'flannel.1' });
    // each section's span is its text in the input
    for (const host of ingest(paste).hosts) for (const s of host.sections) expect(paste.slice(s.span.offset, s.span.offset + s.span.length)).toBe(s.text);
  });

  it('a listing that printed nothing gets no section, and the ones after it are still found', () => {
    const paste = '[root@alpha ~]# ip r; bridge fdb show dev flannel.1; ip -4 a\ndefault via 10.0.0.1 dev eth0\n10.100.0.0/24 dev cni0 proto kernel scope link src 10.100.0.1\n1: lo: <LOOPBACK,UP> mtu 65536 qdisc noqueue state UNKNOWN\n    inet 127.0.0.1/8 scope host lo\n';
    expect(sections(paste).map(([host, command, format, text]) => [host, command, format, text.split('\n').length])).toEqual([
      ['alpha', 'ip r', 'ip-route', 2], ['alpha', 'ip -4 a', 'ip-addr', 2],
    ]);
  });

  it('a chain not read as one stays as it was: one section, or none with a format', () => {
    expect(sections('[root@h1 ~]# ip route | head -1; ip -4 addr\ndefault via 10.0.0.1 dev eth0\n1: lo: <LOOPBACK,UP> mtu 65536 qdisc noqueue state UNKNOWN\n').map((x) => x.slice(1, 3)))
      .toEqual([['ip route | head -1', 'ip-route']]);
  });

  it("finds the next listing's output after a long one, and a translated route -n's title", () => {
    const save = gunzipSync(readFileSync(join(__dirname, '../../corpus/bench/iptables-save/svc1k__iptables-save.txt.gz'))).toString('utf8').trimEnd();
    const got = sections(`[root@h1 ~]# iptables-save; ip route\n${save}\ndefault via 10.0.0.1 dev eth0\n`);
    expect(got.map(([host, command, format, text]) => [host, command, format, text.split('\n').length])).toEqual([
      ['h1', 'iptables-save', 'iptables-save', save.split('\n').length], ['h1', 'ip route', 'ip-route', 1],
    ]);
    const german = 'Kernel-IP-Routentabelle\nZiel            Router          Genmask         Flags Metric Ref    Use Iface\n0.0.0.0         10.0.0.1        0.0.0.0         UG    0      0        0 eth0';
    expect(sections(`[root@h1 ~]# ip neigh; LANGUAGE=de route -n\n10.0.0.1 dev eth0 lladdr 00:11:22:33:44:55 REACHABLE\n${german}\n`).map((x) => x[3]))
      .toEqual(['10.0.0.1 dev eth0 lladdr 00:11:22:33:44:55 REACHABLE', german]);
  });

  it("every lab incident's transcript, its listings run two to a line, gives the same sections", () => {
    const root = join(__dirname, '../../corpus/incidents');
    let pairs = 0;
    for (const scenario of readdirSync(root).sort()) {
      const file = join(root, scenario, 'transcript.txt');
      if (!existsSync(file)) continue;
      const original = ingest({ name: 'transcript.txt', text: readFileSync(file, 'utf8') });
      const lines: string[] = [];
      const expected: [string, string | null, string | null, string][] = [];
      for (const host of original.hosts) {
        const listed = host.sections.filter((s) => s.command !== null && s.format !== null && s.text.trim() !== '' && !s.partial);
        for (let i = 0; i < listed.length; i++) {
          const a = listed[i] as Section;
          const b = listed[i + 1];
          // two listings of one format run together read as one: only different formats are paired
          if (b && readCommand(`${a.command}; ${b.command}`)?.then?.length === 1) {
            lines.push(`[root@${host.name} ~]# ${a.command}; ${b.command}`, a.text.trimEnd(), b.text.trimEnd());
            expected.push([host.name, a.command, a.format, a.text.trimEnd()], [host.name, b.command, b.format, b.text.trimEnd()]);
            pairs++;
            i++;
          } else {
            lines.push(`[root@${host.name} ~]# ${a.command}`, a.text.trimEnd());
            expected.push([host.name, a.command, a.format, a.text.trimEnd()]);
          }
        }
      }
      const got = ingest({ name: 'paired.txt', text: `${lines.join('\n')}\n` }).hosts
        .flatMap((h) => h.sections.map((s) => [h.name, s.command, s.format, s.text.trimEnd()] as [string, string | null, string | null, string]));
      const order = (list: [string, string | null, string | null, string][]): string[] => list.map((x) => JSON.stringify(x)).sort();
      expect(order(got), scenario).toEqual(order(expected));
    }
    expect(pairs).toBeGreaterThan(25);
  });
});
