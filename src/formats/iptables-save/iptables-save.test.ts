import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captures, readExpected } from '../../../test/support/corpus';
import { parseIptablesSave } from './parse';
import { printIptablesSave } from './print';
import { IptablesRecord, type IptablesRule } from './schema';
import { sniffIptablesSave } from './sniff';
import { tablesShown } from './tables';

const root = join(__dirname, '../../..');
const HOST188 = join(root, 'corpus/captures/iptables-save/host188-nft__iptables-save.txt');
const strip = <T>(records: T[]): unknown[] => records.map((r) => JSON.parse(JSON.stringify(r, (k, v) => (k === 'span' ? undefined : v))));

describe.runIf(existsSync(HOST188))('iptables-save: the host188 lab capture (nf_tables)', () => {
  const text = existsSync(HOST188) ? readFileSync(HOST188, 'utf8') : '';
  const { records, diagnostics } = parseIptablesSave(text);
  const lines = text.split('\n');

  it('reads the header, tables and the NodePort 30038 path with exact values', () => {
    expect(diagnostics).toEqual([]);
    expect(records[0]).toEqual({
      type: 'meta', kind: 'comment', table: null, text: lines[0],
      span: { line: 1, column: 1, offset: 0, length: lines[0]?.length, text: lines[0] },
    });
    expect(records[1]).toMatchObject({ type: 'meta', kind: 'table', table: 'filter', text: '*filter' });
    const rules = records.filter((r): r is IptablesRule => r.type === 'rule');
    const dnat = rules.find((r) => r.chain === 'KUBE-SEP-5GEH5OENN4FETTOQ' && r.target?.name === 'DNAT');
    const line = lines[99] as string;
    expect(dnat).toEqual({
      type: 'rule', table: 'nat', chain: 'KUBE-SEP-5GEH5OENN4FETTOQ', position: 2, counters: null,
      protocol: { negated: false, value: 'tcp' }, source: null, destination: null, inInterface: null, outInterface: null, fragment: null,
      matches: [
        {
          module: 'comment', options: [{ name: 'comment', values: ['"prometheus/prometheus-nodeport:http"'], negated: false }],
          typed: { type: 'comment', comment: 'prometheus/prometheus-nodeport:http' },
          span: { line: 100, column: 37, offset: text.indexOf(line) + 36, length: 58, text: '-m comment --comment "prometheus/prometheus-nodeport:http"' },
        },
        { module: 'tcp', options: [], typed: { type: 'ports', protocol: 'tcp' }, span: expect.objectContaining({ text: '-m tcp' }) },
      ],
      target: {
        name: 'DNAT', goto: false, options: [{ name: 'to-destination', values: ['10.244.2.6:9090'], negated: false }],
        typed: { type: 'dnat', to: [{ address: '10.244.2.6', port: '9090' }], random: false, persistent: false },
        span: expect.objectContaining({ text: '-j DNAT --to-destination 10.244.2.6:9090' }),
      },
      unresolved: [], span: { line: 100, column: 1, offset: text.indexOf(line), length: line.length, text: line },
    });
    const nodeport = rules.find((r) => r.chain === 'KUBE-NODEPORTS' && r.position === 2);
    expect(nodeport?.matches[1]?.typed).toEqual({ type: 'ports', protocol: 'tcp', destinationPort: { negated: false, from: 30038, to: 30038 } });
    expect(nodeport?.target?.typed).toEqual({ type: 'chain', chain: 'KUBE-SVC-SO4PW3GA7SPS7IHM' });
    const masq = rules.find((r) => r.chain === 'KUBE-SERVICES' && r.source?.negated && r.destination?.value === '10.109.216.20/32');
    expect([masq?.source, masq?.position, masq?.target?.name]).toEqual([{ negated: true, value: '10.244.0.0/16' }, 9, 'KUBE-MARK-MASQ']);
    for (const record of records) expect(IptablesRecord.safeParse(record).success).toBe(true);
  });

  it('gives every chain and rule its table, user chains no policy', () => {
    const chains = records.filter((r) => r.type === 'chain');
    expect(chains.find((c) => c.chain === 'FORWARD' && c.table === 'filter')).toMatchObject({ builtin: true, policy: 'DROP' });
    expect(chains.find((c) => c.chain === 'KUBE-NODEPORTS' && c.table === 'nat')).toMatchObject({
      builtin: false, policy: null, counters: { packets: 0, bytes: 0, exact: true },
    });
    expect(records.filter((r) => r.type === 'meta' && r.kind === 'commit').map((r) => r.table)).toEqual(['filter', 'nat']);
  });

  it('reads the flattened paste like the original', () => {
    const flat = parseIptablesSave(text.replace(/\n/g, ' '));
    expect(flat.diagnostics).toEqual([]);
    expect(strip(flat.records)).toEqual(strip(records));
  });
});

