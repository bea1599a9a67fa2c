import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../formats/registry';
import { Bundle } from './bundle';
import { ingest } from './index';

const FIXTURES = join(__dirname, '../../test/fixtures/ingest');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

const summary = (bundle: Bundle) => ({
  hosts: bundle.hosts.map((h) => [h.name, h.sections.map((s) => [s.command, s.format, s.snapshot, s.partial, s.options ?? null])]),
  cluster: bundle.cluster.map((s) => s.command),
  unattributed: bundle.unattributed.map((u) => [u.section.command, u.reason]),
});

describe('synthetic transcripts (test/fixtures/ingest)', () => {
  it('reads every prompt style', () => {
    const bundle = ingest({ name: 'prompt-styles.txt', text: fixture('prompt-styles.txt') });
    expect(Bundle.safeParse(bundle).success).toBe(true);
    expect(summary(bundle).hosts).toEqual([
      ['node-1', [['ip route', 'ip-route', 1, false, null]]],
      ['worker-a', [['ip neigh show dev flannel.1', 'ip-neigh', 1, false, { dev: 'flannel.1' }]]],
      ['worker-b', [['sudo iptables -t nat -S KUBE-SERVICES', 'iptables-list-rules', 1, false, { table: 'nat', chain: 'KUBE-SERVICES' }]]],
      ['worker-c', [
        ['route -n', 'route-n', 1, false, null],
        // "$ ip -4 addr" after worker-c's prompt: the last host named
        ['ip -4 addr show dev flannel.1', 'ip-addr', 1, false, { dev: 'flannel.1' }],
      ]],
    ]);
    const routes = parse('ip-route', bundle.hosts[0]?.sections[0]?.text ?? '');
    expect(routes.records).toHaveLength(2);
    expect(routes.diagnostics).toEqual([]);
    expect(bundle.hosts[0]?.sections[0]?.flattened).toBe(false);
  });

  it('takes hosts from headers; narration naming two hosts leaves the next bare prompt unattributed', () => {
    const bundle = ingest(fixture('headers.txt'));
    expect(summary(bundle)).toEqual({
      hosts: [
        ['node-1', [['ip route', 'ip-route', 1, false, null]]],
        ['node-2', [['ip route', 'ip-route', 1, false, null]]],
        ['node-3', [['bridge fdb show dev flannel.1', 'bridge-fdb', 1, false, { dev: 'flannel.1' }]]],
      ],
      cluster: [],
      unattributed: [[
        'ip neigh show dev flannel.1',
        'the narration before it names node-1 and node-2 ("Then I compared the neighbours on both n…")',
      ]],
    });
    expect(bundle.notes.map((n) => n.text)).toEqual(['Then I compared the neighbours on both nodes, node-1 and node-2.']);
  });

  it('reads kubectl exec, docker exec, pipes, and ties a pod to the node its log names', () => {
    const bundle = ingest(fixture('exec-and-pipes.txt'));
    expect(summary(bundle)).toEqual({
      hosts: [
        ['node-2', [
          ['kubectl -n kube-system exec kube-flannel-ds-abcde -- cat /run/flannel/subnet.env', 'flannel-subnet-env', 1, false, null],
          ['kubectl -n kube-system logs kube-flannel-ds-abcde', 'flannel-log', 1, false, null],
        ]],
        ['node-1', [
          ['docker exec -it k8s_kube-flannel_abc ip neigh show dev flannel.1', 'ip-neigh', 1, false, { dev: 'flannel.1' }],
          ['ip route | grep flannel', 'ip-route', 1, true, null],
          ['iptables-save | head -n 3', 'iptables-save', 1, true, null],
        ]],
      ],
      cluster: ['kubectl get nodes -o wide'],
      unattributed: [],
    });
    const grep = bundle.hosts[1]?.sections[1];
    expect(grep?.partialReason).toBe('piped through | grep flannel');
    expect(parse('flannel-subnet-env', bundle.hosts[0]?.sections[0]?.text ?? '').records).toHaveLength(4);
    expect(parse('iptables-save', bundle.hosts[1]?.sections[2]?.text ?? '').diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('sniffs an output pasted without any command', () => {
    const bundle = ingest({ name: 'node-7/routes.txt', text: 'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n0.0.0.0         192.168.1.1     0.0.0.0         UG    0      0        0 eth0\n' });
    expect(summary(bundle).hosts).toEqual([['node-7', [[null, 'route-n', 1, false, null]]]]);
    const alone = ingest('10.244.1.0 lladdr 76:50:75:23:dd:f8 PERMANENT\n10.244.2.0 lladdr 92:e7:b6:4e:e5:73 PERMANENT\n');
    expect(alone.unattributed.map((u) => [u.section.format, u.reason])).toEqual([
      ['ip-neigh', 'no command line; no prompt, header or file name names a host before it'],
    ]);
  });

  it('accepts several inputs and counts snapshots across them', () => {
    const a = '[root@n1 ~]# ip neigh\n10.244.1.0 dev flannel.1 lladdr 76:50:75:23:dd:f8 PERMANENT\n';
    const bundle = ingest([{ name: 'before', text: a }, { name: 'after', text: a }]);
    expect(bundle.hosts[0]?.sections.map((s) => [s.snapshot, s.origin])).toEqual([
      [1, { kind: 'paste', input: 'before' }],
      [2, { kind: 'paste', input: 'after' }],
    ]);
  });

  it('never throws and always returns a valid bundle', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => {
      const bundle = ingest(text);
      expect(Bundle.safeParse(bundle).success).toBe(true);
    }), { numRuns: 300 });
    const odd = ['[root@h ~]#', '# ', '$ sudo', '[a@b c]## iptables -t', '# kubectl exec --', 'x@y:~$ ip route |', '\u0000#\r\n# route -n\r\n'];
    for (const text of odd) expect(Bundle.safeParse(ingest(text)).success).toBe(true);
    expect(() => ingest(null as unknown as string)).not.toThrow();
    expect(() => ingest([{ name: 'x', text: 5 } as unknown as { name: string; text: string }])).not.toThrow();
  });

  it('stays fast on hostile input', () => {
    const texts = ['# ip '.repeat(20000), '[a@b '.repeat(20000), 'a@b:'.repeat(20000), '#'.repeat(100000), `# route -n ${'1.1.1.1 '.repeat(20000)}`];
    for (const text of texts) {
      const started = Date.now();
      ingest(text);
      expect(Date.now() - started).toBeLessThan(5000);
    }
  });
});

