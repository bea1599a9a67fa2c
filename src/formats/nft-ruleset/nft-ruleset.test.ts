import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captures, readExpected } from '../../../test/support/corpus';
import { withoutSpans } from '../../../test/support/format-properties';
import { nftTimeSeconds } from './build';
import { lexer } from './lexer';
import { nftRulesetReader, parseNftRuleset, readLongUnit } from './parse';
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
  it('has the text captures of every scenario (nft-ruleset.sh, nft-kube-proxy.sh, kube-proxy-affinity.sh)', () => expect(all.length).toBe(25));
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

// Pasted into chat or an issue tracker, the output loses its line breaks: each run of newlines and
// tabs becomes one blank (the blanks nft prints stay). Every lab capture, flattened so, reads into
// the records of the original; only where no layout tells whether a statement ends its rule does a
// diagnostic say which reading was taken.
const flattenRuns = (text: string) => text.replace(/[\n\t]+/g, ' ').trim();
const flattenLines = (text: string) => text.replace(/\r?\n/g, ' ').trim();
const labCaptures = captures('nft-ruleset').filter((capture) => capture.origin === 'lab');
// kube-proxy's masquerading chain: "meta mark set meta mark ^ 0x00004000" then "masquerade fully-random";
// without handles, one rule or two read alike
const AMBIGUOUS = /kube-proxy-nft(?:131|ables|-affinity)__nft_list_(?:ruleset|table)|mixed-backends__nft_list_ruleset/;

