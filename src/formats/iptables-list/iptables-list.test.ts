import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flatten, withoutSpans } from '../../../test/support/format-properties';
import { IptablesRecord, type IptablesRule } from '../shared/iptables/schema';
import { parseIptablesList } from './parse';
import { listFormatOf, printIptablesList } from './print';
import { sniffIptablesList } from './sniff';

const CAPTURES = join(__dirname, '../../../corpus/captures');
const read = (file: string): string => readFileSync(join(CAPTURES, 'iptables-list', file), 'utf8');
const rules = (records: IptablesRecord[]): IptablesRule[] => records.filter((r): r is IptablesRule => r.type === 'rule');

// The reference incident's paste of `iptables -t nat -L`, line breaks lost (its start cut off).
const SEED =
  'KUBE-MARK-MASQ tcp -- anywhere anywhere /* prometheus/prometheus-nodeport:http */ tcp dpt:30038 KUBE-SVC-SO4PW3GA7SPS7IHM tcp -- ' +
  'anywhere anywhere /* prometheus/prometheus-nodeport:http */ tcp dpt:30038 Chain KUBE-SVC-SO4PW3GA7SPS7IHM (2 references) target prot ' +
  'opt source destination KUBE-SEP-5GEH5OENN4FETTOQ all -- anywhere anywhere Chain KUBE-SEP-5GEH5OENN4FETTOQ (1 references) target prot ' +
  'opt source destination KUBE-MARK-MASQ all -- 10.244.2.6 anywhere DNAT tcp -- anywhere anywhere tcp to:10.244.2.6:9090';