// ---------------------------------------------------------------- properties

const OUTPUTS: Record<string, { command: string; format: string; text: string }[]> = {
  a: [
    { command: 'route -n', format: 'route-n', text: 'Kernel IP routing table\nDestination Gateway Genmask Flags Metric Ref Use Iface\n0.0.0.0 192.168.1.1 0.0.0.0 UG 0 0 0 eth0\n10.244.1.0 10.244.1.0 255.255.255.0 UG 0 0 0 flannel.1' },
    { command: 'ip neigh show dev flannel.1', format: 'ip-neigh', text: '10.244.1.0 lladdr 76:50:75:23:dd:f8 PERMANENT' },
    { command: 'bridge fdb show dev flannel.1', format: 'bridge-fdb', text: '76:50:75:23:dd:f8 dst 192.168.1.12 self permanent' },
  ],
  b: [
    { command: 'ip neigh show dev flannel.1', format: 'ip-neigh', text: '10.244.0.0 lladdr 5a:d6:46:ab:ea:17 PERMANENT\n10.244.2.0 lladdr 92:e7:b6:4e:e5:73 PERMANENT' },
    { command: 'route -n', format: 'route-n', text: 'Kernel IP routing table\nDestination Gateway Genmask Flags Metric Ref Use Iface\n10.244.57.0 0.0.0.0 255.255.255.192 U 0 0 0 *' },
  ],
  c: [
    { command: 'bridge fdb show', format: 'bridge-fdb', text: '01:00:5e:00:00:01 dev ens160 self permanent\n5a:d6:46:ab:ea:17 dev flannel.1 dst 192.168.1.10 self permanent' },
    { command: 'route -n', format: 'route-n', text: 'Kernel IP routing table\nDestination Gateway Genmask Flags Metric Ref Use Iface\n0.0.0.0 192.168.1.1 0.0.0.0 UG 0 0 0 eth0' },
  ],
};
const HOST_NAMES: Record<string, string> = { a: 'node-a1', b: 'node-b2', c: 'node-c3' };

const withoutSpans = (value: unknown): string => JSON.stringify(value, (key, v: unknown) => (key === 'span' ? undefined : v));

function prompt(style: number, host: string): string {
  switch (style) {
    case 0: return `[root@${host} ~]# `;
    case 1: return `root@${host}:~# `;
    case 2: return `admin@${host}:/etc$ `;
    // zsh's: macOS's default, and zsh's own
    case 4: return `jdoe@${host} ~ % `;
    case 5: return `${host}% `;
    default: return `${host}# `;
  }
}

describe('properties', () => {
  it('interleaving, prompt style and flattening do not change any host\'s records', () => {
    const order = fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 7, maxLength: 7 });
    fc.assert(fc.property(order, fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 3, maxLength: 3 }), fc.boolean(), (picks, styles, flatten) => {
      // each host's sections, in their own order, dealt out in the order the picks give
      const next: Record<string, number> = { a: 0, b: 0, c: 0 };
      const pieces: { key: string; index: number }[] = [];
      for (const key of [...picks, 'a', 'a', 'a', 'b', 'b', 'c', 'c']) {
        const index = next[key] as number;
        if (index < (OUTPUTS[key] as unknown[]).length) {
          pieces.push({ key, index });
          next[key] = index + 1;
        }
      }
      const keys = ['a', 'b', 'c'];
      const lines = pieces.map(({ key, index }) => {
        const out = (OUTPUTS[key] as { command: string; text: string }[])[index] as { command: string; text: string };
        const p = prompt(styles[keys.indexOf(key)] as number, HOST_NAMES[key] as string);
        return flatten ? `${p}${out.command} ${out.text.replace(/\n/g, ' ')}` : `${p}${out.command}\n${out.text}`;
      });
      const bundle = ingest(flatten ? lines.join(' ') : lines.join('\n'));
      for (const key of keys) {
        const host = bundle.hosts.find((h) => h.name === HOST_NAMES[key]);
        const expected = (OUTPUTS[key] as { command: string; format: string; text: string }[]);
        expect(host?.sections.map((s) => s.command)).toEqual(expected.map((o) => o.command));
        host?.sections.forEach((s, i) => {
          const want = expected[i] as { format: string; text: string };
          expect(s.format).toBe(want.format);
          expect(s.flattened).toBe(flatten);
          expect(withoutSpans(parse(want.format, s.text).records)).toBe(withoutSpans(parse(want.format, want.text).records));
        });
      }
    }), { numRuns: 150 });
  });
});

// ---------------------------------------------------------------- shapes the lab incidents found (#5)

const hostsOf = (bundle: Bundle) => bundle.hosts.map((h) => [h.name, h.sections.map((s) => s.command)]);
const ROUTE = 'default via 10.0.0.1 dev eth0 proto static\n10.42.1.0/24 via 10.42.1.0 dev flannel.1 onlink';
const NEIGH = '10.42.1.0 lladdr 0e:7a:42:00:00:0b PERMANENT';
const flat = (text: string): string => text.replace(/\n/g, ' ');

