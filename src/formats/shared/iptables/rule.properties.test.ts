// Property tests of the iptables-save and iptables -S grammars: generated kube-proxy-like rules
// (NodePort, ClusterIP, SVC/SEP with statistic, DNAT, MARK, MASQUERADE, REJECT), printed in each
// tool's layout. The typed parts come from typeMatch/typeTarget, whose values typing.test.ts pins.
import fc from 'fast-check';
import { describe } from 'vitest';
import { formatProperties } from '../../../../test/support/format-properties';
import { parseIptablesSave, iptablesSaveReader } from '../../iptables-save/parse';
import { printIptablesSave } from '../../iptables-save/print';
import { parseIptablesListRules, iptablesListRulesReader } from '../../iptables-list-rules/parse';
import { printIptablesListRules } from '../../iptables-list-rules/print';
import { RulePositions } from './rule';
import type { Counters, IptablesChain, IptablesMatch, IptablesOption, IptablesRecord, IptablesRule } from './schema';
import { typeMatch, typeTarget } from './typing';

const SPAN = { line: 1, column: 1, offset: 0, length: 0, text: '' };
const hash = fc.stringMatching(/^[A-Z2-7]{16}$/);
const ip = fc.tuple(fc.integer({ min: 1, max: 223 }), fc.nat(255), fc.nat(255), fc.nat(255)).map((parts) => parts.join('.'));
const port = fc.integer({ min: 1, max: 65535 });
const opt = (name: string, values: string[], negated = false): IptablesOption => ({ name, values, negated });
const match = (module: string, options: IptablesOption[]): IptablesMatch => ({ module, options, typed: typeMatch(module, options), span: SPAN });
// xtables_save_string: quoted unless only [A-Za-z0-9_-]; " \ ' escaped
const saveString = (text: string): string => (/^[\w-]+$/.test(text) ? text : `"${text.replace(/["'\\]/g, '\\$&')}"`);
const comment = fc
  .tuple(fc.constantFrom('default', 'kube-system', 'prometheus', 'shop'), fc.constantFrom('web', 'kube-dns', 'prometheus-nodeport'),
    fc.constantFrom('', ':http', ':dns-tcp'), fc.constantFrom('', ' cluster IP', ' -> 10.244.2.6:9090', ' has "no" endpoints'))
  .map(([ns, name, portName, tail]) => match('comment', [opt('comment', [saveString(`${ns}/${name}${portName}${tail}`)])]));
const counters = fc.record({ packets: fc.nat(1_000_000), bytes: fc.nat(1_000_000_000), exact: fc.constant(true) });

const matchArb: fc.Arbitrary<IptablesMatch> = fc.oneof(
  comment,
  fc.tuple(fc.constantFrom('tcp', 'udp'), port, fc.option(port, { nil: undefined })).map(([p, from, to]) =>
    match(p, [opt('dport', [to === undefined ? String(from) : `${Math.min(from, to)}:${Math.max(from, to)}`])])),
  fc.double({ min: 0, max: 1, noNaN: true }).map((p) => match('statistic', [opt('mode', ['random']), opt('probability', [p.toFixed(11)])])),
  fc.constantFrom('0x4000/0x4000', '0x8000/0x8000').map((mark) => match('mark', [opt('mark', [mark])])),
  fc.tuple(fc.subarray(['NEW', 'RELATED', 'ESTABLISHED', 'DNAT'], { minLength: 1 }), fc.boolean()).map(([states, negated]) =>
    match('conntrack', [opt('ctstate', [states.join(',')], negated)])),
  fc.boolean().map((negated) => match('addrtype', [opt('dst-type', ['LOCAL'], negated)])),
  fc.array(port, { minLength: 1, maxLength: 4 }).map((ports) => match('multiport', [opt('dports', [ports.join(',')])])),
  fc.constantFrom('dst', 'dst,dst').map((flags) => match('set', [opt('match-set', ['KUBE-CLUSTER-IP', flags])])),
  fc.constantFrom('5/sec', '3/hour').map((rate) => match('limit', [opt('limit', [rate]), opt('limit-burst', ['10'])])),
);

type TargetSpec = { name: string; options: IptablesOption[]; goto: boolean };
const target = (name: string, options: IptablesOption[] = [], goto = false): TargetSpec => ({ name, options, goto });
const targetArb: fc.Arbitrary<TargetSpec> = fc.oneof(
  fc.tuple(fc.constantFrom('KUBE-SVC-', 'KUBE-SEP-', 'KUBE-EXT-'), hash).map(([prefix, h]) => target(prefix + h)),
  fc.constantFrom('ACCEPT', 'DROP', 'RETURN', 'KUBE-MARK-MASQ').map((name) => target(name)),
  fc.tuple(ip, port).map(([address, p]) => target('DNAT', [opt('to-destination', [`${address}:${p}`])])),
  fc.constantFrom('set-xmark', 'or-mark').map((op) => target('MARK', [opt(op, [op === 'or-mark' ? '0x4000' : '0x4000/0x4000'])])),
  fc.constant(target('MASQUERADE', [opt('random-fully', [])])),
  fc.constant(target('REJECT', [opt('reject-with', ['icmp-port-unreachable'])])),
  fc.constant(target('LOG', [opt('log-prefix', ['"ssh-new: "'])])),
  fc.constant(target('LAN-IN', [], true)),
);

const negatable = <T>(arb: fc.Arbitrary<T>) => fc.option(fc.record({ negated: fc.boolean(), value: arb }), { nil: null });