describe('iptables -L', () => {
  it('reads the flattened incident paste as 6 rules and 2 chain headers, each rule in its chain', () => {
    const { records, diagnostics } = parseIptablesList(SEED, { table: 'nat' });
    expect(records.map((r) => (r.type === 'rule' ? [r.chain, r.position, r.target?.name] : r.type === 'chain' ? ['Chain', r.chain, r.references] : []))).toEqual([
      ['', 1, 'KUBE-MARK-MASQ'],
      ['', 2, 'KUBE-SVC-SO4PW3GA7SPS7IHM'],
      ['Chain', 'KUBE-SVC-SO4PW3GA7SPS7IHM', 2],
      ['KUBE-SVC-SO4PW3GA7SPS7IHM', 1, 'KUBE-SEP-5GEH5OENN4FETTOQ'],
      ['Chain', 'KUBE-SEP-5GEH5OENN4FETTOQ', 1],
      ['KUBE-SEP-5GEH5OENN4FETTOQ', 1, 'KUBE-MARK-MASQ'],
      ['KUBE-SEP-5GEH5OENN4FETTOQ', 2, 'DNAT'],
    ]);
    // the first two rules' chain header was cut off: said once, at the first of them
    expect(diagnostics.map((d) => [d.code, d.severity, d.span.offset, d.span.length])).toEqual([['incomplete', 'warning', 0, 95]]);
    const [first, , , , , masq, dnat] = records as IptablesRule[];
    expect(first?.matches.map((m) => [m.module, m.typed, m.span.text])).toEqual([
      ['comment', { type: 'comment', comment: 'prometheus/prometheus-nodeport:http' }, '/* prometheus/prometheus-nodeport:http */'],
      ['tcp', { type: 'ports', protocol: 'tcp', destinationPort: { negated: false, from: 30038, to: 30038 } }, 'tcp dpt:30038'],
    ]);
    expect(first?.matches[1]?.options).toEqual([{ name: 'dpt', values: ['30038'], negated: false }]);
    expect(first?.target?.typed).toEqual({ type: 'chain', chain: 'KUBE-MARK-MASQ' });
    expect([first?.table, first?.source, first?.destination, first?.protocol, first?.unresolved]).toEqual(['nat', null, null, { negated: false, value: 'tcp' }, []]);
    expect(masq?.source).toEqual({ negated: false, value: '10.244.2.6' });
    expect(dnat?.target).toEqual({
      name: 'DNAT', goto: false, options: [{ name: 'to', values: ['10.244.2.6:9090'], negated: false }],
      typed: { type: 'dnat', to: [{ address: '10.244.2.6', port: '9090' }], random: false, persistent: false },
      span: { line: 1, column: 461, offset: 460, length: 4, text: 'DNAT' },
    });
    expect(dnat?.span.text).toBe('DNAT tcp -- anywhere anywhere tcp to:10.244.2.6:9090');
    for (const record of records) expect(IptablesRecord.safeParse(record).success).toBe(true);
  });

  it('types the free text of kube-proxy, Docker and flannel rules', () => {
    const text = [
      'Chain KUBE-SVC-X (1 references)',
      ' pkts bytes target     prot opt in     out     source               destination         ',
      '    0     0 KUBE-SEP-A  0    --  *      *       0.0.0.0/0            0.0.0.0/0            /* default/web:http */ statistic mode random probability 0.33333333349',
      '    0     0 MARK       0    --  *      *       0.0.0.0/0            0.0.0.0/0            MARK or 0x4000',
      '    0     0 MARK       0    --  *      *       0.0.0.0/0            0.0.0.0/0            MARK xset 0x4000/0x4000',
      '    0     0 RETURN     0    --  *      *       0.0.0.0/0            0.0.0.0/0            mark match ! 0x4000/0x4000',
      '    0     0 ACCEPT     6    --  *      *       0.0.0.0/0            0.0.0.0/0            multiport dports 80,443 ctstate RELATED,ESTABLISHED',
      '    0     0 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0            match-set KUBE-CLUSTER-IP dst,dst limit: avg 5/sec burst 5',
      '    0     0 MASQUERADE  0    --  *      !docker0  172.17.0.0/16        0.0.0.0/0            masq ports: 1000-2000 random-fully',
      '    0     0 LOG        0    -f  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 4 prefix "x: "',
      '  12K 3456M REJECT     6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpts:1000:2000 reject-with icmp-port-unreachable',
      '    0     0 DROP       0    --  *      *       0.0.0.0/0            0.0.0.0/0            ADDRTYPE match dst-type LOCAL weird stuff here',
      '',
    ].join('\n');
    const { records, diagnostics } = parseIptablesList(text);
    const list = rules(records);
    expect(list.map((r) => [r.matches.map((m) => m.typed), r.target?.typed])).toEqual([
      [[{ type: 'comment', comment: 'default/web:http' }, { type: 'statistic', mode: 'random', negated: false, probability: 0.33333333349 }], { type: 'chain', chain: 'KUBE-SEP-A' }],
      [[], { type: 'mark', value: 16384, mask: 16384 }],
      [[], { type: 'mark', value: 16384, mask: 16384 }],
      [[{ type: 'mark', negated: true, value: 16384, mask: 16384 }], { type: 'verdict', verdict: 'RETURN' }],
      [[
        { type: 'multiport', direction: 'destination', negated: false, ports: [{ negated: false, from: 80, to: 80 }, { negated: false, from: 443, to: 443 }] },
        { type: 'conntrack', module: 'conntrack', states: ['RELATED', 'ESTABLISHED'], negated: false },
      ], { type: 'verdict', verdict: 'ACCEPT' }],
      [[{ type: 'set', negated: false, name: 'KUBE-CLUSTER-IP', flags: ['dst', 'dst'] }, { type: 'limit', rate: '5/sec', burst: 5 }], { type: 'verdict', verdict: 'ACCEPT' }],
      [[], { type: 'masquerade', toPorts: '1000-2000', random: false, randomFully: true }],
      [[], { type: 'log', prefix: 'x: ', level: 4 }],
      [[{ type: 'ports', protocol: 'tcp', destinationPort: { negated: false, from: 1000, to: 2000 } }], { type: 'reject', rejectWith: 'icmp-port-unreachable' }],
      [[{ type: 'addrtype', destinationType: { negated: false, types: ['LOCAL'] } }, null], { type: 'verdict', verdict: 'DROP' }],
    ]);
    expect(list[0]?.protocol).toBeNull();
    expect(list[6]?.outInterface).toEqual({ negated: true, value: 'docker0' });
    expect(list[7]?.fragment).toEqual({ negated: false });
    expect(list[8]?.counters).toEqual({ packets: 12_000, bytes: 3_456_000_000, exact: false });
    // free text netsift cannot type is kept, word by word, with a warning
    expect(list[9]?.matches[1]).toMatchObject({ module: 'unknown', options: ['weird', 'stuff', 'here'].map((name) => ({ name, values: [], negated: false })) });
    expect(diagnostics.map((d) => [d.code, d.severity, d.span.text])).toEqual([['unexpected-token', 'warning', 'weird stuff here']]);
  });

  it('keeps names of a listing without -n as printed; "anywhere" is no address', () => {
    const { records } = parseIptablesList(read('host188-nft__iptables_-t_nat_-L.txt'));
    const https = rules(records).find((r) => r.matches.some((m) => m.options.some((o) => o.values[0] === 'https')));
    expect(https).toMatchObject({
      source: { negated: true, value: '10.244.0.0/16' }, destination: { negated: false, value: '10.96.0.1' }, unresolved: ['https'],
      matches: [{ module: 'comment' }, { module: 'tcp', options: [{ name: 'dpt', values: ['https'], negated: false }], typed: null }],
    });
  });

  it('reads -v counters (K/M/G rounded), -x counters (exact) and --line-numbers positions', () => {
    const v = parseIptablesList(read('host188-nft__iptables_-t_nat_-nvL.txt')).records[0];
    expect(v).toMatchObject({ type: 'chain', chain: 'PREROUTING', builtin: true, policy: 'ACCEPT', counters: { packets: 2817, bytes: 169_000, exact: false }, references: null });
    const x = parseIptablesList(read('host188-legacy__iptables-legacy_-t_nat_-vnxL.txt')).records;
    expect(x[0]).toMatchObject({ counters: { packets: 2817, bytes: 169_020, exact: true } });
    expect(x[1]).toMatchObject({ type: 'rule', chain: 'PREROUTING', position: 1, counters: { packets: 285, bytes: 126_540, exact: true }, protocol: null });
    const numbered = rules(parseIptablesList(read('host188-nft__iptables_-t_nat_-nvL_--line-numbers.txt')).records);
    expect(numbered.every((r, i) => i === 0 || r.chain !== numbered[i - 1]?.chain || r.position === (numbered[i - 1]?.position ?? 0) + 1)).toBe(true);
  });

  it('every lab capture, flattened, reads like the original (kube-proxy\'s rules without a target among them)', () => {
    const files = readdirSync(join(CAPTURES, 'iptables-list')).filter((file) => file.endsWith('.txt'));
    expect(files.length).toBeGreaterThan(100);
    const differ: string[] = [];
    for (const file of files) {
      const text = read(file);
      const original = parseIptablesList(text);
      if (original.diagnostics.some((d) => d.severity === 'error')) continue;
      const flat = parseIptablesList(flatten(text));
      if (JSON.stringify(withoutSpans(flat.records)) !== JSON.stringify(withoutSpans(original.records)) || flat.diagnostics.length > original.diagnostics.length) differ.push(file);
    }
    expect(differ).toEqual([]);
    // "           all  --  anywhere  anywhere  /* … will be dropped by KUBE-PROXY-FIREWALL */": a rule with no target
    const firewall = parseIptablesList(flatten(read('kube131-legacy__iptables-legacy_-t_nat_-L_KUBE-FW-TG4Y7II5EGIOXNPD.txt'))).records;
    expect(firewall.map((r) => (r.type === 'rule' ? `${r.target?.name ?? '(none)'} ${r.source?.value ?? '*'}` : r.type))).toEqual([
      'chain', 'KUBE-EXT-TG4Y7II5EGIOXNPD 203.0.113.0/24', 'KUBE-EXT-TG4Y7II5EGIOXNPD 198.51.100.17', '(none) *',
    ]);
  });

  it('reads what libxt_set prints after a set match (return-nomatch, ! update-counters, counter tests) into the set match, and prints it back', () => {
    // synthetic, laid out as iptables 1.8.9 -nvL prints it (libxt_set set_print_v3_matchinfo)
    const text = [
      'Chain KUBE-SERVICES (2 references)',
      ' pkts bytes target     prot opt in     out     source               destination         ',
      '    0     0 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0            match-set KUBE-CLUSTER-IP dst,dst return-nomatch',
      '    0     0 DROP       0    --  *      *       0.0.0.0/0            0.0.0.0/0            match-set C dst ! update-counters ! update-subcounters packets-gt 10 ! bytes-eq 5',
      '',
    ].join('\n');
    const { records, diagnostics } = parseIptablesList(text);
    expect(diagnostics).toEqual([]);
    const rules = records.filter((r): r is IptablesRule => r.type === 'rule');
    expect(rules.map((r) => r.matches.map((m) => m.typed))).toEqual([
      [{ type: 'set', negated: false, name: 'KUBE-CLUSTER-IP', flags: ['dst', 'dst'], returnNomatch: true }],
      [{ type: 'set', negated: false, name: 'C', flags: ['dst'], counters: true }],
    ]);
    expect(rules[1]?.matches[0]?.options.map((o) => [o.name, o.values, o.negated])).toEqual([
      ['match-set', ['C', 'dst'], false], ['update-counters', [], true], ['update-subcounters', [], true], ['packets-gt', ['10'], false], ['bytes-eq', ['5'], true],
    ]);
    expect(printIptablesList(records, listFormatOf(text))).toBe(text);
  });

  it('sniffs its own output', () => {
    expect(sniffIptablesList(read('host188-nft__iptables_-t_nat_-L.txt'))).toBeGreaterThan(0.9);
    expect(sniffIptablesList(SEED)).toBeGreaterThan(0.4);
    expect(sniffIptablesList('hello world')).toBe(0);
  });
});