describe('headers in a flattened paste', () => {
  const headers: [string, (host: string) => string][] = [
    ['=== node-1 ===', (h) => `=== ${h} ===`],
    ['--- node-1 ---', (h) => `--- ${h} ---`],
    ['on node-1:', (h) => `on ${h}:`],
    ['and then the same on node-1:', (h) => `and then the same on ${h}:`],
    ['node-1:', (h) => `${h}:`],
  ];
  for (const [shape, header] of headers) {
    for (const prompt of ['# ', '$ ', '$ sudo ']) {
      it(`"${shape}" before bare "${prompt}" prompts names their host, flattened or not`, () => {
        const text = `Outputs from node-1 and node-2 below.\n${header('node-1')}\n${prompt}ip r\n${ROUTE}\n${prompt}ip n\n${NEIGH}\n${header('node-2')}\n${prompt}ip r\n${ROUTE}\n`;
        const sudo = prompt.includes('sudo') ? 'sudo ' : '';
        const want = [['node-1', [`${sudo}ip r`, `${sudo}ip n`]], ['node-2', [`${sudo}ip r`]]];
        for (const input of [text, flat(text)]) {
          const bundle = ingest({ name: 'incidents/paste.txt', text: input });
          expect(hostsOf(bundle), input).toEqual(want);
          // the header is not part of the output before it
          const neigh = bundle.hosts[0]?.sections[1];
          expect(parse('ip-neigh', neigh?.text ?? '').diagnostics).toEqual([]);
          expect(neigh?.text.trim()).toBe(NEIGH);
        }
      });
    }
  }

  it('accepts a bare prompt right after a header, even for a command without a format', () => {
    const text = 'payments-0 is unreachable from node-1, but node-3 reaches it. === node-1 === # ip route get 172.20.2.15 local 172.20.2.15 dev lo src 172.20.2.15 uid 0 cache <local> # ip n 172.20.2.0 dev flannel.1 lladdr a2:01:5c:14:02:00 PERMANENT';
    expect(hostsOf(ingest(text))).toEqual([['node-1', ['ip route get 172.20.2.15', 'ip n']]]);
  });
});

describe('tool output lines that begin with "# "', () => {
  const warning = '# Warning: iptables-legacy tables present, use iptables-legacy to see them';
  const list = `${warning}\nChain PREROUTING (policy ACCEPT 4 packets, 342 bytes)\n pkts bytes target     prot opt in     out     source               destination\n    9   540 KUBE-SERVICES  all  --  *      *       0.0.0.0/0            0.0.0.0/0`;
  const save = '# Warning: iptables-legacy tables present, use iptables-legacy-save to see them\n# Generated by iptables-save v1.8.9 (nf_tables) on Wed Nov 25 19:18:14 2026\n*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -j KUBE-SERVICES\nCOMMIT\n# Completed on Wed Nov 25 19:18:14 2026';
  for (const prompt of ['pve-k1# ', '[root@pve-k1 ~]# ', 'root@pve-k1:~# ', 'pve-k1:~ # ']) {
    it(`keeps iptables-nft's "# Warning:" line in the output (${prompt.trim()})`, () => {
      const text = `${prompt}iptables -t nat -nvL\n${list}\n${prompt}iptables-save -t nat\n${save}\n`;
      for (const input of [text, flat(text)]) {
        const bundle = ingest(input);
        expect(hostsOf(bundle)).toEqual([['pve-k1', ['iptables -t nat -nvL', 'iptables-save -t nat']]]);
        const [nvl, saved] = bundle.hosts[0]?.sections ?? [];
        expect(nvl?.text.startsWith(warning)).toBe(true);
        expect(parse('iptables-list', nvl?.text ?? '', nvl?.options).records.length).toBeGreaterThan(0);
        expect(saved?.text.endsWith('# Completed on Wed Nov 25 19:18:14 2026')).toBe(true);
        expect(bundle.notes).toEqual([]);
      }
    });
  }

  it('still sets a "# comment" of the author aside', () => {
    const bundle = ingest(`[root@n1 ~]# ip r\n${ROUTE}\n# the overlay route to node-3 is missing\n`);
    expect(bundle.hosts[0]?.sections[0]?.text).toBe(ROUTE);
    expect(bundle.notes.map((n) => n.text)).toEqual(['# the overlay route to node-3 is missing']);
  });
});

describe("a '# …' line after iptables-save's last COMMIT", () => {
  // synthetic: iptables-save prints "#" lines of its own only (its header and footer, iptables-nft's warnings)
  const SAVE = '# Generated by iptables-save v1.8.9 (nf_tables) on Tue Nov 24 08:00:00 2026\n*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -j KUBE-SERVICES\nCOMMIT\n# Completed on Tue Nov 24 08:00:00 2026';
  const sections = (bundle: Bundle) => bundle.hosts.flatMap((h) => h.sections.map((s) => [h.name, s.command, s.format, s.text]));

  it("is the author's remark, not output, after the footer: a note, and the next prompt's section is whole", () => {
    const bundle = ingest(`[root@node-a ~]# iptables-save -t nat\n${SAVE}\n# this is node-b's\n[root@node-b ~]# ip r\n${ROUTE}\n`);
    expect(sections(bundle)).toEqual([['node-a', 'iptables-save -t nat', 'iptables-save', SAVE], ['node-b', 'ip r', 'ip-route', ROUTE]]);
    expect(bundle.notes.map((n) => [n.host, n.text])).toEqual([['node-b', "# this is node-b's"]]);
  });

  it('is narration before a command without a prompt, which starts a section of its own', () => {
    const save = '*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -j KUBE-SERVICES\nCOMMIT';
    const bundle = ingest(`[root@node-a ~]# iptables-save -t nat\n${save}\n# now on node-b\nip route\n${ROUTE}\n`);
    expect(sections(bundle)).toEqual([['node-a', 'iptables-save -t nat', 'iptables-save', save], ['node-a', 'ip route', 'ip-route', ROUTE]]);
    expect(bundle.notes.map((n) => n.text)).toEqual(['# now on node-b']);
  });

  it("is output when iptables-save printed it: iptables-nft's warnings, and a remark between two tables is a remark inside the output", () => {
    const nft = `${SAVE}\n# Table \`filter' is incompatible, use 'nft' tool.\n# Warning: iptables-legacy tables present, use iptables-legacy-save to see them`;
    const between = `${SAVE}\n# the filter table is below\n*filter\n:INPUT ACCEPT [0:0]\nCOMMIT`;
    for (const text of [nft, between]) {
      const bundle = ingest(`[root@node-a ~]# iptables-save\n${text}\n`);
      expect(sections(bundle)).toEqual([['node-a', 'iptables-save', 'iptables-save', text]]);
      expect(bundle.notes.map((n) => [n.host, n.text])).toEqual(text === between ? [['node-a', '# the filter table is below']] : []);
    }
  });
});

