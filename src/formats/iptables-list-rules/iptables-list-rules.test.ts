import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captures, readExpected } from '../../../test/support/corpus';
import { parseIptablesListRules } from './parse';
import { printIptablesListRules } from './print';
import { IptablesRecord, type IptablesRule } from './schema';
import { sniffIptablesListRules } from './sniff';

const root = join(__dirname, '../../..');
const NAT = join(root, 'corpus/captures/iptables-list-rules/host188-nft__iptables_-t_nat_-S.txt');
const NAT_V = join(root, 'corpus/captures/iptables-list-rules/host188-legacy__iptables-legacy_-t_nat_-v_-S.txt');
const strip = <T>(records: T[]): unknown[] => records.map((r) => JSON.parse(JSON.stringify(r, (k, v) => (k === 'span' ? undefined : v))));

describe.runIf(existsSync(NAT) && existsSync(NAT_V))('iptables -t nat -S: the host188 lab captures', () => {
  const text = existsSync(NAT) ? readFileSync(NAT, 'utf8') : '';
  it('reads policies, user chains and the NodePort 30038 rules with exact values', () => {
    const { records, diagnostics } = parseIptablesListRules(text, { table: 'nat' });
    expect(diagnostics).toEqual([]);
    const first = text.split('\n')[0] as string;
    expect(records[0]).toEqual({
      type: 'chain', table: 'nat', chain: 'PREROUTING', builtin: true, policy: 'ACCEPT', counters: null, references: null,
      span: { line: 1, column: 1, offset: 0, length: first.length, text: first },
    });
    expect(records.find((r) => r.type === 'chain' && r.chain === 'KUBE-NODEPORTS')).toMatchObject({ builtin: false, policy: null });
    const rules = records.filter((r): r is IptablesRule => r.type === 'rule');
    const nodeport = rules.filter((r) => r.chain === 'KUBE-NODEPORTS');
    expect(nodeport.map((r) => [r.position, r.protocol?.value, r.matches.map((m) => m.typed), r.target?.typed])).toEqual([
      [1, 'tcp', [{ type: 'comment', comment: 'prometheus/prometheus-nodeport:http' },
        { type: 'ports', protocol: 'tcp', destinationPort: { negated: false, from: 30038, to: 30038 } }], { type: 'chain', chain: 'KUBE-MARK-MASQ' }],
      [2, 'tcp', [{ type: 'comment', comment: 'prometheus/prometheus-nodeport:http' },
        { type: 'ports', protocol: 'tcp', destinationPort: { negated: false, from: 30038, to: 30038 } }], { type: 'chain', chain: 'KUBE-SVC-SO4PW3GA7SPS7IHM' }],
    ]);
    expect(rules.find((r) => r.target?.name === 'DNAT')?.target?.typed).toEqual({
      type: 'dnat', to: [{ address: '10.244.2.6', port: '9090' }], random: false, persistent: false,
    });
    for (const record of records) expect(IptablesRecord.safeParse(record).success).toBe(true);
    // without the option the text does not say which table it is
    expect(parseIptablesListRules(text).records.every((r) => r.table === null)).toBe(true);
  });

  it('reads -v counters of policies and rules', () => {
    const verbose = parseIptablesListRules(readFileSync(NAT_V, 'utf8'), { table: 'nat' });
    expect(verbose.diagnostics).toEqual([]);
    expect(verbose.records[0]).toMatchObject({ chain: 'PREROUTING', counters: { packets: 2817, bytes: 169020, exact: true } });
    const plain = parseIptablesListRules(text, { table: 'nat' });
    // the same rules as without -v, counters aside
    expect(strip(verbose.records).map((r) => ({ ...(r as object), counters: null }))).toEqual(strip(plain.records).map((r) => ({ ...(r as object), counters: null })));
  });

  it('splits a flattened paste at every -P, -N and -A, with the prompt set aside', () => {
    const flat = `[root@host188 ~]# iptables -t nat -S ${text.trim().split('\n').join(' ')}`;
    const parsed = parseIptablesListRules(flat);
    expect(strip(parsed.records)).toEqual(strip(parseIptablesListRules(text).records));
    expect(parsed.diagnostics.map((d) => [d.code, d.span.text])).toEqual([['unexpected-token', '[root@host188 ~]# iptables -t nat -S']]);
  });
});

describe('iptables -S lab captures', () => {
  const lab = captures('iptables-list-rules').filter((c) => c.origin === 'lab');
  for (const capture of lab) {
    it(`${capture.file}: expected records, no diagnostic, printed back byte for byte`, () => {
      const parsed = parseIptablesListRules(capture.text);
      expect(parsed).toEqual(readExpected(capture));
      expect(parsed.diagnostics).toEqual([]);
      expect(printIptablesListRules(parsed.records)).toBe(capture.text);
    });
  }
});

describe('iptables -S peer captures', () => {
  for (const capture of captures('iptables-list-rules').filter((c) => c.origin === 'peer')) {
    it(`${capture.file}: the author's "..." elision is the one diagnostic`, () => {
      const parsed = parseIptablesListRules(capture.text);
      expect(parsed).toEqual(readExpected(capture));
      expect(parsed.diagnostics.map((d) => [d.code, d.span.line, d.span.text])).toEqual([['unexpected-token', 1, '...']]);
      expect(printIptablesListRules(parsed.records)).toBe(capture.text.slice('...\n'.length));
    });
  }
  it('xuxinkun iptables mode: statistic, addrtype and DNAT', () => {
    const text = readFileSync(join(root, 'corpus/peer/iptables-list-rules/xuxinkun-blog__kube-proxy-iptables-S-nat.txt'), 'utf8');
    const rules = parseIptablesListRules(text, { table: 'nat' }).records.filter((r): r is IptablesRule => r.type === 'rule');
    expect(rules.find((r) => r.chain === 'KUBE-SVC-67RL4FN6JRUPOJYM')?.matches[1]?.typed).toEqual({ type: 'statistic', mode: 'random', negated: false, probability: 0.5 });
    expect(rules.find((r) => r.chain === 'KUBE-SERVICES' && r.position === 2)?.matches[1]?.typed).toEqual({
      type: 'addrtype', destinationType: { negated: false, types: ['LOCAL'] },
    });
  });
  const linuxkit = '/work/shared/peer-corpus/iptables-S/xiazemin-k8s_learn__linuxkit-iptables-list-rules.txt';
  it.runIf(existsSync(linuxkit))('linuxkit --list-rules (read in place, no licence stated): every line, printed back', () => {
    const text = readFileSync(linuxkit, 'utf8');
    const parsed = parseIptablesListRules(text);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.records).toHaveLength(48);
    expect(printIptablesListRules(parsed.records)).toBe(text);
    const firewall = parsed.records.find((r): r is IptablesRule => r.type === 'rule' && r.source?.negated === true);
    expect(firewall?.matches[1]?.typed).toEqual({ type: 'conntrack', module: 'conntrack', states: ['RELATED', 'ESTABLISHED', 'DNAT'], negated: true });
  });
});

describe('iptables -S sniffing', () => {
  it('knows its own output from iptables-save and prose', () => {
    expect(sniffIptablesListRules('-P INPUT ACCEPT\n-N KUBE-X\n-A INPUT -j KUBE-X\n')).toBeGreaterThan(0.9);
    expect(sniffIptablesListRules('*nat\n:PREROUTING ACCEPT [0:0]\n')).toBe(0);
    expect(sniffIptablesListRules('hello world')).toBe(0);
  });
});