describe('iptables -L lab captures', () => {
  const manifestPath = join(CAPTURES, 'manifest.json');
  const manifest = existsSync(manifestPath)
    ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as { file: string; command: string }[]).filter((e) => e.file.startsWith('iptables-list/'))
    : [];
  it('has captures of every layout', () => {
    const commands = manifest.map((e) => e.command).join('\n');
    for (const option of ['-L', ' -n', '-nvL', '-vnxL', '--line-numbers', '2>&1']) expect(commands).toContain(option);
  });
  for (const entry of manifest) {
    it(`${entry.file}: no diagnostic, its expected records, and print(parse(x)) is x`, () => {
      const text = readFileSync(join(CAPTURES, entry.file), 'utf8');
      const parsed = parseIptablesList(text);
      expect(parsed.diagnostics).toEqual([]);
      expect(parsed).toEqual(JSON.parse(readFileSync(join(CAPTURES, entry.file.replace(/\.txt$/, '.expected.json')), 'utf8')));
      expect(printIptablesList(parsed.records, listFormatOf(text))).toBe(text);
    });
  }
});

describe('iptables -L of one chain', () => {
  it('gives headerless rules the chain the command named (iptables -t nat -L KUBE-NODEPORTS)', () => {
    const text =
      'KUBE-MARK-MASQ  tcp  --  anywhere             anywhere             /* prometheus/prometheus-nodeport:http */ tcp dpt:30038\n';
    const named = parseIptablesList(text, { table: 'nat', chain: 'KUBE-NODEPORTS' });
    expect(named.diagnostics).toEqual([]);
    expect(named.records.map((r) => r.type === 'rule' && [r.table, r.chain, r.position])).toEqual([['nat', 'KUBE-NODEPORTS', 1]]);
    const unnamed = parseIptablesList(text);
    expect(unnamed.diagnostics.map((d) => d.code)).toEqual(['incomplete']);
  });
});

