// Listings run one after another on a line (`ip route; ip addr`, `ssh node-2 'route -n && ip neigh'`):
// each gets its own section, its output cut where the next listing's begins.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from './index';
import type { Section } from './bundle';

const sections = (text: string): [string, string | null, string | null, string][] =>
  ingest(text).hosts.flatMap((h) => h.sections.map((s) => [h.name, s.command, s.format, s.text] as [string, string | null, string | null, string]));

describe('listings run one after another on a line', () => {
  it('cuts their outputs apart, each with its command, format and host', () => {
    const paste = [
      '[root@host188 ~]# ip route; ip -4 addr',
      'default via 192.168.86.1 dev eth0 proto static metric 100',
      '10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1',
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
      '    inet 127.0.0.1/8 scope host lo',
      '       valid_lft forever preferred_lft forever',
      '[root@host188 ~]# ssh host189 "route -n && ip neigh show dev flannel.1"',
      'Kernel IP routing table',
      'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface',
      '0.0.0.0         192.168.86.1    0.0.0.0         UG    100    0        0 eth0',
      '10.244.0.0      10.244.0.0      255.255.255.0   UG    0      0        0 flannel.1',
      '10.244.0.0 lladdr 86:2c:91:4f:7e:b2 PERMANENT',
      '[root@host188 ~]# cd /tmp; bridge fdb show dev flannel.1',
      '86:2c:91:4f:7e:b2 dst 192.168.86.189 self permanent',
      '',
    ].join('\n');
    expect(sections(paste)).toEqual([
      ['host188', 'ip route', 'ip-route', 'default via 192.168.86.1 dev eth0 proto static metric 100\n10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1'],
      ['host188', 'ip -4 addr', 'ip-addr', '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever'],
      ['host188', 'bridge fdb show dev flannel.1', 'bridge-fdb', '86:2c:91:4f:7e:b2 dst 192.168.86.189 self permanent'],
      ['host189', 'ssh host189 "route -n && ip neigh show dev flannel.1"', 'route-n', 'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n0.0.0.0         192.168.86.1    0.0.0.0         UG    100    0        0 eth0\n10.244.0.0      10.244.0.0      255.255.255.0   UG    0      0        0 flannel.1'],
      ['host189', 'ip neigh show dev flannel.1', 'ip-neigh', '10.244.0.0 lladdr 86:2c:91:4f:7e:b2 PERMANENT'],
    ]);
    // the chained listing's options come from its own command (the device ip neigh was shown for)
    const neigh = ingest(paste).hosts[1]?.sections[1] as Omit<Section, 'snapshot'>;
    expect(neigh.options).toEqual({ dev: 'flannel.1' });
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
          if (b && b.format !== a.format && !/[;&|'"]/.test(`${a.command}${b.command}`)) {
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
    expect(pairs).toBeGreaterThan(30);
  });
});
