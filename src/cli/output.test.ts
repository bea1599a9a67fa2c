import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captures } from '../../test/support/corpus';
import { parseLazilyStreaming } from '../formats/lazy';
import { parse } from '../formats/registry';
import { CHUNK, ParsedJsonWriter, writeJsonStreamed } from './output';

/** What the writer writes for `result`, with the first `streamed` records handed over one by one before it. */
const written = (result: Record<string, unknown>, pretty: boolean, streamed = 0): { text: string; chunks: number; pieces: string[] } => {
  const chunks: string[] = [];
  const writer = new ParsedJsonWriter(pretty, (chunk: string) => chunks.push(chunk));
  const records = Array.isArray(result['records']) ? result['records'] : [];
  writer.start(String(result['format']));
  for (const record of records.slice(0, streamed)) writer.record(record);
  writer.end({ ...result, ...(Array.isArray(result['records']) ? { records: records.slice(streamed) } : {}) });
  return { text: chunks.join(''), chunks: chunks.length, pieces: chunks };
};

describe('ParsedJsonWriter', () => {
  it('writes what JSON.stringify writes, compact and pretty, for every capture of the corpus', () => {
    for (const capture of captures()) {
      const result = parse(capture.format, capture.text) as unknown as Record<string, unknown>;
      expect(written(result, false).text, capture.file).toBe(`${JSON.stringify(result)}\n`);
      expect(written(result, true).text, capture.file).toBe(`${JSON.stringify(result, null, 2)}\n`);
    }
  });

  it('with records streamed as the parsers read them, writes what parse gives, for every capture', async () => {
    let streamedFormats = 0;
    for (const capture of captures()) {
      const chunks: string[] = [];
      const writer = new ParsedJsonWriter(false, (chunk: string) => chunks.push(chunk));
      let streamed = 0;
      const result = await parseLazilyStreaming(capture.format, capture.text, undefined, (format) => writer.start(format), (record) => {
        streamed++;
        writer.record(record);
      });
      writer.end(result as unknown as Record<string, unknown>);
      if (streamed > 0) {
        streamedFormats++;
        expect(result.records, capture.file).toEqual([]);
      }
      expect(chunks.join(''), capture.file).toBe(`${JSON.stringify(parse(capture.format, capture.text))}\n`);
    }
    expect(streamedFormats).toBeGreaterThan(100);
  });

  it('writes a large result a slice of records at a time', () => {
    const records = Array.from({ length: 30_000 }, (_, i) => ({ destination: `10.${(i >> 8) & 255}.${i & 255}.0`, span: { line: i + 1, text: 'x'.repeat(40) } }));
    const result = { format: 'route-n', records, diagnostics: [] };
    const { text, pieces } = written(result, false, 12_345);
    expect(text).toBe(`${JSON.stringify(result)}\n`);
    // slices of 50 records joined into writes of CHUNK characters and a little more (the slice that crossed it)
    expect(pieces.length).toBeGreaterThan(text.length / (CHUNK + 5_000));
    for (const piece of pieces.slice(0, -1)) {
      expect(piece.length).toBeGreaterThanOrEqual(CHUNK);
      expect(piece.length).toBeLessThan(CHUNK + 5_000);
    }
  });

  it('matches JSON.stringify on arbitrary results, however many records were streamed', () => {
    fc.assert(fc.property(
      fc.record({
        format: fc.string(),
        records: fc.array(fc.oneof(fc.jsonValue(), fc.constant(undefined)), { maxLength: 2500 }),
        diagnostics: fc.oneof(fc.array(fc.jsonValue()), fc.constant(undefined)),
      }),
      fc.nat(),
      fc.boolean(),
      (result, streamed, pretty) => {
        const count = streamed % (result.records.length + 1);
        expect(written(result, pretty, count).text).toBe(`${JSON.stringify(result, null, pretty ? 2 : undefined)}\n`);
      },
    ), { numRuns: 200 });
  });
});

