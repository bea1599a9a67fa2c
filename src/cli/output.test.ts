import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captures } from '../../test/support/corpus';
import { parse } from '../formats/registry';
import { writeJson } from './output';

const written = (value: Record<string, unknown>, pretty: boolean): { text: string; chunks: number } => {
  const chunks: string[] = [];
  writeJson(value, pretty, (chunk) => chunks.push(chunk));
  return { text: chunks.join(''), chunks: chunks.length };
};

describe('writeJson', () => {
  it('writes what JSON.stringify writes, compact and pretty, for every capture of the corpus', () => {
    for (const capture of captures()) {
      const result = parse(capture.format, capture.text) as unknown as Record<string, unknown>;
      expect(written(result, false).text, capture.file).toBe(`${JSON.stringify(result)}\n`);
      expect(written(result, true).text, capture.file).toBe(`${JSON.stringify(result, null, 2)}\n`);
    }
  });

  it('writes a large result a slice of records at a time', () => {
    const records = Array.from({ length: 30_000 }, (_, i) => ({ destination: `10.${i >> 8 & 255}.${i & 255}.0`, span: { line: i + 1, text: 'x'.repeat(40) } }));
    const { text, chunks } = written({ format: 'route-n', records, diagnostics: [] }, false);
    expect(text).toBe(`${JSON.stringify({ format: 'route-n', records, diagnostics: [] })}\n`);
    expect(chunks).toBeGreaterThan(2);
    expect(chunks).toBeLessThan(70); // a slice of 1,000 records, and the commas between them
  });

  it('matches JSON.stringify on arbitrary JSON values, undefined and empty ones included', () => {
    fc.assert(fc.property(
      fc.oneof(
        fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.array(fc.oneof(fc.jsonValue(), fc.constant(undefined))))),
        fc.record({ format: fc.string(), records: fc.array(fc.oneof(fc.jsonValue(), fc.constant(undefined))), diagnostics: fc.array(fc.jsonValue()) }),
      ),
      fc.boolean(),
      (value, pretty) => {
        expect(written(value, pretty).text).toBe(`${JSON.stringify(value, null, pretty ? 2 : undefined)}\n`);
      },
    ));
  });
});