describe('SUSE prompts', () => {
  it('reads "nuc3:~ # " and "tux@nuc3:~> " as prompts naming nuc3', () => {
    const text = `kube-flannel on nuc3 crashes.\nnuc3:~ # ip r\n${ROUTE}\nnuc3:/etc/cni/net.d # ip n\n${NEIGH}\ntux@nuc4:~> ip r\n${ROUTE}\n`;
    for (const input of [text, flat(text)]) {
      expect(hostsOf(ingest(input))).toEqual([['nuc3', ['ip r', 'ip n']], ['nuc4', ['ip r']]]);
    }
  });
});

describe('zsh prompts', () => {
  // synthetic: macOS's zsh, zsh's own default, and oh-my-zsh's robbyrussell theme (which names no host)
  const sections = (bundle: Bundle) => [
    ...bundle.hosts.flatMap((h) => h.sections.map((s) => [h.name, s.command, s.format, s.text])),
    ...bundle.unattributed.map((u) => [null, u.section.command, u.section.format, u.section.text]),
  ];
  const RULES = '-P INPUT ACCEPT\n-A INPUT -j KUBE-FIREWALL';

  it('reads "user@host ~ % ", "host% " and root\'s "#" as prompts naming the host, flattened or not', () => {
    const text = `jdoe@node-a ~ % ip r\n${ROUTE}\nnode-b% ip n\n${NEIGH}\nroot@node-c netsift # iptables -S\n${RULES}\n`;
    for (const input of [text, flat(text)]) {
      const bundle = ingest(input);
      const output = (lines: string) => (input === text ? lines : flat(lines));
      expect(sections(bundle).map((s) => [s[0], s[1], s[2], (s[3] as string).trim()]), input).toEqual([
        ['node-a', 'ip r', 'ip-route', output(ROUTE)],
        ['node-b', 'ip n', 'ip-neigh', NEIGH],
        ['node-c', 'iptables -S', 'iptables-list-rules', output(RULES)],
      ]);
      expect(bundle.notes).toEqual([]);
    }
  });

  it('reads oh-my-zsh\'s "➜  dir git:(branch) " as a bare prompt: the host is the one named before it', () => {
    const text = `[root@node-a ~]# hostname\nnode-a\n➜  ~ ip r\n${ROUTE}\n➜  netsift git:(main) ✗ ip n\n${NEIGH}\n`;
    expect(sections(ingest(text))).toEqual([
      ['node-a', 'hostname', null, 'node-a'],
      ['node-a', 'ip r', 'ip-route', ROUTE],
      ['node-a', 'ip n', 'ip-neigh', NEIGH],
    ]);
    expect(ingest(`➜  ~ ip r\n${ROUTE}\n`).unattributed.map((u) => [u.section.command, u.section.format, u.section.text, u.reason]))
      .toEqual([['ip r', 'ip-route', ROUTE, 'a prompt without a host name, and no host named before it']]);
  });

  it('keeps output lines with a "%" in the output (ping statistics, df)', () => {
    const ping = 'PING 10.42.3.5 (10.42.3.5) 56(84) bytes of data.\n\n--- 10.42.3.5 ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss, time 1012ms';
    const df = 'Filesystem      Size  Used Avail Use% Mounted on\n/dev/sda1        20G  5.1G   15G  26% /\ntmpfs           3.9G     0  3.9G   0% /dev/shm';
    const bundle = ingest(`node-b% ping -c 2 10.42.3.5\n${ping}\nnode-b% df -h\n${df}\nnode-b% ip r\n${ROUTE}\n`);
    expect(sections(bundle)).toEqual([
      ['node-b', 'ping -c 2 10.42.3.5', null, ping],
      ['node-b', 'df -h', null, df],
      ['node-b', 'ip r', 'ip-route', ROUTE],
    ]);
  });
});

describe('where a flattened command ends', () => {
  it('does not take the first words of the output into the command', () => {
    const text = 'root@worker-a:~# ping -c 2 -W 1 10.42.3.5\nPING 10.42.3.5 (10.42.3.5) 56(84) bytes of data.\n\n--- 10.42.3.5 ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss, time 1012ms\n'
      + '[ops@kube-cp ~]$ sudo ip -br link\nlo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP>\neth0             UP             52:54:00:12:34:56 <BROADCAST,MULTICAST,UP,LOWER_UP>\n'
      + 'node-3# ip route get 172.20.2.15\n172.20.2.15 via 172.20.2.0 dev flannel.1 src 172.20.3.0 uid 0\n    cache\n';
    const bundle = ingest(flat(text));
    expect(hostsOf(bundle)).toEqual([
      ['worker-a', ['ping -c 2 -W 1 10.42.3.5']],
      ['kube-cp', ['sudo ip -br link']],
      ['node-3', ['ip route get 172.20.2.15']],
    ]);
    const link = bundle.hosts[1]?.sections[0];
    expect(link?.options).toBeUndefined();
    expect(parse('ip-link', link?.text ?? '').records).toHaveLength(2);
  });
});