describe('nft list ruleset: flattened pastes', () => {
  for (const capture of labCaptures) {
    for (const [how, flatten] of [['runs of newlines and tabs', flattenRuns], ['newlines', flattenLines]] as const) {
      it(`${capture.file}, ${how} replaced by a blank: the same records, spans into the flattened text`, () => {
        const flat = flatten(capture.text);
        const parsed = parseNftRuleset(flat);
        expect(withoutSpans(parsed.records)).toEqual(withoutSpans(parseNftRuleset(capture.text).records));
        for (const record of parsed.records) expect(flat.slice(record.span.offset, record.span.offset + record.span.length)).toBe(record.span.text);
        expect(parsed.diagnostics.map((d) => [d.code, d.severity, d.span.text])).toEqual(AMBIGUOUS.test(capture.file) ? [['ambiguous', 'info', 'masquerade']] : []);
      });
    }
  }

  it('reads the example of issue #7 with exact records', () => {
    const text = 'table ip nat { chain PREROUTING { type nat hook prerouting priority dstnat; policy accept; counter packets 0 bytes 0 jump KUBE-SERVICES } }';
    const { records, diagnostics } = parseNftRuleset(text);
    expect(diagnostics).toEqual([]);
    const at = (offset: number, piece: string) => ({ line: 1, column: offset + 1, offset, length: piece.length, text: piece });
    const where = { family: 'ip', table: 'nat' } as const;
    expect(records).toEqual([
      { kind: 'table', ...where, chain: null, handle: null, span: at(0, 'table ip nat {') },
      { kind: 'chain', ...where, chain: 'PREROUTING', handle: null, span: at(15, 'chain PREROUTING {') },
      {
        kind: 'chain-spec', ...where, chain: 'PREROUTING', type: 'nat', hook: 'prerouting', device: null, priority: 'dstnat', priorityValue: null,
        policy: 'accept', span: at(34, 'type nat hook prerouting priority dstnat; policy accept;'),
      },
      {
        kind: 'rule', ...where, chain: 'PREROUTING', text: 'counter packets 0 bytes 0 jump KUBE-SERVICES', counter: { packets: 0, bytes: 0 },
        verdict: { verdict: 'jump', target: 'KUBE-SERVICES' }, dnat: null, comment: null, handle: null,
        span: at(91, 'counter packets 0 bytes 0 jump KUBE-SERVICES'),
      },
      { kind: 'close', ...where, chain: 'PREROUTING', closes: 'chain', span: at(136, '}') },
      { kind: 'close', ...where, chain: null, closes: 'table', span: at(138, '}') },
    ]);
  });

  it('keeps where nft broke a long elements list (a comma, then the five blanks of the next line)', () => {
    const text = 'table ip t { set s { type ipv4_addr elements = { 10.0.0.1, 10.0.0.2,      10.0.0.3 } } }';
    const set = parseNftRuleset(text).records[1];
    expect(set).toMatchObject({ kind: 'set', name: 's', type: 'ipv4_addr', elements: ['10.0.0.1', '10.0.0.2', '10.0.0.3'], elementLines: [2, 1] });
    expect(set?.span.text).toBe('set s { type ipv4_addr elements = { 10.0.0.1, 10.0.0.2,      10.0.0.3 }');
  });

  // synthetic: a table written for these properties; the layout is what nft 1.0.6 printed for it in
  // a network namespace (src/rule.c, set_print_declaration: type, policy, size, flags, statements,
  // auto-merge, timeout, gc-interval, comment, then the elements); kube-proxy's affinity sets are in
  // the corpus (kube-proxy-nft-affinity__nft_list_ruleset.txt)
  const PROPERTIES = [
    'table ip t { # handle 1', '\tset b { # handle 2', '\t\ttype ipv4_addr', '\t\tpolicy memory', '\t\tsize 1024', '\t\tflags interval,timeout',
    '\t\tcounter', '\t\tauto-merge', '\t\ttimeout 1d2h3m4s', '\t\tgc-interval 1m', '\t\tcomment "hello"', '\t\telements = { 10.0.0.1 }', '\t}', '',
    '\tmap c { # handle 3', '\t\ttype ipv4_addr : verdict', '\t\tpolicy memory', '\t\ttimeout 500ms', '\t}', '}', '',
  ].join('\n');

  it("reads a set's policy, size, statements, auto-merge, timeout and gc-interval, and prints them back in nft's order", () => {
    const parsed = parseNftRuleset(PROPERTIES);
    expect(parsed.diagnostics).toEqual([]);
    const sets = parsed.records.filter((r) => r.kind === 'set' || r.kind === 'map');
    expect(sets.map((r) => (r.kind === 'set' || r.kind === 'map') && [r.name, r.policy, r.size, r.flags, r.statements, r.autoMerge, r.timeout, r.timeoutSeconds, r.gcInterval, r.gcIntervalSeconds, r.comment, r.elements])).toEqual([
      ['b', 'memory', 1024, ['interval', 'timeout'], 'counter', true, '1d2h3m4s', 93784, '1m', 60, 'hello', ['10.0.0.1']],
      ['c', 'memory', null, [], null, false, '500ms', 0.5, null, null, null, null],
    ]);
    expect(printNftRuleset(parsed.records)).toBe(PROPERTIES);
    // flattened: each property ends before the next property's word
    expect(withoutSpans(parseNftRuleset(PROPERTIES.replace(/\s+/g, ' ')).records)).toEqual(withoutSpans(parsed.records));
  });

  it('a timeout that is no time nft prints is kept as written, with a warning; policy outside a set is not read', () => {
    const parsed = parseNftRuleset('table ip t {\n\tset s {\n\t\ttype ipv4_addr\n\t\ttimeout soon\n\t}\n\tchain c {\n\t\tpolicy memory\n\t}\n}\n');
    expect(parsed.records[1]).toMatchObject({ kind: 'set', timeout: 'soon', timeoutSeconds: null });
    expect(parsed.diagnostics.map((d) => [d.code, d.span.line, d.span.column, d.span.text])).toEqual([
      ['invalid-value', 4, 11, 'soon'], ['unexpected-token', 7, 3, 'policy memory'],
    ]);
  });

  it("ends a dynamic set update at its braces (kube-proxy's affinity: update, then the dnat rule)", () => {
    const rules = parseNftRuleset('table ip t { chain e { update @affinity-x { ip saddr } meta l4proto tcp dnat to 10.244.0.6:8080 add @s { ip saddr timeout 1m } tcp dport 22 accept } }').records
      .filter((r): r is NftRule => r.kind === 'rule').map((r) => r.text);
    expect(rules).toEqual(['update @affinity-x { ip saddr }', 'meta l4proto tcp dnat to 10.244.0.6:8080', 'add @s { ip saddr timeout 1m }', 'tcp dport 22 accept']);
  });

  it('reads times as nft prints them (days, hours, minutes, seconds, milliseconds, in that order)', () => {
    expect(['3h', '10m', '1d2h3m4s', '600s', '500ms', '1m30s', '2d', '1s5ms'].map(nftTimeSeconds)).toEqual([10800, 600, 93784, 600, 0.5, 90, 172800, 1.005]);
    expect(['', 'soon', '3', 'h', '3h2d', '1m1m', '5ms3s', '-3h', '3 h'].map(nftTimeSeconds)).toEqual([null, null, null, null, null, null, null, null, null]);
  });

  it('ends rules at their handle, their verdict and comment, the statement after their counter, or a new counter', () => {
    const rules = (body: string) => parseNftRuleset(`table ip t { chain c { ${body} } }`).records
      .filter((r): r is NftRule => r.kind === 'rule').map((r) => [r.text, r.handle]);
    expect(rules('ip saddr 10.0.0.1 drop comment "x" # handle 4 tcp dport 22 accept # handle 5')).toEqual([
      ['ip saddr 10.0.0.1 drop comment "x"', 4], ['tcp dport 22 accept', 5],
    ]);
    // iptables-nft: a counter, then the target; a rule without a target ends at its counter
    expect(rules('iifname "flannel.1" counter packets 1 bytes 2 meta mark set 0x1 udp dport 8472 counter packets 3 bytes 4 notrack counter packets 5 bytes 6  counter packets 0 bytes 0 jump X')).toEqual([
      ['iifname "flannel.1" counter packets 1 bytes 2 meta mark set 0x1', null], ['udp dport 8472 counter packets 3 bytes 4 notrack', null],
      ['counter packets 5 bytes 6', null], [' counter packets 0 bytes 0 jump X', null],
    ]);
    // values that look like statements: "ct status dnat", "icmp type redirect"; a verdict map's braces
    expect(rules('ct status dnat counter packets 0 bytes 0 drop icmp type redirect accept numgen random mod 2 vmap { 0 : goto a, 1 : goto b } reject with icmp type host-unreachable masquerade fully-random')).toEqual([
      ['ct status dnat counter packets 0 bytes 0 drop', null], ['icmp type redirect accept', null],
      ['numgen random mod 2 vmap { 0 : goto a, 1 : goto b }', null], ['reject with icmp type host-unreachable', null], ['masquerade fully-random', null],
    ]);
  });

  it('says where a boundary needs a choice: a statement without a verdict, then a verdict or another statement', () => {
    const { records, diagnostics } = parseNftRuleset('table ip t { chain c { log prefix "in: " drop meta mark set 0x1 accept } }');
    expect(records.filter((r): r is NftRule => r.kind === 'rule').map((r) => r.text)).toEqual(['log prefix "in: "', 'drop', 'meta mark set 0x1', 'accept']);
    expect(diagnostics.map((d) => [d.code, d.severity, d.span.offset, d.span.text, d.expected])).toEqual([
      ['ambiguous', 'info', 41, 'drop', ['a new rule', 'the rule before, continued']],
      ['ambiguous', 'info', 64, 'accept', ['a new rule', 'the rule before, continued']],
    ]);
    // one line of nft's output is one rule: no choice there
    const line = parseNftRuleset('table ip t {\n\tchain c {\n\t\tlog prefix "in: " drop\n\t}\n}\n');
    expect(line.diagnostics).toEqual([]);
    expect(line.records.filter((r) => r.kind === 'rule').map((r) => (r as NftRule).text)).toEqual(['log prefix "in: " drop']);
  });

  it('reports what a flattened paste holds besides nft\'s output, and reads the rest', () => {
    const text = '### 看这里 table ip t { chain c { tcp dport 22 accept } 【解析】 }';
    const { records, diagnostics } = parseNftRuleset(text);
    expect(records.map((r) => r.kind)).toEqual(['table', 'chain', 'rule', 'close', 'close']);
    expect(diagnostics.map((d) => [d.code, d.span.text])).toEqual([
      ['annotation', '### 看这里'],
      ['annotation', '【解析】'],
    ]);
  });

  it('reads lines joined in part (random stretches around a brace, of every capture) like the original', () => {
    const captured = labCaptures.map((capture) => ({ text: capture.text, records: withoutSpans(parseNftRuleset(capture.text).records) }));
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 6 }), fc.nat({ max: 6 })), { minLength: 1, maxLength: 4 }), fc.boolean(), (pick, parts, keepTabs) => {
        const { text, records } = captured[pick % captured.length] as (typeof captured)[number];
        const lines = text.split('\n');
        const braces = lines.flatMap((l, i) => (/[{}]/.test(l) ? [i] : []));
        const joined = new Set<number>();
        for (const [at, before, after] of parts) {
          const brace = braces[at % braces.length] as number;
          for (let i = Math.max(1, brace - before + 1); i <= Math.min(lines.length - 1, brace + after); i++) joined.add(i);
        }
        let out = lines[0] as string;
        for (let i = 1; i < lines.length; i++) {
          const next = lines[i] as string;
          out += joined.has(i) ? ` ${keepTabs ? next : next.replace(/^\t+/, '')}` : `\n${next}`;
        }
        const parsed = parseNftRuleset(out);
        expect(withoutSpans(parsed.records)).toEqual(records);
        for (const d of parsed.diagnostics) expect([d.code, d.severity, d.span.text]).toEqual(['ambiguous', 'info', 'masquerade']);
      }),
      { numRuns: 300 },
    );
  });
});