describe('writeJsonStreamed', () => {
  const streamed = (value: unknown): string => {
    const chunks: string[] = [];
    writeJsonStreamed(value, (chunk) => chunks.push(chunk));
    return chunks.join('');
  };

  it('writes what JSON.stringify writes on arbitrary values, undefined, long arrays and deep nesting included', () => {
    const item = fc.oneof(fc.jsonValue(), fc.constant(undefined));
    fc.assert(fc.property(
      fc.oneof(
        fc.jsonValue({ maxDepth: 9 }),
        fc.dictionary(fc.string(), fc.oneof(item, fc.array(item, { maxLength: 2500 }))),
        fc.array(fc.dictionary(fc.string(), item), { maxLength: 1200 }),
        // sparse arrays: a hole is null, as JSON.stringify writes it
        fc.sparseArray(fc.jsonValue(), { maxLength: 40 }).map((holes) => ({ holes })),
      ),
      (value) => {
        expect(streamed(value)).toBe(JSON.stringify(value));
      },
    ), { numRuns: 200 });
  });

  it('walks what one string cannot hold: a slice, a deep value or a toJSON result too long is written piece by piece', () => {
    // a stringify that holds at most 300 characters, as the real one holds at most 2^29 - 24
    const limited = (value: unknown): string | undefined => {
      const text = JSON.stringify(value);
      if (text !== undefined && text.length > 300) throw new RangeError('Invalid string length');
      return text;
    };
    const streamedWith = (value: unknown): string => {
      const chunks: string[] = [];
      writeJsonStreamed(value, (chunk) => chunks.push(chunk), limited);
      return chunks.join('');
    };
    let deep: unknown = { evidence: Array.from({ length: 50 }, (_, i) => ({ line: i, text: 'x'.repeat(20) })) };
    for (let i = 0; i < 9; i++) deep = { inner: deep };
    const report = {
      findings: Array.from({ length: 1500 }, (_, i) => ({ id: i, evidence: Array.from({ length: i % 7 }, (_, k) => ({ line: k, text: 'y'.repeat(30) })) })),
      deep,
      dated: { toJSON: () => ({ list: Array.from({ length: 40 }, (_, i) => `item ${i}`) }) },
    };
    expect(() => limited(report)).toThrow(RangeError);
    expect(streamedWith(report)).toBe(JSON.stringify(report));
    fc.assert(fc.property(fc.array(fc.jsonValue({ maxDepth: 6 }), { maxLength: 1200 }), (value) => {
      expect(streamedWith(value)).toBe(JSON.stringify(value));
    }), { numRuns: 50 });
  });

  it('calls toJSON as JSON.stringify does: once, with the key, leaving out what it makes undefined', () => {
    const cases: Record<string, unknown> = {
      keyed: { a: { toJSON: (key: string) => `key ${key}` }, list: [{ toJSON: (key: string) => `index ${key}` }] },
      // deep, and longer than the stringify below holds: the fallback walks it
      twice: { a: { b: { c: { d: { e: { f: { g: { t: { toJSON: () => ({ toJSON: () => 'inner', pad: 'z'.repeat(250) }) } } } } } } } } },
      gone: { a: { toJSON: () => undefined }, b: 1, list: [{ toJSON: () => undefined }] },
      boxed: { s: new String('ab'), n: new Number(3), b: new Boolean(false) },
      longKeyed: Array.from({ length: 1500 }, (_, i) => (i % 500 === 0 ? { toJSON: (key: string) => `at ${key}` } : i)),
      top: { toJSON: () => ({ deep: [1, 2, 3] }) },
    };
    const limited = (value: unknown): string | undefined => {
      const text = JSON.stringify(value);
      if (text !== undefined && text.length > 300) throw new RangeError('Invalid string length');
      return text;
    };
    for (const [name, value] of Object.entries(cases)) {
      expect(streamed(value), name).toBe(JSON.stringify(value));
      const chunks: string[] = [];
      writeJsonStreamed(value, (chunk) => chunks.push(chunk), limited);
      expect(chunks.join(''), `${name}, 300 characters a string`).toBe(JSON.stringify(value));
    }
    // as JSON.stringify(undefined) gives nothing to write
    expect(streamed(undefined)).toBe('');
  });

  it('writes a diagnosis report as JSON.stringify does', () => {
    for (const capture of captures().slice(0, 40)) {
      const result = parse(capture.format, capture.text);
      const report = { netsift: '0', hosts: [{ name: 'h', sections: [{ command: null, records: result.records }] }], findings: [], diagnostics: result.diagnostics };
      expect(streamed(report), capture.file).toBe(JSON.stringify(report));
    }
  });
});