describe('short narration lines', () => {
  for (const prompt of ['$ ', '# ']) {
    it(`"and worker-c:" names the host of the next bare "${prompt}" prompt and ends the output before it`, () => {
      const text = `root@worker-b:~# ip n show dev flannel.1\n${NEIGH}\nand worker-c:\n${prompt}ip n show dev flannel.1\n${NEIGH}\n`;
      const bundle = ingest(text);
      expect(hostsOf(bundle)).toEqual([['worker-b', ['ip n show dev flannel.1']], ['worker-c', ['ip n show dev flannel.1']]]);
      expect(bundle.hosts[0]?.sections[0]?.text).toBe(NEIGH);
      // a header, like "=== worker-c ===" on its own line: it names the host and is no note
      expect(bundle.notes).toEqual([]);
    });
  }

  it('a short line that names no host is a note, not output', () => {
    const bundle = ingest(`admin@ip-10-99-0-21:~$ ip r\n${ROUTE}\nand the node where api runs:\nadmin@ip-10-99-0-23:/tmp$ ip r\n${ROUTE}\n`);
    expect(bundle.hosts.map((h) => h.sections[0]?.text)).toEqual([ROUTE, ROUTE]);
    expect(bundle.notes.map((n) => n.text)).toEqual(['and the node where api runs:']);
  });

  it('leaves capitalised titles a tool prints in its output', () => {
    const text = '[root@n1 ~]# ethtool eth0\nSettings for eth0:\n\tSpeed: 10000Mb/s\n[root@n1 ~]# kubectl describe deploy web\nName: web\nPod Template:\n  Labels: app=web\n';
    const bundle = ingest(text);
    expect(bundle.hosts[0]?.sections[0]?.text).toBe('Settings for eth0:\n\tSpeed: 10000Mb/s');
    expect(bundle.cluster[0]?.text).toBe('Name: web\nPod Template:\n  Labels: app=web');
  });
});

describe('the node of a flannel log read with kubectl logs at a host\'s prompt', () => {
  const log = (address: string): string => 'I1028 01:59:01.891322       1 main.go:475] Determining IP address of default interface\n'
    + `I1028 01:59:01.891400       1 main.go:488] Using interface with name eth0 and address ${address}\n`
    + 'E1028 01:59:02.997781       1 vxlan_network.go:158] failed to add vxlanRoute (10.244.2.0/24 -> 10.244.2.0): invalid argument';
  const addr = (ip: string): string => `2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n    inet ${ip}/24 brd 10.0.0.255 scope global eth0`;
  const pods = 'NAME                    READY   STATUS    RESTARTS   AGE   IP          NODE   NOMINATED NODE   READINESS GATES\nkube-flannel-ds-x       1/1     Running   0          5m    10.0.0.12   n2     <none>           <none>';
  const logs = 'kubectl logs -n kube-flannel kube-flannel-ds-x';

  it('goes to the node kubectl get pods -o wide shows for the pod', () => {
    for (const prompt of ['[root@n1 ~]# ', 'root@n1:~# ', 'n1:~ # ']) {
      const bundle = ingest(`${prompt}${logs}\n${log('10.0.0.12')}\n${prompt}kubectl get pods -n kube-flannel -o wide\n${pods}\n`);
      expect(hostsOf(bundle)).toEqual([['n2', [logs]]]);
      expect(bundle.cluster.map((s) => s.command)).toEqual(['kubectl get pods -n kube-flannel -o wide']);
    }
  });

  it('goes to the host whose prompt ran it when the log uses one of that host\'s addresses', () => {
    const bundle = ingest(`[root@n1 ~]# ${logs}\n${log('10.0.0.11')}\n[root@n1 ~]# ip a\n${addr('10.0.0.11')}\n`);
    expect(hostsOf(bundle)).toEqual([['n1', [logs, 'ip a']]]);
  });

  it('is unattributed otherwise: kubectl reads any node\'s pods', () => {
    const bundle = ingest(`[root@n1 ~]# ${logs}\n${log('10.0.0.12')}\n[root@n1 ~]# ip a\n${addr('10.0.0.11')}\n`);
    expect(hostsOf(bundle)).toEqual([['n1', ['ip a']]]);
    expect(bundle.unattributed.map((u) => u.reason)).toEqual([
      `${logs}: the output of pod kube-flannel-ds-x does not name its node, and no other output (kubectl get pods -o wide) does; it ran at n1's prompt, but kubectl reads any node's pods and the log names no address of n1`,
    ]);
  });
});

describe('spans', () => {
  const text = `[root@n1 ~]# ip r\n${ROUTE}\nroot@n2:~# ip n\n\n${NEIGH}\nn3# route -n\n`;
  it('cover exactly the output, from its first line', () => {
    for (const input of [text, flat(text), text.replace(/\n/g, '\r\n')]) {
      const bundle = ingest(input);
      for (const host of bundle.hosts) {
        for (const s of host.sections) {
          expect(input.slice(s.span.offset, s.span.offset + s.span.length)).toBe(s.text);
          expect(s.span.text).toBe(s.text);
          expect(s.text).toBe(s.text.trim());
        }
      }
    }
    const [n1, n2, n3] = ingest(text).hosts.map((h) => h.sections[0]);
    expect([n1?.span.line, n1?.span.column, n2?.span.line, n3?.span.length]).toEqual([2, 1, 6, 0]);
    const flattened = ingest(flat(text)).hosts[0]?.sections[0];
    expect(flattened?.span.offset).toBe(flat(text).indexOf('default via'));
  });
});

