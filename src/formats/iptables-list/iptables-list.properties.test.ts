// Property tests of the iptables -L grammar: generated kube-proxy style chains printed in
// iptables' layouts (-L, -nL, -nvL, -vnxL, --line-numbers).
import fc from 'fast-check';
import { describe } from 'vitest';
import { formatIPv4 } from '../../core';
import { formatProperties } from '../../../test/support/format-properties';
import type { Counters, IptablesChain, IptablesMatch, IptablesOption, IptablesRecord, IptablesRule, IptablesTarget, Negatable } from '../shared/iptables/schema';
import { typeTarget } from '../shared/iptables/typing';
import { iptablesListReader, parseIptablesList } from './parse';
import { printIptablesList, type ListFormat } from './print';
import { targetOptionsAsSave, typeListMatch } from './text';

const SPAN = { line: 1, column: 1, offset: 0, length: 0, text: '' };
const option = (name: string, values: string[] = [], negated = false): IptablesOption => ({ name, values, negated });
const match = (module: string, options: IptablesOption[]): IptablesMatch => ({ module, options, typed: typeListMatch(module, options), span: SPAN });
const hash = fc.stringMatching(/^[A-Z2-7]{16}$/);
const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);

/** Counters as the layout prints them: exact under -x; under -v exact up to 99999, else rounded. */
function counters(format: ListFormat): fc.Arbitrary<Counters | null> {
  if (!format.verbose) return fc.constant(null);
  const value = format.exact
    ? fc.integer({ min: 0, max: 2 ** 40 }).map((n) => ({ n, exact: true }))
    : fc.oneof(
        fc.integer({ min: 0, max: 99_999 }).map((n) => ({ n, exact: true })),
        fc.integer({ min: 100, max: 9999 }).map((k) => ({ n: k * 1000, exact: false })),
        fc.integer({ min: 10, max: 9999 }).map((k) => ({ n: k * 1_000_000, exact: false })),
      );
  return fc.tuple(value, value).map(([p, b]) => ({ packets: p.n, bytes: b.n, exact: p.exact && b.exact }));
}

const address = fc.option(
  fc.record({ negated: fc.boolean(), ip: fc.integer({ min: 1, max: 0xffffffff }), prefix: fc.constantFrom(8, 16, 24, 32) })
    .map(({ negated, ip, prefix }): Negatable => ({ negated, value: prefix === 32 ? formatIPv4(ip) : `${formatIPv4(ip)}/${prefix}` })),
  { nil: null, freq: 2 },
);

const matches: fc.Arbitrary<IptablesMatch[]> = fc
  .record({
    comment: fc.option(fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' ').replace(/^/, 'ns/')), { nil: undefined }),
    port: fc.option(fc.tuple(fc.constantFrom('tcp', 'udp'), fc.integer({ min: 1, max: 65535 }), fc.boolean()), { nil: undefined }),
    probability: fc.option(fc.constantFrom('0.50000000000', '0.33333333349', '0.25000000000'), { nil: undefined }),
    mark: fc.option(fc.boolean(), { nil: undefined }),
    states: fc.option(fc.subarray(['NEW', 'RELATED', 'ESTABLISHED'], { minLength: 1 }), { nil: undefined }),
    addrtype: fc.option(fc.constantFrom('LOCAL', 'UNICAST'), { nil: undefined }),
  })
  .map(({ comment, port, probability, mark, states, addrtype }) => {
    const out: IptablesMatch[] = [];
    if (comment !== undefined) out.push(match('comment', [option('comment', [comment])]));
    if (addrtype !== undefined) out.push(match('addrtype', [option('dst-type', [addrtype])]));
    if (port) out.push(match(port[0], [option(port[2] ? 'dpt' : 'spt', [String(port[1])])]));
    if (probability !== undefined) out.push(match('statistic', [option('mode', ['random']), option('probability', [probability])]));
    if (mark !== undefined) out.push(match('mark', [option('mark', ['0x4000/0x4000'], mark)]));
    if (states) out.push(match('conntrack', [option('ctstate', [states.join(',')])]));
    return out;
  });

