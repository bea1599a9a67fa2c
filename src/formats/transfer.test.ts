import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captures, ROOT } from '../../test/support/corpus';
import { parse } from './registry';
import type { IptablesChain, IptablesRule } from './shared/iptables/schema';
import { packParsed, unpackParsed } from './transfer';

/** Which objects of a record are frozen, as paths: the unpacked parse must freeze the same. */
function frozenPaths(value: unknown, path = '$', out: string[] = []): string[] {
  if (value === null || typeof value !== 'object') return out;
  if (Object.isFrozen(value)) out.push(path);
  for (const key of Object.keys(value)) frozenPaths((value as Record<string, unknown>)[key], `${path}.${key}`, out);
  return out;
}

const roundTrip = (format: string, text: string) => {
  const parsed = parse(format, text);
  const packed = packParsed(parsed, text);
  // what crosses a thread: the buffers are transferable, the JSON a string
  const received = structuredClone(packed, { transfer: [packed.ints.buffer, packed.numbers.buffer] });
  return { parsed, unpacked: unpackParsed(received, text), packed: received };
};

describe('packParsed / unpackParsed', () => {
  const all = captures();

  it('give back every capture of the corpus exactly: values, key order, spans as slices, frozen parts', () => {
    expect(all.length).toBeGreaterThan(300);
    let rules = 0;
    for (const capture of all) {
      const { parsed, unpacked } = roundTrip(capture.format, capture.text);
      expect(unpacked, capture.file).toEqual(parsed);
      // prototypes too: toEqual does not tell an object without one from a plain one
      expect(isDeepStrictEqual(unpacked, parsed), capture.file).toBe(true);
      expect(JSON.stringify(unpacked), capture.file).toBe(JSON.stringify(parsed));
      expect(frozenPaths(unpacked.records), capture.file).toEqual(frozenPaths(parsed.records));
      rules += parsed.records.filter((r) => (r as { type?: string }).type === 'rule' && 'chain' in (r as object)).length;
    }
    expect(rules).toBeGreaterThan(1000);
  });

  it('gives back objects without a prototype as such, "__proto__" keys and all (ip route other, kubectl annotations, ip link properties)', () => {
    const fixture = (name: string) => readFileSync(join(ROOT, 'test/fixtures/kubectl-get', name), 'utf8');
    const cases: [string, string][] = [
      ['ip-route', '10.0.0.0/24 dev eth0 frobnicate 7 __proto__ 8 constructor 9\n'],
      ['kubectl-get', fixture('nodes.yaml')],
      ['kubectl-get', fixture('nodes.json')],
      ['kubectl-get', 'apiVersion: v1\nkind: Node\nmetadata:\n  name: n\n  annotations:\n    __proto__: x\n    a: b\n'],
      ['ip-link', readFileSync(join(ROOT, 'corpus/captures/ip-link/many-ifaces__ip_-s_-d_link.txt'), 'utf8')],
    ];
    for (const [format, text] of cases) {
      const { parsed, unpacked } = roundTrip(format, text);
      expect(isDeepStrictEqual(unpacked, parsed), format).toBe(true);
    }
    const other = (parsed: { records: unknown[] }) => (parsed.records[0] as { other: Record<string, string> }).other;
    const { parsed, unpacked } = roundTrip('ip-route', cases[0]?.[1] as string);
    expect(Object.getPrototypeOf(other(unpacked))).toBeNull();
    expect(Object.entries(other(unpacked))).toEqual([['frobnicate', '7'], ['__proto__', '8'], ['constructor', '9']]);
    expect(Object.entries(other(parsed))).toEqual(Object.entries(other(unpacked)));
    const annotations = (p: { records: unknown[] }) => (p.records[0] as { annotations: Record<string, string> }).annotations;
    const node = roundTrip('kubectl-get', cases[3]?.[1] as string);
    expect(Object.entries(annotations(node.unpacked))).toEqual([['__proto__', 'x'], ['a', 'b']]);
  });

  it('packs iptables rules as integers and shares what the parse shared', () => {
    // synthetic: two endpoints of one kube-proxy service
    const text = [
      '*nat',
      ':KUBE-SEP-AAAA - [0:0]',
      '[3:180] -A KUBE-SEP-AAAA -s 10.244.1.5/32 -m comment --comment "shop/cart:http" -j KUBE-MARK-MASQ',
      '[5000000000:9000000000] -A KUBE-SEP-AAAA -p tcp -m comment --comment "shop/cart:http" -m tcp -j DNAT --to-destination 10.244.1.5:8080',
      '-A KUBE-SEP-BBBB ! -s 10.244.2.6/32 -f -m comment --comment "shop/cart:http" -g KUBE-MARK-MASQ',
      'COMMIT',
    ].join('\n');
    const { parsed, unpacked, packed } = roundTrip('iptables-save', text);
    expect(unpacked).toEqual(parsed);
    const payload = JSON.parse(packed.json) as { others: unknown[]; matches: unknown[][]; targets: unknown[][]; strings: string[]; generals: number[] };
    // *nat and COMMIT as JSON; the chain line and the three rules as integers
    expect(payload.others).toHaveLength(2);
    expect(payload.strings).toEqual([
      'nat', 'KUBE-SEP-AAAA', '10.244.1.5/32', 'comment', '"shop/cart:http"', 'KUBE-MARK-MASQ', 'tcp', 'DNAT', 'to-destination',
      '10.244.1.5:8080', 'KUBE-SEP-BBBB', '10.244.2.6/32',
    ]);
    // the comment (shared by three rules) and -m tcp: name, goto (none), frozen (all, none), typed, options
    expect(payload.matches).toEqual([
      [3, -1, 1, { type: 'comment', comment: 'shop/cart:http' }, 1, 3, 0, 1, 4],
      [6, -1, 1, { type: 'ports', protocol: 'tcp' }, -2],
    ]);
    expect(payload.targets).toHaveLength(3); // -j KUBE-MARK-MASQ, the DNAT, -g KUBE-MARK-MASQ
    // -s 10.244.1.5/32, -p tcp, ! -s 10.244.2.6/32 (each shared by value: frozen): value, negated, frozen
    expect(payload.generals).toEqual([2, 0, 1, 6, 0, 1, 11, 1, 1]);
    // the rules' counters; the chain's [0:0] is the shared frozen zero, packed as a marker and given back as that same object
    expect(Array.from(packed.numbers)).toEqual([3, 180, 1, 5000000000, 9000000000, 1]);
    const chain = unpacked.records.find((r) => (r as IptablesChain).type === 'chain') as IptablesChain;
    expect(chain.counters).toBe((parsed.records.find((r) => (r as IptablesChain).type === 'chain') as IptablesChain).counters);
    expect(Object.isFrozen(chain.counters)).toBe(true);
    const [masq, dnat, other] = unpacked.records.filter((r): r is IptablesRule => (r as IptablesRule).type === 'rule') as IptablesRule[];
    expect(masq?.matches[0]?.typed).toBe(dnat?.matches[0]?.typed);
    expect(masq?.matches[0]?.span).not.toBe(dnat?.matches[0]?.span);
    expect(other?.source).toEqual({ negated: true, value: '10.244.2.6/32' });
    expect(other?.fragment).toEqual({ negated: false });
    expect(other?.target).toMatchObject({ name: 'KUBE-MARK-MASQ', goto: true });
    // the span texts are the input's, not copies carried over
    expect(packed.json).not.toContain('10.244.1.5/32 -m comment');
  });

  it('gives back iptables -L records with unresolved names and rounded counters', () => {
    // synthetic: -L -v without -n
    const text = [
      'Chain KUBE-NODEPORTS (1 references)',
      ' pkts bytes target     prot opt in     out     source               destination',
      '   12K  3M KUBE-EXT-X  tcp  --  *      *       anywhere             anywhere             /* shop/cart:http */ tcp dpt:http',
    ].join('\n');
    const { parsed, unpacked } = roundTrip('iptables-list', text);
    expect(unpacked).toEqual(parsed);
    const rule = unpacked.records.find((r) => (r as IptablesRule).type === 'rule') as IptablesRule;
    expect(rule.counters).toEqual({ packets: 12000, bytes: 3000000, exact: false });
    expect(rule.unresolved).toEqual(['http']);
    expect(Object.isFrozen(rule.unresolved)).toBe(false);
  });

  it('never loses anything on arbitrary text in the iptables formats', () => {
    fc.assert(fc.property(
      fc.constantFrom('iptables-save', 'iptables-list-rules', 'iptables-list'),
      fc.array(fc.oneof(
        fc.constantFrom('*nat', 'COMMIT', '-A X -p tcp -j ACCEPT', '-A X -m comment --comment "a b" -j Y', ':X - [0:0]', 'Chain X (policy ACCEPT)'),
        fc.string(),
      ), { maxLength: 8 }).map((lines) => lines.join('\n')),
      (format, text) => {
        const { parsed, unpacked } = roundTrip(format, text);
        expect(unpacked).toEqual(parsed);
      },
    ));
  });

  it('throws a clear error on packed numbers that are no packed parse, never a huge array', () => {
    const text = '*nat\n-A X -p tcp -j ACCEPT\nCOMMIT';
    const packed = packParsed(parse('iptables-save', text), text);
    const ints = Int32Array.from(packed.ints);
    const matchCount = ints.indexOf(1) + 1 + 4 + 3 + 1 + 5 + 1 + 1; // tag, span, table/chain/position, counters, generals, fragment, unresolved
    ints[matchCount] = 0x7fffffff;
    expect(() => unpackParsed({ ...packed, ints }, text)).toThrow('unpackParsed: not a parse packParsed packed');
    // a part claiming more options or values than it holds
    const withOption = '*nat\n-A X -p tcp -m tcp --dport 80 -j ACCEPT\nCOMMIT';
    const good = packParsed(parse('iptables-save', withOption), withOption);
    const payload = JSON.parse(good.json) as { matches: unknown[][] };
    expect(payload.matches[0]?.[4]).toBe(1); // one option: name, negated, one value
    for (const [at, value] of [[4, 0x7fffffff], [7, 1000], [8, 'x']] as const) {
      const part = [...(payload.matches[0] as unknown[])];
      part[at] = value;
      const json = JSON.stringify({ ...payload, matches: [part] });
      expect(() => unpackParsed({ ...good, json }, withOption)).toThrow('unpackParsed: not a parse packParsed packed');
    }
  });
});