describe('iptables-save lab captures', () => {
  const lab = captures('iptables-save').filter((c) => c.origin === 'lab');
  // iptables-save 2>&1: iptables-nft's legacy-tables warning, unbuffered on stderr, lands inside a stdout line
  const merged = (file: string) => file.includes('2%3E%261');
  for (const capture of lab) {
    it(`${capture.file}: expected records, printed back byte for byte`, () => {
      const parsed = parseIptablesSave(capture.text);
      expect(parsed).toEqual(readExpected(capture));
      if (merged(capture.file)) {
        expect(parsed.diagnostics.map((d) => d.code)).toEqual(['incomplete', 'unexpected-token']);
        expect(parsed.records.some((r) => r.type === 'meta' && r.kind === 'warning')).toBe(true);
        return;
      }
      expect(parsed.diagnostics).toEqual([]);
      expect(printIptablesSave(parsed.records)).toBe(capture.text);
    });
  }
  it.runIf(lab.length > 0)('has legacy, nf_tables and -c captures', () => {
    const files = lab.map((c) => c.file).join(' ');
    for (const part of ['-legacy__', '-nft__', 'save_-c.txt']) expect(files).toContain(part);
  });
});

describe('iptables-save peer captures', () => {
  for (const capture of captures('iptables-save').filter((c) => c.origin === 'peer')) {
    it(`${capture.file}: expected records, printed back byte for byte`, () => {
      const parsed = parseIptablesSave(capture.text);
      expect(parsed).toEqual(readExpected(capture));
      expect(parsed.diagnostics).toEqual([]);
      expect(printIptablesSave(parsed.records)).toBe(capture.text);
    });
  }
  it('insights-core ip6tables-save: five tables, a rule without target, rpfilter --invert', () => {
    const text = readFileSync(join(root, 'corpus/peer/iptables-save/insights-core__test_iptables__IP6TABLES_SAVE.txt'), 'utf8');
    const rules = parseIptablesSave(text).records.filter((r): r is IptablesRule => r.type === 'rule');
    expect([...new Set(rules.map((r) => r.table))]).toEqual(['security', 'raw', 'filter']);
    expect(rules.find((r) => r.target === null)).toMatchObject({ chain: 'INPUT', position: 3, source: { negated: false, value: 'fe80::/64' } });
    expect(rules.find((r) => r.matches[0]?.module === 'rpfilter')?.matches[0]?.typed).toEqual({
      type: 'rpfilter', loose: false, validmark: false, acceptLocal: false, invert: true,
    });
  });

  // GitHub issue and PR text (read in place, not copied: no open licence)
  const shared = '/work/shared/peer-corpus/iptables-save';
  const read = (name: string) => readFileSync(join(shared, name), 'utf8');
  it.runIf(existsSync(shared))('issue pastes: partial ones read whole, the fragment without *table says so', () => {
    for (const name of ['gh-issue-flannel-1313__iptables-save-partial.txt', 'gh-issue-flannel-835__iptables-save-nat-header-partial.txt',
      'gh-issue-k3s-977__iptables-save-nat-partial.txt', 'gh-pr-moby-49518__iptables-save-nft-filter-partial.txt']) {
      const parsed = parseIptablesSave(read(name));
      expect(parsed.diagnostics, name).toEqual([]);
      expect(printIptablesSave(parsed.records)).toBe(read(name));
    }
    const text = read('gh-issue-flannel-1702__iptables-save-nat-fragment.txt');
    const fragment = parseIptablesSave(text);
    expect(fragment.diagnostics.map((d) => [d.code, d.severity, d.span.line, d.span.column])).toEqual([['incomplete', 'info', 1, 1]]);
    const last = fragment.records[fragment.records.length - 1] as IptablesRule;
    expect(last.table).toBeNull();
    expect(last.matches.map((m) => m.typed)).toEqual([
      { type: 'comment', comment: 'dnat name: "cbr0" id: "be884d182a6ed5c10e7a6a8b60cb52c2bf230306ddd6767ac67b9e6e87fe4686"' },
      { type: 'multiport', direction: 'destination', negated: false, ports: [{ negated: false, from: 80, to: 80 }, { negated: false, from: 443, to: 443 }] },
    ]);
    expect(printIptablesSave(fragment.records)).toBe(text);
  });
});

