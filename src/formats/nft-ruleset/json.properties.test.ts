// Properties of the nft -j reader: it never throws, on any string or on any cut or damaged real
// capture; every span it gives lies in the input; a cut capture gives only records the whole one gives.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Parsed } from '../format';
import { parseNftRuleset } from './index';
import { parseNftJson } from './json';
import type { NftRecord } from './schema';

const dir = join(__dirname, '../../../corpus/captures/nft-ruleset/json');
const captures = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(dir, f), 'utf8'));

/** Every span points into the text, verbatim (one expect per parse: fast-check runs thousands). */
function spansHold(text: string, parsed: Parsed<NftRecord>): void {
  const wrong = [...parsed.records, ...parsed.diagnostics]
    .map(({ span }) => span)
    .filter((span) => span.offset + span.length > text.length || text.slice(span.offset, span.offset + span.length) !== span.text || span.line < 1 || span.column < 1);
  expect(wrong.map((span) => ({ ...span, text: span.text.slice(0, 80) }))).toEqual([]);
}

const HEAD = '{"nftables": ['.length;
const JSON_CHARS = fc.constantFrom(...'{}[]":,\\ 0123456789-.eEtrufalsn_xX\n\t\u0000é');

describe('nft -j reader: never throws', () => {
  it('on any string, and on any string after {"nftables"', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: JSON_CHARS }).map((s) => `{"nftables"${s}`)), (text) => {
        const parsed = parseNftRuleset(text);
        spansHold(text, parsed);
      }),
      { numRuns: 400 },
    );
  });

  it('on JSON of any shape inside {"nftables": […]}', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 8 }), (items) => {
        const text = JSON.stringify({ nftables: items });
        const parsed = parseNftJson(text);
        spansHold(text, parsed);
        // valid JSON: whatever is wrong is nft's shape, never the syntax
        expect(parsed.diagnostics.filter((d) => d.code === 'incomplete')).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('on cut captures: an incomplete diagnostic, and only records the whole capture gives', () => {
    const wholes = captures.map((text) => ({ text, records: new Set(parseNftJson(text).records.filter((r) => r.kind !== 'close').map((r) => JSON.stringify(r))) }));
    fc.assert(
      fc.property(fc.nat({ max: wholes.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (which, at) => {
        const whole = wholes[which] as (typeof wholes)[number];
        const cut = whole.text.slice(0, Math.floor(at * (whole.text.length - 1)));
        const parsed = parseNftJson(cut);
        spansHold(cut, parsed);
        // cut before the end of the JSON (not only its trailing newline; nothing left is cut too)
        const inside = cut.trimEnd().length < whole.text.trimEnd().length;
        expect(parsed.diagnostics.map((d) => d.code)).toEqual(inside ? ['incomplete'] : []);
        const invented = parsed.records.filter((r) => r.kind !== 'close' && !whole.records.has(JSON.stringify(r)));
        expect(invented.map((r) => r.span.offset)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('cut within the first 64 characters ({"nftab…): the incomplete diagnostic alone', () => {
    for (const text of captures) {
      const codes = Array.from({ length: 64 }, (_, n) => parseNftJson(text.slice(0, n)).diagnostics.map((d) => d.code).join());
      expect(codes).toEqual(Array.from({ length: 64 }, () => 'incomplete'));
    }
  });

  it('on damaged captures: characters flipped, dropped or doubled', () => {
    const damage = fc.array(
      fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), how: fc.constantFrom('flip', 'drop', 'double'), to: JSON_CHARS }),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(fc.nat({ max: captures.length - 1 }), damage, (which, edits) => {
        let text = captures[which] as string;
        for (const edit of edits) {
          // after `{"nftables": [`, so the text stays nft's JSON: the text reader reads other damage
          const i = HEAD + Math.floor(edit.at * (text.length - 1 - HEAD));
          if (edit.how === 'flip') text = text.slice(0, i) + edit.to + text.slice(i + 1);
          else if (edit.how === 'drop') text = text.slice(0, i) + text.slice(i + 1);
          else text = text.slice(0, i + 1) + text.slice(i);
        }
        spansHold(text, parseNftRuleset(text));
      }),
      { numRuns: 100 },
    );
  });

  it('every JSON capture of the lab parses with no diagnostic', () => {
    expect(captures.length).toBeGreaterThanOrEqual(5);
    for (const text of captures) expect(parseNftRuleset(text).diagnostics).toEqual([]);
  });
});
