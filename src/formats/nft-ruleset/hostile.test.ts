// Hostile input to nft-ruleset, text and JSON: lists longer than a call's arguments, quotes and
// warnings that never close, deep nesting. Outcomes only (no throw, records and diagnostics where
// they belong); how long each takes is measured by hand, never asserted.
import { describe, expect, it } from 'vitest';
import { parseNftRuleset } from './index';
import { lexer, NFT_MAX_STRING } from './lexer';
import { nftRulesetReader, parseNftRuleset as parseNftText } from './parse';
import type { NftSet } from './schema';

const tokenTypes = (line: string) => {
  lexer.reset(line);
  return Array.from(lexer, (token) => token.type).filter((type) => type !== 'ws');
};

describe('nft-ruleset text: hostile input', () => {
  // push(...list) passes every item as an argument: the CLI's main thread overflowed its stack at about
  // 120,000 of them; vitest's worker threads have a larger stack, hence a million here
  it('an elements line of a million elements is read whole (they were pushed as arguments, past the stack)', () => {
    const parsed = parseNftRuleset(`table ip t {\n\tset s {\n\t\ttype integer\n\t\telements = { ${'1, '.repeat(1_000_000)}1 }\n\t}\n}\n`);
    expect(parsed.diagnostics).toEqual([]);
    const set = parsed.records.find((r): r is NftSet => r.kind === 'set');
    expect(set?.elements).toHaveLength(1_000_001);
    expect(set?.elementLines).toEqual([1_000_001]);
  });

  it('a flattened chain of 700,000 pieces that read as nothing: one diagnostic each, no throw', () => {
    const parsed = parseNftRuleset(`table ip t { chain c { ip saddr 10.0.0.1 accept ${'= drop '.repeat(700_000)}`);
    expect(parsed.records.filter((r) => r.kind === 'rule')).toHaveLength(1);
    const unread = parsed.diagnostics.filter((d) => d.code === 'unexpected-token');
    expect(unread).toHaveLength(700_000);
    expect(unread[0]).toMatchObject({ span: { text: '= drop' }, expected: ['a rule, or "}" closing the chain'] });
  });

  it('a 1 MB line of quotes that never close (`a\\" a\\" …`) reads as one unread line', () => {
    const parsed = parseNftRuleset(`table ip t {\n\tchain c {\n\t\t${'a\\" '.repeat(250_000)}\n\t}\n}\n`);
    expect(parsed.records.map((r) => r.kind)).toEqual(['table', 'chain', 'close', 'close']);
    expect(parsed.diagnostics).toMatchObject([{ code: 'unexpected-token', span: { line: 3 } }]);
  });

  it(`a string is at most ${NFT_MAX_STRING} characters between its quotes (nft prints no longer one)`, () => {
    expect(tokenTypes(`comment "${'x'.repeat(NFT_MAX_STRING)}"`)).toEqual(['kw_comment', 'string']);
    expect(tokenTypes(`comment "${'x'.repeat(NFT_MAX_STRING + 1)}"`)).not.toContain('string');
    // an escape is one character of the bound, as the lexer counts it
    expect(tokenTypes(`comment "${'\\"'.repeat(NFT_MAX_STRING / 2)}"`)).toEqual(['kw_comment', 'string']);
  });

  it('a line with a string past the bound reads alike through the shape cache and the grammar', () => {
    const line = (n: number) => `\t\tip saddr 10.0.0.1 counter packets 1 bytes 2 accept comment "${'y'.repeat(n)}"`;
    const text = `table ip t {\n\tchain c {\n${line(10)}\n${line(NFT_MAX_STRING + 40)}\n${line(12)}\n\t}\n}\n`;
    const cached = parseNftText(text);
    const uncached = parseNftText(text, { reader: nftRulesetReader({ cache: false }) });
    expect(cached).toEqual(uncached);
    expect(cached.records.filter((r) => r.kind === 'rule').map((r) => r.kind === 'rule' && r.comment)).toEqual(['y'.repeat(10), null, 'y'.repeat(12)]);
  });

  it("a flattened 1 MB line of nft warnings that never reach their '!' is read, not rescanned per warning", () => {
    const parsed = parseNftRuleset(`table ip t { chain c { ${'# Warning: '.repeat(100_000)}} }`);
    expect(parsed.records.map((r) => r.kind)).toEqual(['table', 'chain', 'close', 'close']);
    expect(parsed.diagnostics.length).toBeGreaterThan(0);
    // a warning that does end still reads as nft's, flattened
    const warned = parseNftRuleset('table ip t { } # Warning: table ip nat is managed by iptables-nft, do not touch! table ip nat { chain c { accept } }');
    expect(warned.records[2]).toMatchObject({ kind: 'comment', form: 'warning', text: 'Warning: table ip nat is managed by iptables-nft, do not touch!' });
  });
});

