// Property tests of the nft list ruleset grammar: generated rulesets in nft's text layout, also
// flattened (nft-ruleset.test.ts flattens every lab capture, whole and in part).
import fc from 'fast-check';
import { describe } from 'vitest';
import { formatProperties } from '../../../test/support/format-properties';
import { nftRulesetReader, parseNftRuleset } from './parse';
import { formatTime } from './json-render';
import { printNftRuleset } from './print';
import type { NftFamily, NftRecord, NftRule, NftSet } from './schema';

const SPAN = { line: 1, column: 1, offset: 0, length: 0, text: '' };
const name = fc.stringMatching(/^[A-Za-z][\w/.-]{0,20}$/);
const handle = fc.option(fc.integer({ min: 1, max: 9999 }), { nil: null });
const ipv4 = fc.ipV4();

type Where = { family: NftFamily; table: string; chain: string | null };

function rule(where: Where): fc.Arbitrary<NftRule> {
  return fc
    .record({
      match: fc.constantFrom('ip saddr 10.244.2.6', 'meta l4proto tcp', 'tcp dport 22', 'ct state new', 'iifname "cni0"', 'fib daddr type local'),
      counter: fc.option(fc.record({ packets: fc.nat(), bytes: fc.nat() }), { nil: null }),
      dnat: fc.option(fc.tuple(ipv4, fc.integer({ min: 1, max: 65535 })).map(([a, p]) => `${a}:${p}`), { nil: null }),
      verdict: fc.option(
        fc.oneof(
          fc.record({ verdict: fc.constantFrom('jump' as const, 'goto' as const), target: name }),
          fc.record({ verdict: fc.constantFrom('accept' as const, 'drop' as const, 'return' as const), target: fc.constant(null) }),
        ),
        { nil: null },
      ),
      comment: fc.option(fc.stringMatching(/^[\w .,:-]{0,20}$/), { nil: null }),
      handle,
    })
    // a rule of matches alone does nothing: nft prints none, and flattened it would not end
    .filter(({ counter, dnat, verdict, comment, handle }) => counter !== null || dnat !== null || verdict !== null || comment !== null || handle !== null)
    .map(({ match, counter, dnat, verdict, comment, handle }) => {
      const parts: string[] = [match];
      if (counter) parts.push(`counter packets ${counter.packets} bytes ${counter.bytes}`);
      if (dnat) parts.push(`dnat to ${dnat}`);
      else if (verdict) parts.push(verdict.target === null ? verdict.verdict : `${verdict.verdict} ${verdict.target}`);
      if (comment !== null) parts.push(`comment "${comment}"`);
      return {
        kind: 'rule', ...where, text: parts.join(' '), counter, verdict: dnat ? null : verdict, dnat, comment, handle, span: SPAN,
      } satisfies NftRule;
    });
}

function chain(where: Where): fc.Arbitrary<NftRecord[]> {
  return fc.tuple(name, handle).chain(([chainName, chainHandle]) => {
    const inside = { ...where, chain: chainName };
    const spec = fc.option(
      fc.record({
        type: fc.constantFrom('filter', 'nat', 'route'),
        hook: fc.constantFrom('prerouting', 'input', 'output', 'postrouting'),
        priority: fc.constantFrom('dstnat', 'srcnat', 'filter', '-100', '0', 'dstnat - 10', 'mangle + 5'),
        policy: fc.constantFrom('accept', 'drop'),
      }),
      { nil: null },
    );
    return fc.tuple(spec, fc.array(rule(inside), { maxLength: 5 })).map(([s, rules]): NftRecord[] => [
      { kind: 'chain', ...inside, handle: chainHandle, span: SPAN },
      ...(s ? [{
        kind: 'chain-spec' as const, ...inside, ...s, device: null,
        priorityValue: /^-?\d+$/.test(s.priority) ? Number(s.priority) : null, span: SPAN,
      }] : []),
      ...rules,
      { kind: 'close', ...inside, closes: 'chain', span: SPAN },
    ]);
  });
}

function set(where: Where): fc.Arbitrary<NftRecord[]> {
  return fc
    .record({
      kind: fc.constantFrom('set' as const, 'map' as const),
      name, handle,
      flags: fc.subarray(['interval', 'timeout', 'constant']),
      policy: fc.option(fc.constantFrom('memory', 'performance'), { nil: null }),
      size: fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: null }),
      statements: fc.option(fc.constantFrom('counter', 'quota 10 mbytes', 'limit rate 10/second', 'ct count 20', 'last', 'counter quota 10 mbytes'), { nil: null }),
      autoMerge: fc.boolean(),
      // milliseconds, printed as nft prints a time: "3h", "1d2h3m4s5ms"
      timeout: fc.option(fc.integer({ min: 1, max: 10_000_000_000 }), { nil: null }),
      gcInterval: fc.option(fc.integer({ min: 1000, max: 100_000_000 }), { nil: null }),
      comment: fc.option(fc.stringMatching(/^[\w .,:-]{0,20}$/), { nil: null }),
      lines: fc.option(fc.array(fc.array(ipv4, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }), { nil: null }),
    })
    .map(({ kind, name: setName, handle: setHandle, flags, policy, size, statements, autoMerge, timeout, gcInterval, comment, lines }): NftRecord[] => {
      const map = kind === 'map';
      const elements = lines?.map((line) => line.map((a) => (map ? `${a} : goto c` : a)));
      const record: NftSet = {
        kind, ...where, chain: null, name: setName, keyword: 'type', type: map ? 'ipv4_addr : verdict' : 'ipv4_addr',
        policy, size, flags, statements, autoMerge,
        timeout: timeout === null ? null : formatTime(timeout / 1000), timeoutSeconds: timeout === null ? null : timeout / 1000,
        gcInterval: gcInterval === null ? null : formatTime(gcInterval / 1000), gcIntervalSeconds: gcInterval === null ? null : gcInterval / 1000,
        comment,
        elements: elements ? elements.flat() : null, elementLines: elements ? elements.map((l) => l.length) : [], handle: setHandle, span: SPAN,
      };
      return [record, { kind: 'close', ...where, chain: null, closes: kind, span: SPAN }];
    });
}

const table: fc.Arbitrary<NftRecord[]> = fc
  .record({ family: fc.constantFrom<NftFamily>('ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'), name, handle })
  .chain(({ family, name: tableName, handle: tableHandle }) => {
    const where: Where = { family, table: tableName, chain: null };
    return fc
      .tuple(fc.array(set(where), { maxLength: 2 }), fc.array(chain(where), { maxLength: 3 }))
      .map(([sets, chains]): NftRecord[] => [
        { kind: 'table', ...where, handle: tableHandle, span: SPAN },
        ...sets.flat(), ...chains.flat(),
        { kind: 'close', ...where, closes: 'table', span: SPAN },
      ]);
  });

describe('nft list ruleset properties', () => {
  const uncached = nftRulesetReader({ cache: false });
  formatProperties<NftRecord>({
    records: fc.array(table, { minLength: 1, maxLength: 3 }).map((tables) => tables.flat()),
    print: printNftRuleset,
    parse: parseNftRuleset,
    parseWithoutCache: (text) => parseNftRuleset(text, { reader: uncached }),
    // lines nft never prints; a plain "hello world" inside a chain would read as a rule
    junkLines: fc.constantFrom('###看这里', '----问题节点----', '[root@host188 ~]#', '【解析】: 路由缺失', '# 看这里'),
  });
});