describe('a flattened nft list ruleset in a transcript', () => {
  // corpus/lab/nft-kube-proxy.sh captures, pasted with their line breaks lost (runs of newlines and tabs: one blank)
  const capture = (name: string) => readFileSync(join(__dirname, '../../corpus/captures/nft-ruleset', name), 'utf8');
  for (const [command, name] of [['nft -a list ruleset', 'mixed-backends__nft_-a_list_ruleset.txt'], ['nft list ruleset', 'kube-proxy-nft131__nft_list_ruleset.txt']] as const) {
    it(`${command}: the command, its flattened output as an nft-ruleset section reading the original's records, the next prompt`, () => {
      const original = capture(name);
      const flat = original.replace(/[\n\t]+/g, ' ').trim();
      const bundle = ingest(`[root@node1 ~]# ${command} ${flat} [root@node1 ~]# ip route default via 192.168.86.1 dev eth0`);
      expect(summary(bundle).hosts).toEqual([['node1', [[command, 'nft-ruleset', 1, false, null], ['ip route', 'ip-route', 1, false, null]]]]);
      const section = bundle.hosts[0]?.sections[0];
      expect(section?.flattened).toBe(true);
      expect(section?.text).toBe(flat);
      const strip = (records: unknown[]) => (records as { span: unknown }[]).map(({ span: _span, ...rest }) => rest);
      const parsed = parse('nft-ruleset', section?.text ?? '');
      expect(strip(parsed.records)).toEqual(strip(parse('nft-ruleset', original).records));
      expect(parsed.diagnostics.map((d) => d.code)).toEqual(command === 'nft list ruleset' ? ['ambiguous'] : []);
    });
  }
});

describe('large pastes', () => {
  // synthetic: narration only, more lines than push(...notes) can take as arguments
  it('keeps every note of 130,000 lines of narration, in one paste and in two, without an internal error', () => {
    const prose = (n: number) => 'This is a plain sentence about it.\n'.repeat(n);
    const one = ingest(prose(130_000));
    expect(one.notes).toHaveLength(130_000);
    expect(one.diagnostics.filter((d) => d.code === 'internal')).toEqual([]);
    const two = ingest([{ name: 'p1', text: prose(70_000) }, { name: 'p2', text: prose(70_000) }]);
    expect(two.notes).toHaveLength(140_000);
    expect(two.diagnostics.filter((d) => d.code === 'internal')).toEqual([]);
  });
});

describe('values that are not text', () => {
  it('never throw (JavaScript callers: an object without a prototype has no string)', () => {
    expect(() => ingest(Object.create(null) as string)).not.toThrow();
    expect(() => ingest({ name: 'x', text: Object.create(null) as string })).not.toThrow();
    expect(ingest({ name: 'x', text: Object.create(null) as string }).hosts).toEqual([]);
  });
});

describe('a pod\'s node named by its FQDN', () => {
  // synthetic: the prompt shows the short host name, flannel's log the node's FQDN (AWS's naming)
  const log = (node: string) => `[root@ip-10-0-1-23 ~]# ip route
default via 10.0.1.1 dev eth0
[root@ip-10-0-1-23 ~]# kubectl logs -n kube-flannel kube-flannel-ds-fvj6h
I1028 01:59:02.997115       1 main.go:235] Created subnet manager: Kubernetes Subnet Manager - ${node}
E1028 01:59:02.997781       1 vxlan_network.go:158] failed to add vxlanRoute (10.244.2.0/24 -> 10.244.2.0): invalid argument
`;

  it('is the host whose short name is its first label', () => {
    const bundle = ingest(log('ip-10-0-1-23.ec2.internal'));
    expect(bundle.hosts.map((h) => [h.name, h.sections.map((s) => s.format)])).toEqual([['ip-10-0-1-23', ['ip-route', 'flannel-log']]]);
  });

  it('stays a node of its own when no host, or several, share the label', () => {
    expect(ingest(log('ip-10-0-9-99.ec2.internal')).hosts.map((h) => h.name)).toEqual(['ip-10-0-1-23', 'ip-10-0-9-99.ec2.internal']);
  });
});

describe('a "# …" remark between the rows of an output', () => {
  // synthetic: the author's remark between two rows of route -n names another host
  const ROWS_BEFORE = `Kernel IP routing table
Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
0.0.0.0         192.168.86.1    0.0.0.0         UG    0      0        0 ens160
10.244.1.0      10.244.1.0      255.255.255.0   UG    0      0        0 flannel.1`;
  const ROWS_AFTER = `10.244.2.0      0.0.0.0         255.255.255.192 U     0      0        0 *
192.168.86.0    0.0.0.0         255.255.255.0   U     0      0        0 ens160`;

  it('is a remark of that output, on its host, when the rows go on after it', () => {
    const bundle = ingest(`[root@host188 ~]# route -n\n${ROWS_BEFORE}\n# ^^^ the route to host189's pods is missing:\n${ROWS_AFTER}\n[root@host189 ~]# ip r\ndefault via 192.168.86.1 dev ens160\n`);
    expect(bundle.hosts.map((h) => [h.name, h.sections.map((s) => [s.command, s.format, s.partial])])).toEqual([
      ['host188', [['route -n', 'route-n', false]]], ['host189', [['ip r', 'ip-route', false]]],
    ]);
    const records = parse('route-n', bundle.hosts[0]?.sections[0]?.text ?? '').records as { network: string }[];
    expect(records.map((r) => r.network)).toEqual(['0.0.0.0/0', '10.244.1.0/24', '10.244.2.0/26', '192.168.86.0/24']);
  });

  it('is narration, as before, when what follows is no more of the output', () => {
    const bundle = ingest(`[root@host188 ~]# route -n\n${ROWS_BEFORE}\n# and on host189:\n[root@host189 ~]# ip r\ndefault via 192.168.86.1 dev ens160\n`);
    expect(bundle.hosts.map((h) => h.name)).toEqual(['host188', 'host189']);
    expect(bundle.notes.map((n) => [n.host, n.text])).toEqual([['host189', '# and on host189:']]);
  });
});