describe('iptables -L: what rules of one parse share', () => {
  // synthetic: two endpoints of one kube-proxy service, as iptables -t nat -L -n prints them
  const text = [
    'Chain KUBE-SEP-AAAA (1 references)',
    'target     prot opt source               destination',
    'KUBE-MARK-MASQ  all  --  10.244.1.5           0.0.0.0/0            /* shop/cart:http */',
    'DNAT       tcp  --  0.0.0.0/0            0.0.0.0/0            /* shop/cart:http */ tcp to:10.244.1.5:8080',
    'Chain KUBE-SEP-BBBB (1 references)',
    'target     prot opt source               destination',
    'KUBE-MARK-MASQ  all  --  10.244.2.6           0.0.0.0/0            /* shop/cart:http */',
    'DNAT       tcp  --  0.0.0.0/0            0.0.0.0/0            /* shop/cart:http */ tcp to:10.244.2.6:8080',
  ].join('\n');
  const rules = parseIptablesList(text).records.filter((r): r is IptablesRule => r.type === 'rule');

  it('gives matches and targets printed alike one frozen value, each with its own span', () => {
    const [masqA, dnatA, masqB, dnatB] = rules as [IptablesRule, IptablesRule, IptablesRule, IptablesRule];
    expect(masqA.matches[0]?.typed).toEqual({ type: 'comment', comment: 'shop/cart:http' });
    expect(masqA.matches[0]?.typed).toBe(dnatB.matches[0]?.typed);
    expect(masqA.target?.typed).toBe(masqB.target?.typed);
    expect(dnatA.protocol).toBe(dnatB.protocol);
    expect(Object.isFrozen(masqA.matches[0]?.typed)).toBe(true);
    expect(masqB.matches[0]?.span.line).toBe(7);
    expect(dnatA.target?.typed).toEqual({ type: 'dnat', to: [{ address: '10.244.1.5', port: '8080' }], random: false, persistent: false });
    expect(dnatA.target?.typed).not.toBe(dnatB.target?.typed);
    expect(Object.isFrozen(dnatA.target?.typed)).toBe(false);
  });
});
