import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captures, readExpected } from '../../../test/support/corpus';
import { lexer } from './lexer';
import { nftRulesetReader, parseNftRuleset } from './parse';
import { printNftRuleset } from './print';
import { NftRecord, type NftRule } from './schema';
import { sniffNftRuleset } from './sniff';

const dir = join(__dirname, '../../../corpus/captures/nft-ruleset');
const read = (name: string) => readFileSync(join(dir, name), 'utf8');
const native = read('kube-proxy-nftables__nft_-a_list_ruleset.txt');
const iptnft = read('kube131-iptnft__nft_-a_list_ruleset.txt');

describe('nft list ruleset: kube-proxy nftables mode', () => {
  const { records, diagnostics } = parseNftRuleset(native);
  it('reads the table, its sets and maps with exact values', () => {
    expect(diagnostics).toEqual([]);
    expect(records[0]).toEqual({
      kind: 'table', family: 'ip', table: 'kube-proxy', chain: null, handle: 1,
      span: { line: 1, column: 1, offset: 0, length: 32, text: 'table ip kube-proxy { # handle 1' },
    });
    const map = records.find((r) => r.kind === 'map' && r.name === 'service-ips');
    expect(map).toMatchObject({
      kind: 'map', family: 'ip', table: 'kube-proxy', chain: null, keyword: 'type',
      type: 'ipv4_addr . inet_proto . inet_service : verdict', flags: [],
      comment: 'ClusterIP, ExternalIP and LoadBalancer IP traffic',
      elements: [
        '10.109.216.20 . tcp . 9090 : goto service-SO4PW3GA-prometheus/prometheus-nodeport/tcp/http',
        '10.96.0.1 . tcp . 443 : goto service-2QRHZV4L-default/kubernetes/tcp/https',
      ],
      elementLines: [1, 1], handle: 17,
    });
    expect(map?.span.line).toBe(16);
    expect(map?.span.text.split('\n')).toHaveLength(5);
    const blocked = records.find((r) => r.kind === 'set' && r.name === 'blocked');
    expect(blocked).toMatchObject({ family: 'inet', table: 'filter', flags: ['interval'], elements: ['192.0.2.0/24', '198.51.100.7'] });
  });
  it('types base chains: numeric priorities get a value, names stay as printed', () => {
    const specs = records.filter((r) => r.kind === 'chain-spec').map((r) => [r.chain, r.type, r.hook, r.priority, r.priorityValue, r.policy]);
    expect(specs).toEqual([
      ['filter-prerouting', 'filter', 'prerouting', 'dstnat - 10', null, 'accept'],
      ['nat-prerouting', 'nat', 'prerouting', 'dstnat', null, 'accept'],
      ['nat-output', 'nat', 'output', '-100', -100, 'accept'],
      ['nat-postrouting', 'nat', 'postrouting', 'srcnat', null, 'accept'],
      ['input', 'filter', 'input', 'filter', null, 'accept'],
    ]);
  });
  it('reads endpoint chains: masquerade jump and dnat target', () => {
    const endpoint = records.filter((r): r is NftRule => r.kind === 'rule' && r.chain === 'endpoint-5GEH5OEN-prometheus/prometheus-nodeport/tcp/http__10.244.2.6/9090');
    expect(endpoint.map((r) => [r.text, r.verdict, r.dnat, r.handle])).toEqual([
      ['ip saddr 10.244.2.6 jump mark-for-masquerade', { verdict: 'jump', target: 'mark-for-masquerade' }, null, 39],
      ['meta l4proto tcp dnat to 10.244.2.6:9090', null, '10.244.2.6:9090', 40],
    ]);
  });
  it('reads counters and comments before the verdict, and leaves a numgen vmap untyped', () => {
    const rules = records.filter((r): r is NftRule => r.kind === 'rule' && r.chain === 'service-SO4PW3GA-prometheus/prometheus-nodeport/tcp/http');
    expect(rules[0]).toMatchObject({
      counter: { packets: 3, bytes: 180 }, verdict: { verdict: 'jump', target: 'mark-for-masquerade' },
      comment: 'masquerade off-cluster traffic', handle: 34,
    });
    expect(rules[1]).toMatchObject({
      text: 'numgen random mod 2 vmap { 0 : goto endpoint-5GEH5OEN-prometheus/prometheus-nodeport/tcp/http__10.244.2.6/9090, 1 : goto endpoint-7RVQJ2KD-prometheus/prometheus-nodeport/tcp/http__10.244.1.9/9090 }',
      verdict: null, counter: null, handle: 36,
    });
    const input = records.filter((r): r is NftRule => r.kind === 'rule' && r.chain === 'input');
    expect(input.map((r) => [r.counter, r.verdict])).toEqual([
      [{ packets: 0, bytes: 0 }, { verdict: 'drop', target: null }],
      [null, { verdict: 'accept', target: null }],
    ]);
  });
  it('closes blocks in order, and every record fits the schema', () => {
    expect(records.filter((r) => r.kind === 'close').map((r) => r.closes).slice(0, 5)).toEqual(['set', 'set', 'map', 'map', 'chain']);
    expect(records.at(-1)).toMatchObject({ kind: 'close', closes: 'table', family: 'inet', table: 'filter', chain: null });
    for (const record of records) expect(NftRecord.safeParse(record).success).toBe(true);
  });
  it('reads the same records without -a, handles null', () => {
    const plain = parseNftRuleset(read('kube-proxy-nftables__nft_list_ruleset.txt'));
    expect(plain.diagnostics).toEqual([]);
    expect(plain.records.map(({ kind }) => kind)).toEqual(records.map(({ kind }) => kind));
    expect(plain.records.every((r) => !('handle' in r) || r.handle === null)).toBe(true);
  });
});