describe('a remark after a long output (only the output\'s tail is cut into words when it holds an output word)', () => {
  const rows = Array.from({ length: 300 }, (_, i) => `10.${i >> 8}.${i & 255}.0      10.0.0.1        255.255.255.0   UG    0      0        0 eth0`);
  const table = ['Kernel IP routing table', 'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface', ...rows].join('\n');
  const sectionAndNotes = (text: string): [string | undefined, string[]] => {
    const bundle = ingest({ name: 'paste', text });
    const sections = [...bundle.hosts.flatMap((h) => h.sections), ...bundle.unattributed.map((u) => u.section)];
    return [sections[0]?.text, bundle.notes.map((n) => n.text)];
  };

  it('sets a remark at the end of a 20 KB route -n aside, as on a short one', () => {
    expect(table.length).toBeGreaterThan(4 * 4096);
    expect(sectionAndNotes(`root@node-a:~# route -n\n${table} ###关键: the route to node-c is missing\n`)).toEqual([table, ['###关键: the route to node-c is missing']]);
    // a word with a digit after the remark reads as output: the remark stays in the output
    expect(sectionAndNotes(`root@node-a:~# route -n\n${table} ###关键: no route to 10.244.2.0\n`)).toEqual([`${table} ###关键: no route to 10.244.2.0`, []]);
  });

  it('reads the whole output when its tail has no output word (a 20 KB output of plain words)', () => {
    const prose = Array.from({ length: 4000 }, () => 'lorem').join(' ');
    expect(sectionAndNotes(`$ curl -s http://example.invalid/ 7 ---ok ${prose} ---ok\n`)).toEqual(['7', [`---ok ${prose} ---ok`]]);
  });
});

describe("iptables' long options at the end of an output are rules, not remarks", () => {
  const lastSection = (text: string): [string | undefined, string[]] => {
    const bundle = ingest({ name: 'paste', text });
    return [bundle.hosts[0]?.sections[0]?.text, bundle.notes.map((n) => n.text)];
  };

  it('keeps the last rule of iptables -S and iptables-save whole ("--comment", "--to-destination" began a note, and the rule lost its target)', () => {
    const rules = '-P POSTROUTING ACCEPT\n-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG';
    expect(lastSection(`[root@node-a ~]# iptables -t nat -S POSTROUTING\n${rules}\n`)).toEqual([rules, []]);
    const save = '*nat\n:PREROUTING ACCEPT [0:0]\n-A KUBE-SEP-X -p tcp -m tcp -j DNAT --to-destination 10.244.2.6:9090';
    expect(lastSection(`[root@node-a ~]# iptables-save -t nat\n${save}\n`)).toEqual([save, []]);
    // a remark after the rules is still one ("----" and "--" followed by other than a lower-case option name)
    expect(lastSection(`[root@node-a ~]# iptables -t nat -S POSTROUTING\n${rules} ----这条是flannel的\n`)).toEqual([rules, ['----这条是flannel的']]);
    // in other outputs "--word" after the last output word is a remark as before
    expect(lastSection('[root@node-a ~]# ip route\ndefault via 10.0.0.1 dev eth0 --this is the gateway\n')).toEqual(['default via 10.0.0.1 dev eth0', ['--this is the gateway']]);
  });
});

