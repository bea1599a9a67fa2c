// YAML deeper than MAX_YAML_DEPTH: the part past the bound is one diagnostic at the exact place it
// is passed, the same on every call, and the rest of the object is read (yaml's own recursion
// overflowed the stack at a column that changed from call to call, and the whole object was lost).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inexactSpans } from '../../../test/support/format-properties';
import { parseKubectlGet } from './parse';
import { MAX_YAML_DEPTH } from './yaml-depth';

const HEAD = 'apiVersion: v1\nkind: Node\nmetadata:\n  name: n\n  x: ';
const TAIL = '\nspec:\n  podCIDR: 10.244.0.0/24\n';
/** The node's name and pod CIDR, where read. */
const node = (text: string) => parseKubectlGet(text).records.map((r) => r.kind === 'node-object' && [r.name, r.podCIDRs]);
const cuts = (text: string) => parseKubectlGet(text).diagnostics.map((d) => [d.code, d.span.line, d.span.column, d.span.offset, d.span.length]);

describe('YAML nested deeper than MAX_YAML_DEPTH', () => {
  // "metadata" and "x" are two levels: the flow collections may take MAX_YAML_DEPTH - 2 more
  const flow = (n: number): string => `${HEAD}${'['.repeat(n)}${']'.repeat(n)}${TAIL}`;

  it('3,000 nested "[": the same diagnostic on every call, at the bracket that passes the bound; name and podCIDR read', () => {
    const text = flow(3000);
    const at = HEAD.length + MAX_YAML_DEPTH - 2;
    const expected = [['invalid-value', 5, 6 + MAX_YAML_DEPTH - 2, at, 2 * (3000 - MAX_YAML_DEPTH + 2)]];
    for (let call = 0; call < 4; call++) expect(cuts(text)).toEqual(expected);
    expect(node(text)).toEqual([['n', ['10.244.0.0/24']]]);
    const parsed = parseKubectlGet(text);
    expect(parsed.diagnostics[0]?.message).toBe(`YAML nested deeper than ${MAX_YAML_DEPTH} levels; this part was not read.`);
    expect(inexactSpans(text, parsed)).toEqual([]);
  });

  it('is the bound: MAX_YAML_DEPTH levels are read, one more is cut (flow, block keys, "- " items)', () => {
    expect(cuts(flow(MAX_YAML_DEPTH - 2))).toEqual([]);
    expect(cuts(flow(MAX_YAML_DEPTH - 1))).toEqual([['invalid-value', 5, 6 + MAX_YAML_DEPTH - 2, HEAD.length + MAX_YAML_DEPTH - 2, 2]]);
    const block = (n: number): string => `${HEAD}\n${Array.from({ length: n }, (_, i) => `${' '.repeat(4 + 2 * i)}k:`).join('\n')}${TAIL}`;
    expect(cuts(block(MAX_YAML_DEPTH - 2))).toEqual([]);
    const deep = block(MAX_YAML_DEPTH);
    const line = 5 + MAX_YAML_DEPTH - 1;
    const from = deep.split('\n').slice(0, line - 1).join('\n').length + 1 + 4 + 2 * (MAX_YAML_DEPTH - 2);
    expect(cuts(deep)).toEqual([['invalid-value', line, 5 + 2 * (MAX_YAML_DEPTH - 2), from, deep.indexOf('\nspec:') - from]]);
    expect(node(deep)).toEqual([['n', ['10.244.0.0/24']]]);
    const items = (n: number): string => `${HEAD}\n    ${'- '.repeat(n)}1${TAIL}`;
    // the items' line counts its indentation as a level, and each marker as one more
    expect(cuts(items(MAX_YAML_DEPTH - 3))).toEqual([]);
    expect(cuts(items(MAX_YAML_DEPTH - 2))).toEqual([['invalid-value', 6, 5 + 2 * (MAX_YAML_DEPTH - 3), HEAD.length + 1 + 4 + 2 * (MAX_YAML_DEPTH - 3), 3]]);
    expect(node(items(3000))).toEqual([['n', ['10.244.0.0/24']]]);
  });

  it('brackets in quotes, comments and block scalars are text, not nesting', () => {
    const deep = '['.repeat(3000);
    for (const value of [`"${deep}"`, `'${deep}'`, `1 # ${deep}`, `|\n    ${deep}\n    ${deep}`]) {
      const text = `${HEAD}${value}${TAIL}`;
      expect(cuts(text), value.slice(0, 5)).toEqual([]);
      expect(node(text)).toEqual([['n', ['10.244.0.0/24']]]);
    }
  });

  it('never throws, and every span is exact, on any nesting of flow collections', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('[', '{a: ', ']', '}', ', ', '"[', '- '), { maxLength: 400 }), (parts) => {
      const text = `${HEAD}${parts.join('')}${TAIL}`;
      expect(inexactSpans(text, parseKubectlGet(text))).toEqual([]);
    }), { numRuns: 50 });
  });
});