describe('iptables-save details', () => {
  it('reads -c counters, goto, fragments and the nft warning', () => {
    const text = [
      '# Warning: iptables-legacy tables present, use iptables-legacy-save to see them',
      '*filter', ':INPUT ACCEPT [5:300]', ':LAN-IN - [0:0]',
      '[12:3456] -A INPUT -i eth0 ! -f -g LAN-IN', '[0:0] -A INPUT -m set ! --match-set blocked src -j DROP', 'COMMIT', '',
    ].join('\n');
    const { records, diagnostics } = parseIptablesSave(text);
    expect(diagnostics).toEqual([]);
    expect(records[0]).toMatchObject({ type: 'meta', kind: 'warning', table: null });
    expect(records[4]).toMatchObject({
      counters: { packets: 12, bytes: 3456, exact: true }, fragment: { negated: true }, inInterface: { negated: false, value: 'eth0' },
      target: { name: 'LAN-IN', goto: true, typed: { type: 'chain', chain: 'LAN-IN' } },
    });
    expect(records[5]).toMatchObject({ position: 2, matches: [{ typed: { type: 'set', negated: true, name: 'blocked', flags: ['src'] } }] });
    expect(printIptablesSave(records)).toBe(text);
  });

  it('reports a remark and a damaged line, keeps the rest', () => {
    const text = '*nat\n###看这里\n-A X -j\n-A Y -j RETURN\nCOMMIT\n';
    const { records, diagnostics } = parseIptablesSave(text);
    expect(diagnostics.map((d) => [d.code, d.span.text])).toEqual([['annotation', '###看这里'], ['unexpected-token', '-j']]);
    expect(records.filter((r) => r.type === 'rule').map((r) => r.type === 'rule' && [r.chain, r.target?.name ?? null])).toEqual([['X', null], ['Y', 'RETURN']]);
  });

  it('sniffs its own output and not iptables -S', () => {
    expect(sniffIptablesSave('# Generated by iptables-save v1.8.9 (nf_tables) on Wed Nov 25 17:44:16 2026\n*filter\n')).toBeGreaterThan(0.9);
    expect(sniffIptablesSave('-P INPUT ACCEPT\n-N KUBE-X\n-A INPUT -j KUBE-X\n')).toBe(0);
    expect(sniffIptablesSave('hello world')).toBe(0);
  });
});