describe('remarks at the end of an output line, and commands with environment assignments (an ingest review)', () => {
  const read = (text: string) => {
    const bundle = ingest({ name: 'paste', text });
    return [[...bundle.hosts.flatMap((h) => h.sections), ...bundle.unattributed.map((u) => u.section)].map((s) => [s.command, s.format, s.text]), bundle.notes.map((n) => n.text)];
  };

  it('an output line with a remark at its end stays output (the row was a note: lost to the listing)', () => {
    const rows = '6e:2b:51:0a:14:0b dev flannel.1 dst 10.0.0.6 self permanent\n6e:2b:51:0a:14:0a dev flannel.1 dst 10.0.0.7 self permanent';
    expect(read(`[root@a ~]# bridge fdb show dev flannel.1\n${rows}   # 这里\n`)).toEqual([[['bridge fdb show dev flannel.1', 'bridge-fdb', `${rows}   # 这里`]], []]);
    expect(read(`[root@a ~]# bridge fdb show dev flannel.1\n${rows}   这里不对\n`)).toEqual([[['bridge fdb show dev flannel.1', 'bridge-fdb', `${rows}   这里不对`]], []]);
    // an English remark after "//": the words before it are no sentence
    expect(read('[root@a ~]# bridge fdb show\n6e:2b:51:0a:14:0a dev nodelocaldns master nodelocaldns permanent   // missing!\n'))
      .toEqual([[['bridge fdb show', 'bridge-fdb', '6e:2b:51:0a:14:0a dev nodelocaldns master nodelocaldns permanent']], ['// missing!']]);
    // a sentence that ends before its remark is still prose
    expect(read('Here is the table of node-2: ###关键\n')[1]).toEqual(['Here is the table of node-2: ###关键']);
  });

  it("busybox's and Alpine's prompts ('/ # ', '~ # ') and a host before the sign ('node-a $ ') are prompts, not output or notes", () => {
    expect(read('/ # ip route\ndefault via 10.0.0.1 dev eth0\n10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink\n')).toEqual([[
      ['ip route', 'ip-route', 'default via 10.0.0.1 dev eth0\n10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink'],
    ], []]);
    const bundle = ingest({ name: 'paste', text: '~ # ip route\ndefault via 10.0.0.1 dev eth0\nnode-a $ ip neigh\n10.0.0.1 dev eth0 lladdr 52:54:00:12:34:56 REACHABLE\n' });
    expect(bundle.hosts.map((h) => [h.name, h.sections.map((x) => x.command)])).toEqual([['node-a', ['ip neigh']]]);
    expect([bundle.unattributed.map((u) => u.section.command), bundle.notes]).toEqual([['ip route'], []]);
  });

  it('a line of prose between two rows of an output is a remark of that output: the rows after it keep the command and its options', () => {
    const head = 'Chain KUBE-SERVICES (2 references)\ntarget     prot opt source               destination\nKUBE-SVC-NPX46M4PTMTKRN6Y  6    --  0.0.0.0/0            10.96.0.1            tcp dpt:443';
    const tail = 'KUBE-SVC-TCOU7JCQXEZGVUNU  17   --  0.0.0.0/0            10.96.0.10           udp dpt:53';
    const bundle = ingest({ name: 'paste', text: `[root@node-a ~]# iptables -t nat -L KUBE-SERVICES -n\n${head}\n这里少了一条\n${tail}\n` });
    expect(bundle.hosts.flatMap((h) => h.sections.map((x) => [x.command, x.options, x.text]))).toEqual([
      ['iptables -t nat -L KUBE-SERVICES -n', { table: 'nat', chain: 'KUBE-SERVICES' }, `${head}\n这里少了一条\n${tail}`],
    ]);
    expect(bundle.notes.map((n) => n.text)).toEqual(['这里少了一条']);
    // prose that introduces what follows ("…的路由:") is narration, as before
    expect(read('[root@node-a ~]# ip route\ndefault via 10.0.0.1 dev eth0\n下面是另一台的路由:\n10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink\n')[0]).toEqual([
      ['ip route', 'ip-route', 'default via 10.0.0.1 dev eth0'], [null, 'ip-route', '10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink'],
    ]);
  });

  it("a remark right after a flattened sysctl command ends at the output's first key; cat's 2>&1 is no file", () => {
    expect(read('[root@node-a ~]# sysctl net.ipv4.ip_forward ----问题节点 net.ipv4.ip_forward = 0\n')).toEqual([[
      ['sysctl net.ipv4.ip_forward', 'sysctl', 'net.ipv4.ip_forward = 0'],
    ], ['----问题节点']]);
    expect(read('# cat /proc/sys/net/ipv4/ip_forward 2>&1\n1\n')[0]).toEqual([['cat /proc/sys/net/ipv4/ip_forward 2>&1', 'sysctl', '1']]);
  });

  it('ip route && ip neigh: their full lines differ, so the chain is cut (the neighbour rows were read as routes); ip -br neigh and ip route are not', () => {
    expect(read('[root@node-a ~]# ip route && ip neigh show dev flannel.1\ndefault via 10.0.0.1 dev eth0\n10.244.1.0 lladdr 02:42:ac:11:00:02 PERMANENT\n')[0]).toEqual([
      ['ip route', 'ip-route', 'default via 10.0.0.1 dev eth0'], ['ip neigh show dev flannel.1', 'ip-neigh', '10.244.1.0 lladdr 02:42:ac:11:00:02 PERMANENT'],
    ]);
    expect((read('[root@node-a ~]# ip -br neigh; ip route\n10.0.0.1 eth0 52:54:00:12:34:56 REACHABLE\ndefault via 10.0.0.1 dev eth0\n')[0] as unknown[]).length).toBe(1);
  });

  it('a sysctl listing chained after another is cut apart ("key = value" lines read alone); its values alone are not', () => {
    expect(read('[root@node-a ~]# ip route; sysctl -a\ndefault via 10.0.0.1 dev eth0\nnet.ipv4.ip_forward = 1\nnet.ipv4.conf.all.rp_filter = 2\n')[0]).toEqual([
      ['ip route', 'ip-route', 'default via 10.0.0.1 dev eth0'], ['sysctl -a', 'sysctl', 'net.ipv4.ip_forward = 1\nnet.ipv4.conf.all.rp_filter = 2'],
    ]);
    expect((read('[root@node-a ~]# ip route; cat /proc/sys/net/ipv4/ip_forward\ndefault via 10.0.0.1 dev eth0\n1\n')[0] as unknown[]).length).toBe(1);
  });

  it("a translated title of a listing chained after another is that listing's output, not a note", () => {
    const ja = 'カーネルIP経路テーブル\n受信先サイト    ゲートウェイ    ネットマスク   フラグ Metric Ref 使用数 インタフェース\n0.0.0.0         10.0.0.1        0.0.0.0         UG    0      0        0 eth0';
    expect(read(`[root@node-a ~]# ip route; LANGUAGE=ja route -n\ndefault via 10.0.0.1 dev eth0\n${ja}\n`)).toEqual([[
      ['ip route', 'ip-route', 'default via 10.0.0.1 dev eth0'], ['LANGUAGE=ja route -n', 'route-n', ja],
    ], []]);
  });

  it('a command with environment assignments after a bare prompt ("$ LANG=C route -n") is a command', () => {
    const table = 'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n0.0.0.0         10.0.0.1        0.0.0.0         UG    0      0        0 eth0';
    expect(read(`$ LANG=C route -n\n${table}\n# LANGUAGE=ja ip route\ndefault via 10.0.0.1 dev eth0\n`)).toEqual([[
      ['LANG=C route -n', 'route-n', table], ['LANGUAGE=ja ip route', 'ip-route', 'default via 10.0.0.1 dev eth0'],
    ], []]);
  });
});

describe('a flattened paste of a thousand prompts on one line', () => {
  // each section's first line was looked for from its start back to the line's (the paste's) start
  it('cuts every section, its span exactly its output', () => {
    let text = '';
    for (let i = 0; i < 1000; i++) text += `root@node-${i % 3}:~# ip r default via 10.0.0.1 dev eth0 10.244.${i & 255}.0/24 via 10.244.${i & 255}.0 dev flannel.1 onlink `;
    const bundle = ingest({ name: 'paste', text });
    const sections = bundle.hosts.flatMap((host) => host.sections);
    expect(sections).toHaveLength(1000);
    for (const section of sections) {
      expect(section.text).toBe(text.slice(section.span.offset, section.span.offset + section.span.length));
      expect(section.text).toMatch(/^default via 10\.0\.0\.1 dev eth0 10\.244\.\d+\.0\/24 via 10\.244\.\d+\.0 dev flannel\.1 onlink$/);
    }
  });
});