function ruleArb(withCounters: boolean): fc.Arbitrary<Omit<IptablesRule, 'table' | 'position'>> {
  return fc
    .record({
      chain: fc.constantFrom('PREROUTING', 'INPUT', 'KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-SVC-SO4PW3GA7SPS7IHM', 'KUBE-SEP-5GEH5OENN4FETTOQ'),
      counters: withCounters ? counters : fc.constant(null),
      protocol: negatable(fc.constantFrom('tcp', 'udp', 'icmp')),
      source: negatable(ip.map((a) => `${a}/32`)),
      destination: negatable(fc.constantFrom('10.96.0.1/32', '127.0.0.0/8', '10.244.0.0/16')),
      inInterface: negatable(fc.constantFrom('cni0', 'flannel.1', 'veth+')),
      outInterface: negatable(fc.constantFrom('docker0', 'br-421a9e16d12b')),
      fragment: fc.option(fc.record({ negated: fc.boolean() }), { nil: null, freq: 8 }),
      matches: fc.array(matchArb, { maxLength: 4 }),
      target: fc.option(targetArb, { nil: null, freq: 8 }),
    })
    .map((r) => ({
      type: 'rule' as const, chain: r.chain, counters: r.counters, protocol: r.protocol, source: r.source, destination: r.destination,
      inInterface: r.inInterface, outInterface: r.outInterface, fragment: r.fragment, matches: r.matches,
      target: r.target && { ...r.target, typed: typeTarget(r.target.name, r.target.options, r.target.goto), span: SPAN },
      unresolved: [], span: SPAN,
    }));
}

function numbered(rules: Omit<IptablesRule, 'table' | 'position'>[], table: string | null, positions: RulePositions): IptablesRule[] {
  return rules.map((rule) => ({ ...rule, table, position: positions.next(table, rule.chain) }) as IptablesRule);
}

const chain = (table: string | null, name: string, builtin: boolean, c: Counters | null): IptablesChain => ({
  type: 'chain', table, chain: name, builtin, policy: builtin ? 'ACCEPT' : null, counters: c, references: null, span: SPAN,
});
const meta = (kind: 'table' | 'commit' | 'comment' | 'warning', table: string | null, text: string): IptablesRecord => ({ type: 'meta', kind, table, text, span: SPAN });

// iptables-save: one or two tables, each with its header, declarations, rules, COMMIT and footer
const saveRecords: fc.Arbitrary<IptablesRecord[]> = fc
  .tuple(fc.boolean(), fc.subarray(['filter', 'nat'], { minLength: 1 }), fc.boolean(), fc.array(ruleArb(true), { maxLength: 8 }), fc.array(ruleArb(true), { maxLength: 8 }), counters)
  .map(([nft, tables, withCounters, a, b, c]) => {
    const positions = new RulePositions();
    const date = 'Wed Nov  6 21:31:52 2019';
    const out: IptablesRecord[] = nft ? [meta('warning', null, '# Warning: iptables-legacy tables present, use iptables-legacy-save to see them')] : [];
    tables.forEach((table, i) => {
      out.push(meta('comment', null, `# Generated by iptables-save v1.8.9${nft ? ' (nf_tables)' : ''} on ${date}`), meta('table', table, `*${table}`));
      out.push(chain(table, 'INPUT', true, c), chain(table, 'KUBE-SERVICES', false, { packets: 0, bytes: 0, exact: true }));
      const rules = numbered(i === 0 ? a : b, table, positions);
      out.push(...rules.map((r) => (withCounters ? r : { ...r, counters: null })));
      out.push(meta('commit', table, 'COMMIT'), meta('comment', null, `# Completed on ${date}`));
    });
    return out;
  });

// iptables [-t nat] [-v] -S: policies, user chains, rules; counters only with -v
const listRecords: fc.Arbitrary<IptablesRecord[]> = fc
  .tuple(fc.boolean(), fc.array(ruleArb(true), { maxLength: 10 }), counters, fc.boolean())
  .map(([verbose, rules, c, warn]) => [
    ...(warn ? [meta('warning', null, '# Warning: iptables-legacy tables present, use iptables-legacy to see them')] : []),
    chain(null, 'PREROUTING', true, verbose ? c : null), chain(null, 'KUBE-SERVICES', false, null),
    ...numbered(rules, null, new RulePositions()).map((r) => (verbose ? r : { ...r, counters: null })),
  ]);

// Junk that cannot start a unit by chance ("*x" is a table, ":x y" a chain declaration, "-A x" a rule)
const junk = fc.oneof(
  fc.constantFrom('###看这里', '----问题节点----', '[root@host188 ~]# iptables -t nat -S', '...', 'hello world'),
  fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n*:[\-!#]/g, '~')),
);

describe('iptables-save properties', () => {
  const uncached = iptablesSaveReader({ cache: false });
  formatProperties<IptablesRecord>({
    records: saveRecords, print: printIptablesSave, parse: (text) => parseIptablesSave(text),
    parseWithoutCache: (text) => parseIptablesSave(text, { reader: uncached }), junkLines: junk,
  });
});

describe('iptables -S properties', () => {
  const uncached = iptablesListRulesReader({ cache: false });
  formatProperties<IptablesRecord>({
    records: listRecords, print: printIptablesListRules, parse: (text) => parseIptablesListRules(text),
    parseWithoutCache: (text) => parseIptablesListRules(text, { reader: uncached }), junkLines: junk,
  });
});