describe('iptables-save: what rules of one parse share', () => {
  // synthetic: two kube-proxy endpoint chains of one service, as iptables-save prints them
  const text = [
    '*nat',
    '-A KUBE-SEP-AAAA -s 10.244.1.5/32 -m comment --comment "shop/cart:http" -j KUBE-MARK-MASQ',
    '-A KUBE-SEP-AAAA -p tcp -m comment --comment "shop/cart:http" -m tcp -j DNAT --to-destination 10.244.1.5:8080',
    '-A KUBE-SEP-BBBB -s 10.244.2.6/32 -m comment --comment "shop/cart:http" -j KUBE-MARK-MASQ',
    '-A KUBE-SEP-BBBB -p tcp -m comment --comment "shop/cart:http" -m tcp -j DNAT --to-destination 10.244.2.6:8080',
    'COMMIT',
  ].join('\n');
  const rules = parseIptablesSave(text).records.filter((r): r is IptablesRule => r.type === 'rule');

  it('gives matches and targets of the same text one frozen value, each with its own span', () => {
    const [masqA, dnatA, masqB, dnatB] = rules as [IptablesRule, IptablesRule, IptablesRule, IptablesRule];
    expect(masqA.matches[0]?.typed).toBe(masqB.matches[0]?.typed);
    expect(masqA.matches[0]?.options).toBe(dnatB.matches[0]?.options);
    expect(masqA.target?.typed).toBe(masqB.target?.typed);
    expect(dnatA.protocol).toBe(dnatB.protocol);
    expect(Object.isFrozen(masqA.matches[0]?.options[0]?.values)).toBe(true);
    expect(Object.isFrozen(masqA.target?.typed)).toBe(true);
    expect(() => { (masqB.matches[0]?.options as { name: string }[]).push({ name: 'x' }); }).toThrow(TypeError);
    // the spans are each rule's own
    expect(masqA.matches[0]?.span.line).toBe(2);
    expect(masqB.matches[0]?.span.line).toBe(4);
    expect(masqB.target?.span).toEqual({ line: 4, column: 73, offset: text.indexOf('-j KUBE-MARK-MASQ', text.indexOf('BBBB')), length: 17, text: '-j KUBE-MARK-MASQ' });
    // a target only one rule holds is its own and not frozen (nothing shares it)
    expect(dnatA.target?.typed).not.toBe(dnatB.target?.typed);
    expect(dnatA.target?.typed).toEqual({ type: 'dnat', to: [{ address: '10.244.1.5', port: '8080' }], random: false, persistent: false });
    expect(Object.isFrozen(dnatA.target?.typed)).toBe(false);
  });

  it('shares nothing between two parses', () => {
    const again = parseIptablesSave(text).records.filter((r): r is IptablesRule => r.type === 'rule');
    expect(again[0]?.matches[0]?.typed).not.toBe(rules[0]?.matches[0]?.typed);
    expect(again[0]).toEqual(rules[0]);
  });
});

describe('tablesShown: the tables of an iptables-save text from its "*table" lines alone', () => {
  it('names, in order, the tables of every capture: those its parse gives its records', () => {
    const all = captures('iptables-save');
    expect(all.length).toBeGreaterThan(3);
    for (const capture of all) {
      const parsed = new Set(parseIptablesSave(capture.text).records.flatMap((r) => (r.type !== 'meta' && r.table ? [r.table] : [])));
      expect(tablesShown(capture.text), capture.file).toEqual([...parsed]);
    }
  });

  // synthetic lines: where a table line may stand, and what is not one
  it('reads the first line and CRLF lines, and no "*" that is not a whole table line', () => {
    expect(tablesShown('*nat\r\n:PREROUTING ACCEPT [0:0]\r\nCOMMIT\r\n*filter\r\nCOMMIT\r\n')).toEqual(['nat', 'filter']);
    expect(tablesShown('# header\n *raw\n*nat extra\n* \n*\n-A X -j Y *mangle\n*security')).toEqual(['security']);
    expect(tablesShown(`*${'a'.repeat(33)}\n*${'b'.repeat(32)}\n*nat\n*nat\n`)).toEqual(['b'.repeat(32), 'nat']);
    expect(tablesShown('')).toEqual([]);
  });
});