describe('nft-ruleset JSON: hostile input', () => {
  const set = (name: string) => `{"set": {"family": "ip", "table": "t", "name": "${name}", "type": "integer"}}`;
  const element = (name: string, elem: string) => `{"element": {"family": "ip", "table": "t", "name": "${name}", "elem": [${elem}]}}`;
  const doc = (...items: string[]) => `{"nftables": [${items.join(', ')}]}`;
  const sets = (records: ReturnType<typeof parseNftRuleset>['records']) => records.filter((r): r is NftSet => r.kind === 'set');

  it('an element object of a million elements joins its set whole (they were pushed as arguments, past the stack)', () => {
    const parsed = parseNftRuleset(doc(set('s'), element('s', Array(1_000_000).fill('1').join(','))));
    expect(parsed.diagnostics).toEqual([]);
    expect(sets(parsed.records)[0]?.elements).toHaveLength(1_000_000);
  });

  it('element objects join the first set of their name, looked up per table', () => {
    const parsed = parseNftRuleset(doc(
      set('a'), set('b'), set('a'), '{"set": {"family": "ip", "table": "u", "name": "a", "type": "integer"}}',
      element('a', '1'), element('b', '2'), element('a', '3'), element('constructor', '4'), element('__proto__', '5'),
    ));
    expect(sets(parsed.records).map((s) => [s.table, s.name, s.elements])).toEqual([
      ['t', 'a', ['1', '3']], ['t', 'b', ['2']], ['t', 'a', null], ['u', 'a', null],
    ]);
    expect(parsed.diagnostics.map((d) => d.message)).toEqual([
      'Elements of constructor, a set the listing does not show; they were not read.',
      'Elements of __proto__, a set the listing does not show; they were not read.',
    ]);
  });

  it('thousands of sets, each with its element object, all read', () => {
    const n = 6000;
    const names = Array.from({ length: n }, (_, i) => `s${i}`);
    const parsed = parseNftRuleset(doc(...names.map(set), ...names.map((name, i) => element(name, String(i)))));
    expect(parsed.diagnostics).toEqual([]);
    expect(sets(parsed.records).map((s) => s.elements)).toEqual(names.map((_, i) => [String(i)]));
  });

  it('1 MB of nested objects ({"a": {"a": …) ends in one diagnostic at the bound', () => {
    const parsed = parseNftRuleset(`{"nftables": [${'{"a": '.repeat(170_000)}`);
    expect(parsed.records).toEqual([]);
    expect(parsed.diagnostics).toMatchObject([{ code: 'invalid-json', expected: ['at most 256 levels of nesting'] }]);
  });
});

describe('the shared reader\'s caches', () => {
  // synthetic: a comment too long for nft's string (256 characters) or closed before a ",": the
  // skeleton must not abstract the fields inside it, else an earlier line decides how this one reads
  const ruleset = (field: string) => [
    'table ip filter {', '\tset allowed {', '\t\ttype ipv4_addr', `\t\telements = { 10.0.0.1 comment "web ${field} east", 10.0.0.2 }`, '\t}',
    '\tchain input {', '\t\ttype filter hook input priority filter; policy accept;', `\t\tip saddr 10.0.0.1 comment "allow ${field} in";accept`, '\t}', '}', '',
  ].join('\n');
  it('read a line with a long or unclosed-looking string as a fresh reader does, whatever came before', () => {
    const valid = ruleset('X'.repeat(300));
    const fresh = parseNftText(valid, { reader: nftRulesetReader({ cache: false }) });
    const shared = nftRulesetReader();
    parseNftText(ruleset('Host-1'), { reader: shared });
    expect(parseNftText(valid, { reader: shared })).toEqual(fresh);
  });
});
