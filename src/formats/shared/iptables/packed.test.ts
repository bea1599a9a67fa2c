// A packed rule reads as the record buildRule makes from the same line: every field, the spans of
// its matches and target, the parts walks read (targetOf, matchesOf), and its JSON, byte for byte.
// Checked on every iptables-save capture of the corpus (lab and peer), the lab's 1,000-service
// bench set, and generated listings with junk lines between their rules.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captures, ROOT } from '../../../../test/support/corpus';
import { parseIptablesSave } from '../../iptables-save/parse';
import { matchesOf, PackedChain, PackedRule, targetOf } from './packed';
import { SharedRuleParts } from './rule';
import type { IptablesChain, IptablesRecord, IptablesRule } from './schema';

/** The parts of a record's match or target: what walks read of it. */
const withoutSpan = <T extends { span: unknown }>(item: T): Omit<T, 'span'> => {
  const { span: _span, ...rest } = item;
  return rest;
};

function expectSameRules(text: string, label: string): number {
  const plain = parseIptablesSave(text);
  const shared = new SharedRuleParts();
  const packed = parseIptablesSave(text, { pack: true, shared });
  expect(JSON.stringify(packed), label).toBe(JSON.stringify(plain));
  // a second node listing the same: every line is made again from the first's (shared.lines)
  const known = shared.lines.size;
  const again = parseIptablesSave(text, { pack: true, shared });
  expect(JSON.stringify(again), label).toBe(JSON.stringify(plain));
  expect(shared.lines.size, label).toBe(known);
  expect(packed.records.length, label).toBe(plain.records.length);
  let count = 0;
  packed.records.forEach((record, index) => {
    const expected = plain.records[index] as IptablesRecord;
    if (record instanceof PackedChain) {
      for (const key of ['type', 'table', 'chain', 'builtin', 'policy', 'counters', 'references', 'span'] as const) expect(record[key], `${label}: chain ${index} ${key}`).toEqual((expected as IptablesChain)[key]);
      return;
    }
    if (!(record instanceof PackedRule)) {
      expect(record, label).toEqual(expected);
      return;
    }
    count++;
    const rule = expected as IptablesRule;
    expect(record.type).toBe('rule');
    for (const key of ['table', 'chain', 'position', 'counters', 'protocol', 'source', 'destination', 'inInterface', 'outInterface', 'fragment', 'unresolved', 'span', 'matches', 'target'] as const) {
      expect(record[key], `${label}: rule ${index} ${key}`).toEqual(rule[key]);
    }
    expect(targetOf(record)).toEqual(rule.target && withoutSpan(rule.target));
    expect(targetOf(record)).toEqual(targetOf(rule) && withoutSpan(targetOf(rule) as NonNullable<IptablesRule['target']>));
    expect(matchesOf(record)).toEqual(rule.matches.map(withoutSpan));
  });
  return count;
}