describe('nft list ruleset: long units', () => {
  // a rule or an elements list of hundreds of tokens is built from the grammar's token classes
  // (nearley's any:* costs the square of the length): the same unit as the Earley parser gives
  const reader = nftRulesetReader({ cache: false });
  const endpoints = (n: number) => Array.from({ length: n }, (_, i) => `${i} : goto endpoint-${i}-default/web/tcp/http__10.244.${i}.7/80`).join(', ');
  const lines = [
    `numgen random mod 40 vmap { ${endpoints(40)} } # handle 99`,
    `ip daddr { ${Array.from({ length: 80 }, (_, i) => `10.0.${i}.1`).join(', ')} } counter packets 1 bytes 2 drop comment "many"`,
    `elements = { ${Array.from({ length: 60 }, (_, i) => `10.96.${i}.1 . tcp . 80 : goto service-${i}`).join(', ')} }`,
    `elements = { ${Array.from({ length: 70 }, (_, i) => `10.96.${i}.1`).join(', ')},`,
    `table ip t { ${'ip saddr 10.0.0.1 accept '.repeat(20)}`,
    `${'x '.repeat(70)}【解析】`,
    `ip saddr 10.0.0.1 ${'accept '.repeat(70)}# handle 1 # handle 2`,
  ];
  for (const line of lines) {
    it(`${line.slice(0, 40)}…: what the grammar reads`, () => {
      const tokens = reader.tokenize(line, 0, 1);
      expect(tokens.length).toBeGreaterThan(64);
      const viaGrammar = reader.readWhole(line, tokens);
      const direct = readLongUnit(line, tokens);
      expect(direct).toEqual(viaGrammar);
      expect(reader.countReadings(tokens)).toBe(viaGrammar ? 1 : 0);
    });
  }
  it('a flattened ruleset of thousands of rules reads in linear time (no unit goes through Earley whole)', () => {
    const rules = Array.from({ length: 3000 }, (_, i) => `ip daddr 10.96.${i >> 8}.${i & 255} tcp dport 80 jump svc-${i}`).join(' ');
    const set = Array.from({ length: 3000 }, (_, i) => `10.96.${i >> 8}.${i & 255}`).join(', ');
    const parsed = parseNftRuleset(`table ip t { set s { type ipv4_addr elements = { ${set} } } chain c { ${rules} } }`);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.records.filter((r) => r.kind === 'rule')).toHaveLength(3000);
    expect(parsed.records[1]).toMatchObject({ kind: 'set', elementLines: [3000] });
  });
});