describe('nft list ruleset: iptables-nft tables', () => {
  const { records, diagnostics } = parseNftRuleset(iptnft);
  it('reads the four tables iptables-nft-restore made, with all 209 rules (every line indented twice but the 14 base chain specs)', () => {
    expect(diagnostics).toEqual([]);
    expect(records.filter((r) => r.kind === 'table').map((r) => [r.family, r.table, r.handle])).toEqual([
      ['ip', 'mangle', 1], ['ip', 'raw', 2], ['ip', 'filter', 3], ['ip', 'nat', 4],
    ]);
    expect(records.filter((r) => r.kind === 'rule')).toHaveLength(209);
  });
  it('keeps the blanks nft prints for xt matches ("\\t\\t counter …", "10.96.0.1  tcp dport")', () => {
    const services = records.filter((r): r is NftRule => r.kind === 'rule' && r.table === 'nat' && r.chain === 'KUBE-SERVICES');
    expect(services[0]).toMatchObject({
      text: 'meta l4proto tcp ip daddr 10.96.0.1  tcp dport 443 counter packets 0 bytes 0 jump KUBE-SVC-NPX46M4PTMTKRN6Y',
      counter: { packets: 0, bytes: 0 }, verdict: { verdict: 'jump', target: 'KUBE-SVC-NPX46M4PTMTKRN6Y' },
    });
    const last = services.at(-1);
    expect(last?.text).toBe(' fib daddr type local counter packets 75473 bytes 70416309 jump KUBE-NODEPORTS');
    expect(last?.counter).toEqual({ packets: 75473, bytes: 70416309 });
    expect(last?.span.column).toBe(3);
  });
});

describe('nft list ruleset lab captures', () => {
  const all = captures('nft-ruleset').filter((capture) => capture.origin === 'lab');
  it('has the text captures of every scenario (nft-ruleset.sh, nft-kube-proxy.sh)', () => expect(all.length).toBe(15));
  for (const capture of all) {
    it(`${capture.file}: no diagnostic, the reviewed records, printed back byte for byte`, () => {
      const parsed = parseNftRuleset(capture.text);
      expect(parsed.diagnostics).toEqual([]);
      expect(parsed).toEqual(readExpected(capture));
      expect(printNftRuleset(parsed.records)).toBe(capture.text);
    });
  }
});

describe('nft list ruleset: what is not nft output', () => {
  it("reads nft's warning on iptables-nft tables (nft 1.0.7+) as a comment record", () => {
    const text = 'table ip nat {\n\t# Warning: table ip nat is managed by iptables-nft, do not touch!\n\tchain KUBE-MARK-MASQ {\n\t\tcounter packets 0 bytes 0 meta mark set mark or 0x4000\n\t}\n}\n';
    const { records, diagnostics } = parseNftRuleset(text);
    expect(diagnostics).toEqual([]);
    expect(records[1]).toMatchObject({ kind: 'comment', form: 'warning', family: 'ip', table: 'nat', chain: null, text: 'Warning: table ip nat is managed by iptables-nft, do not touch!' });
    expect(printNftRuleset(records)).toBe(text);
  });
  it('turns a prompt, a remark and misplaced lines into diagnostics, and says a cut ruleset is cut', () => {
    const text = '[root@node ~]# nft list ruleset\ntable ip t {\n\tchain c {\n\t\ttcp dport 22 accept\n###看这里\n\ttype ipv4_addr\n';
    const { records, diagnostics } = parseNftRuleset(text);
    expect(records.map((r) => r.kind)).toEqual(['table', 'chain', 'rule']);
    expect(diagnostics.map((d) => [d.code, d.span.text])).toEqual([
      ['unexpected-token', '[root@node ~]# nft list ruleset'],
      ['annotation', '###看这里'],
      ['unexpected-token', 'type ipv4_addr'],
      ['incomplete', ''],
    ]);
  });
  it('sniffs its own output', () => {
    expect(sniffNftRuleset(native)).toBeGreaterThan(0.9);
    expect(sniffNftRuleset('hello world')).toBe(0);
  });
  it('lexes keywords, handles and strings as their own tokens', () => {
    lexer.reset('chain input { # handle 3');
    expect([...lexer].filter((t) => t.type !== 'ws').map((t) => t.type)).toEqual(['kw_chain', 'word', 'lbrace', 'handle']);
    lexer.reset('policy accept; comment "a b"');
    expect([...lexer].filter((t) => t.type !== 'ws').map((t) => t.type)).toEqual(['kw_policy', 'kw_accept', 'semi', 'kw_comment', 'string']);
  });
  it('every line of the captures has exactly one reading', () => {
    const reader = nftRulesetReader({ cache: false });
    for (const text of [native, iptnft]) {
      text.split('\n').forEach((lineText, i) => {
        const tokens = reader.tokenize(lineText, 0, i + 1);
        if (tokens.length > 0) expect(reader.countReadings(tokens), lineText).toBe(1);
      });
    }
  });
});