describe('PackedRule', () => {
  it('reads as the record of the same line, for every iptables-save capture of the corpus', () => {
    const files = captures('iptables-save');
    expect(files.length).toBeGreaterThan(10);
    let packed = 0;
    for (const capture of files) packed += expectSameRules(capture.text, capture.file);
    expect(packed).toBeGreaterThan(500);
  });

  it("reads as the record of the same line, for the lab's 1,000-service set", () => {
    const text = gunzipSync(readFileSync(join(ROOT, 'corpus/bench/iptables-save/svc1k__iptables-save.txt.gz'))).toString('utf8');
    // every "-A" line of it (grep -c)
    expect(expectSameRules(text, 'svc1k')).toBe(11_291);
    // and every rule and chain line is one a second node's listing makes again without reading it
    const shared = new SharedRuleParts();
    const { records } = parseIptablesSave(text, { pack: true, shared });
    expect(records.filter((record) => record instanceof PackedChain).length).toBe(text.split('\n').filter((line) => line.startsWith(':')).length);
    expect(shared.lines.size).toBe(new Set(text.split('\n').filter((line) => /^(?:-A|:)/.test(line))).size);
  });

  it('a line read before is made again in the table it is in now, at its own place, with its own position', () => {
    const shared = new SharedRuleParts();
    const first = '*nat\n:KUBE-SERVICES - [0:0]\n-A KUBE-SERVICES -d 10.96.0.1/32 -j KUBE-SVC-X\nCOMMIT\n';
    const second = '# Generated\n*filter\n:KUBE-SERVICES - [0:0]\n-A KUBE-SERVICES -j ACCEPT\n-A KUBE-SERVICES -d 10.96.0.1/32 -j KUBE-SVC-X\n  -A KUBE-SERVICES -d 10.96.0.1/32 -j KUBE-SVC-X\nCOMMIT\n';
    parseIptablesSave(first, { pack: true, shared });
    expect(shared.lines.texts()).toEqual([':KUBE-SERVICES - [0:0]', '-A KUBE-SERVICES -d 10.96.0.1/32 -j KUBE-SVC-X']);
    const { records } = parseIptablesSave(second, { pack: true, shared });
    const rules = records.filter((record): record is IptablesRule => record.type === 'rule');
    expect(rules.map((rule) => [rule.table, rule.position, rule.span.line, rule.span.column, rule.span.offset])).toEqual([
      ['filter', 1, 4, 1, 43], ['filter', 2, 5, 1, 70], ['filter', 3, 6, 3, 119],
    ]);
    expect(JSON.parse(JSON.stringify(records.find((record) => record.type === 'chain')))).toEqual({
      type: 'chain', table: 'filter', chain: 'KUBE-SERVICES', builtin: false, policy: null, counters: { packets: 0, bytes: 0, exact: true }, references: null,
      span: { line: 3, column: 1, offset: 20, length: 22, text: ':KUBE-SERVICES - [0:0]' },
    });
    expect(rules[1]?.target?.span).toEqual({ line: 5, column: 34, offset: 103, length: 13, text: '-j KUBE-SVC-X' });
    expect(JSON.stringify(records)).toBe(JSON.stringify(parseIptablesSave(second).records));
  });

  it("the parts a known line's rules share are frozen: no node's rule changes another's", () => {
    const text = '*nat\n-A KUBE-SEP-A -p tcp -m comment --comment "ns/web" -j DNAT --to-destination 10.244.1.5:8080\nCOMMIT\n';
    const shared = new SharedRuleParts();
    const first = parseIptablesSave(text, { pack: true, shared }).records[1] as IptablesRule;
    const second = parseIptablesSave(text, { pack: true, shared }).records[1] as IptablesRule;
    const typed = first.target?.typed as { to: { address: string }[] };
    expect(() => { (typed.to[0] as { address: string }).address = '6.6.6.6'; }).toThrow(TypeError);
    expect(() => { (first.matches[0]?.typed as { comment: string }).comment = 'evil'; }).toThrow(TypeError);
    expect(second.target?.typed).toEqual({ type: 'dnat', to: [{ address: '10.244.1.5', port: '8080' }], random: false, persistent: false });
  });

  it('keeps at most so many lines (iptables-save -c: lines that never repeat), and reads the rest as before', () => {
    const listing = (node: number): string => ['*nat', ...Array.from({ length: 40 }, (_, i) => `[${node}:${i}] -A KUBE-SVC-X -m comment --comment "s${i}" -j KUBE-SEP-${i}`), 'COMMIT', ''].join('\n');
    const shared = new SharedRuleParts({ maxKnownLines: 50 });
    for (let node = 1; node <= 3; node++) {
      const packed = parseIptablesSave(listing(node), { pack: true, shared });
      expect(JSON.stringify(packed)).toBe(JSON.stringify(parseIptablesSave(listing(node))));
    }
    expect(shared.lines.size).toBe(50);
  });

  it('a rule before any "*table" line stays a record (the model copies it to give it a table)', () => {
    const { records } = parseIptablesSave('-A KUBE-SERVICES -d 10.96.0.1/32 -j KUBE-SVC-X\n*nat\n-A KUBE-SERVICES -d 10.96.0.1/32 -j KUBE-SVC-X\nCOMMIT\n', { pack: true });
    expect(records.map((record) => record instanceof PackedRule)).toEqual([false, false, true, false]);
    expect(records[2]).toMatchObject({ table: 'nat', chain: 'KUBE-SERVICES', position: 1, destination: { negated: false, value: '10.96.0.1/32' } });
  });

  it('rules that read alike share their head, and a head is read from the items in order (the last -s wins)', () => {
    const text = '*filter\n-A A -s 10.0.0.1/32 -p tcp -j ACCEPT\n-A B -s 10.0.0.1/32 -p tcp -j DROP\n-A C -s 10.0.0.1/32 -s 10.0.0.2/32 ! -f -j DROP\nCOMMIT\n';
    const rules = parseIptablesSave(text, { pack: true }).records.filter((record): record is IptablesRule => record.type === 'rule');
    expect(rules[0]?.source).toBe(rules[1]?.source);
    expect(rules[0]?.protocol).toEqual({ negated: false, value: 'tcp' });
    expect(rules[2]?.source).toEqual({ negated: false, value: '10.0.0.2/32' });
    expect(rules[2]?.fragment).toEqual({ negated: true });
    expect(JSON.stringify(rules)).toBe(JSON.stringify(parseIptablesSave(text).records.filter((record) => record.type === 'rule')));
  });

  it('any text: the packed parse is the plain one, junk, flattened lines and cut rules included', () => {
    const line = fc.oneof(
      fc.constantFrom(
        '*nat', '*filter', 'COMMIT', ':KUBE-SERVICES - [0:0]', ':INPUT ACCEPT [12:3456]', '# Generated by iptables-save v1.8.9 (nf_tables) on Wed Nov  6 21:31:52 2019',
        '-A KUBE-SEP-5GEH5OENN4FETTOQ -s 10.244.1.5/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ',
        '-A KUBE-SEP-5GEH5OENN4FETTOQ -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.1.5:8080',
        '[3:180] -A KUBE-SVC-SO4PW3GA7SPS7IHM -m comment --comment "x y" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-5GEH5OENN4FETTOQ',
        '-A FORWARD ! -i cni0 -o cni0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT', '-A INPUT -f -c 1 2 -j DROP', '-A X -g Y',
        '# Warning: iptables-legacy tables present, use iptables-legacy-save to see them',
      ),
      fc.string({ maxLength: 60 }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(line, { maxLength: 14 }), { minLength: 1, maxLength: 3 }), fc.boolean(), (texts, flattened) => {
        // several nodes' listings through one set of shared parts: lines one read are made again for the next
        const shared = new SharedRuleParts();
        for (const lines of texts) {
          const text = lines.join(flattened ? ' ' : '\n');
          const plain = parseIptablesSave(text);
          const packed = parseIptablesSave(text, { pack: true, shared });
          expect(JSON.stringify(packed)).toBe(JSON.stringify(plain));
          packed.records.forEach((record, index) => {
            if (record instanceof PackedRule) expect(matchesOf(record)).toEqual((plain.records[index] as IptablesRule).matches.map(withoutSpan));
          });
        }
      }),
    );
  });
});
