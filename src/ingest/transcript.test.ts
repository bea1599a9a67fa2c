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
      ['ip-neigh', 'no command line; a prompt without a host name, and no host named before it'],
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
    default: return `${host}# `;
  }
}

describe('properties', () => {
  it('interleaving, prompt style and flattening do not change any host\'s records', () => {
    const order = fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 7, maxLength: 7 });
    fc.assert(fc.property(order, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 }), fc.boolean(), (picks, styles, flatten) => {
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