const target: fc.Arbitrary<IptablesTarget> = fc
  .oneof(
    hash.map((h) => ({ name: `KUBE-SEP-${h}`, options: [] as IptablesOption[] })),
    fc.constantFrom('ACCEPT', 'DROP', 'RETURN', 'KUBE-MARK-MASQ').map((name) => ({ name, options: [] as IptablesOption[] })),
    fc.tuple(fc.integer({ min: 1, max: 0xffffffff }), fc.integer({ min: 1, max: 65535 })).map(([ip, port]) => ({ name: 'DNAT', options: [option('to', [`${formatIPv4(ip)}:${port}`])] })),
    fc.constantFrom('or', 'xset').map((op) => ({ name: 'MARK', options: [option(op, [op === 'or' ? '0x4000' : '0x4000/0x4000'])] })),
    fc.constant({ name: 'MASQUERADE', options: [option('random-fully')] }),
    fc.constant({ name: 'REJECT', options: [option('reject-with', ['icmp-port-unreachable'])] }),
  )
  .map(({ name, options }): IptablesTarget => ({ name, goto: false, options: [...options], typed: typeTarget(name, targetOptionsAsSave(name, options)), span: SPAN }));

function rule(format: ListFormat): fc.Arbitrary<Omit<IptablesRule, 'chain' | 'position'>> {
  const iface = format.verbose ? fc.option(fc.record({ negated: fc.boolean(), value: fc.constantFrom('eth0', 'cni0', 'docker0', 'flannel.1') }), { nil: null, freq: 2 }) : fc.constant(null);
  return fc
    .record({
      counters: counters(format), protocol: fc.constantFrom(null, 'tcp', 'udp', '6', '17'), source: address, destination: address,
      inInterface: iface, outInterface: iface, fragment: fc.constantFrom(null, null, null, { negated: false }, { negated: true }), matches, target,
    })
    .map(({ protocol, ...rest }) => ({
      type: 'rule' as const, table: null, ...rest, protocol: protocol === null ? null : { negated: false, value: protocol }, unresolved: [], span: SPAN,
    }));
}

function listing(format: ListFormat): fc.Arbitrary<IptablesRecord[]> {
  const chain = fc.record({
    builtin: fc.boolean(), name: hash, policy: fc.constantFrom('ACCEPT', 'DROP'), counters: counters(format),
    references: fc.integer({ min: 0, max: 99 }), rules: fc.array(rule(format), { maxLength: 6 }),
  });
  return fc.array(chain, { minLength: 1, maxLength: 4 }).map((chains) => {
    const out: IptablesRecord[] = [];
    for (const c of chains) {
      const name = c.builtin ? 'PREROUTING' : `KUBE-SVC-${c.name}`;
      const header: IptablesChain = {
        type: 'chain', table: null, chain: name, builtin: c.builtin, policy: c.builtin ? c.policy : null,
        counters: c.builtin ? c.counters : null, references: c.builtin ? null : c.references, span: SPAN,
      };
      out.push(header);
      c.rules.forEach((r, i) => out.push({ ...r, chain: name, position: i + 1 } as IptablesRule));
    }
    return out;
  });
}

const LAYOUTS: [string, ListFormat][] = [
  ['-L', { lineNumbers: false, verbose: false, exact: false, numeric: false, all: 'all', trailingBlanks: true }],
  ['-nL (1.8.9)', { lineNumbers: false, verbose: false, exact: false, numeric: true, all: '0', trailingBlanks: true }],
  ['-nvL', { lineNumbers: false, verbose: true, exact: false, numeric: true, all: 'all', trailingBlanks: false }],
  ['-vnxL --line-numbers', { lineNumbers: true, verbose: true, exact: true, numeric: true, all: '0', trailingBlanks: true }],
];

describe('iptables -L properties', () => {
  const uncached = iptablesListReader({ cache: false });
  for (const [name, format] of LAYOUTS) {
    describe(name, () => {
      formatProperties<IptablesRecord>({
        records: listing(format),
        print: (records) => printIptablesList(records, format),
        parse: (text) => parseIptablesList(text),
        parseWithoutCache: (text) => parseIptablesList(text, { reader: uncached }),
        runs: 40,
      });
    });
  }
});
