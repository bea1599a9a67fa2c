// The properties every grammar must have (STYLE.md): print/parse round-trip, flattened pastes
// read like the originals, any string never throws, junk lines cost no valid record, and the
// shape cache gives exactly what the Earley parser gives.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Parsed } from '../../src/formats/format';

export interface FormatPropertiesOptions<R> {
  /** Arbitrary lists of records the tool could print (spans are ignored). */
  records: fc.Arbitrary<R[]>;
  print(records: readonly R[]): string;
  parse(text: string): Parsed<R>;
  /** The same parse with the shape cache off. */
  parseWithoutCache(text: string): Parsed<R>;
  /** Whether flattened pastes are read (line breaks collapsed to spaces). Default true. */
  flattens?: boolean;
  /** Lines that are not the tool's output; mixed between lines of real output. */
  junkLines?: fc.Arbitrary<string>;
  /**
   * Where junk may go among the printed lines (indexes to insert before); default: after the first
   * line, anywhere. etcdctl's simple layout prints a key and then its value, which may take any
   * number of lines: junk there would be read as part of the value.
   */
  junkAt?: (lines: readonly string[]) => number[];
  runs?: number;
}

/** Drops spans (deeply) so records read from different layouts of the same text compare equal. */
export function withoutSpans<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutSpans) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (key !== 'span' && !key.endsWith('Span')) out[key] = withoutSpans(item);
    return out as T;
  }
  return value;
}

/** A paste whose line breaks were lost: every run of line breaks becomes one space. */
export function flatten(text: string): string {
  return text.replace(/\r?\n/g, ' ').trim();
}

/** Every span (offset, length) found anywhere in a value. */
function spansIn(value: unknown, out: [number, number][] = []): [number, number][] {
  if (Array.isArray(value)) for (const item of value) spansIn(item, out);
  else if (value !== null && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.offset === 'number' && typeof v.length === 'number' && typeof v.text === 'string') out.push([v.offset, v.length]);
    else for (const item of Object.values(v)) spansIn(item, out);
  }
  return out;
}

/**
 * Every span anywhere in the records and diagnostics whose text is not the source substring it
 * points at (`text.slice(offset, offset + length)`), with where it was found: [] when all are exact.
 */
export function inexactSpans(text: string, parsed: Pick<Parsed<unknown>, 'records' | 'diagnostics'>): string[] {
  const out: string[] = [];
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) value.forEach((item, i) => visit(item, `${path}[${i}]`));
    else if (value !== null && typeof value === 'object') {
      const v = value as Record<string, unknown>;
      if (typeof v.offset === 'number' && typeof v.length === 'number' && typeof v.text === 'string') {
        const source = text.slice(v.offset, v.offset + v.length);
        if (source !== v.text) out.push(`${path}: ${JSON.stringify(v.text)} where the source is ${JSON.stringify(source)}`);
      } else for (const [key, item] of Object.entries(v)) visit(item, `${path}.${key}`);
    }
  };
  visit(parsed.records, 'records');
  visit(parsed.diagnostics, 'diagnostics');
  return out;
}

/**
 * The first non-blank character of `text` (within [from, to)) that no record span and no
 * diagnostic span covers, or -1. Title and header lines a format consumes are in neither, so
 * callers check the stretches where only records or junk can be.
 */
export function firstUnaccounted(text: string, parsed: Parsed<unknown>, from = 0, to = text.length): number {
  const covered = new Uint8Array(text.length);
  for (const [offset, length] of [...spansIn(parsed.records), ...spansIn(parsed.diagnostics)]) covered.fill(1, offset, offset + length);
  for (let i = from; i < to; i++) if (!covered[i] && !/\s/.test(text[i] as string)) return i;
  return -1;
}

function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}

const DEFAULT_JUNK = fc.oneof(
  fc.constantFrom('', '   ', '###看这里', '----问题节点----', '[root@host188 ~]#', '...', '【解析】: 路由缺失', 'hello world'),
  fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ' ')),
);

export function formatProperties<R>(options: FormatPropertiesOptions<R>): void {
  const runs = options.runs ?? 100;
  it('parse(print(records)) gives the records back, with no diagnostic', () => {
    fc.assert(
      fc.property(options.records, (records) => {
        const text = options.print(records);
        const parsed = options.parse(text);
        expect(parsed.diagnostics).toEqual([]);
        expect(withoutSpans(parsed.records)).toEqual(withoutSpans(records));
        expect(inexactSpans(text, parsed)).toEqual([]);
      }),
      { numRuns: runs },
    );
  });

  if (options.flattens !== false) {
    it('a flattened paste reads like the original', () => {
      fc.assert(
        fc.property(options.records, (records) => {
          const text = flatten(options.print(records));
          const parsed = options.parse(text);
          expect(withoutSpans(parsed.records)).toEqual(withoutSpans(records));
          expect(inexactSpans(text, parsed)).toEqual([]);
        }),
        { numRuns: runs },
      );
    });
  }

  it('the shape cache gives what the grammar gives', () => {
    fc.assert(
      fc.property(options.records, (records) => {
        const text = options.print(records);
        expect(options.parse(text)).toEqual(options.parseWithoutCache(text));
      }),
      { numRuns: runs },
    );
  });

  it('never throws, on any string or binary junk', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 })), (text) => {
        const parsed = options.parse(text);
        expect(Array.isArray(parsed.records)).toBe(true);
        // nothing read is silently dropped: every character lands in a record or a diagnostic
        // (a JSON array is ip -j's structure, consumed like a header: "[]" is an empty table)
        const lost = isJsonArray(text) ? -1 : firstUnaccounted(text, parsed);
        expect(lost, `character ${lost} (${JSON.stringify(text.slice(lost, lost + 20))}) is in no span`).toBe(-1);
        // every span of a record or a diagnostic is the exact source substring it points at
        expect(inexactSpans(text, parsed)).toEqual([]);
      }),
      { numRuns: runs * 3 },
    );
  });

  it('junk lines mixed into real output cost no valid record and are reported', () => {
    fc.assert(
      fc.property(options.records, fc.array(options.junkLines ?? DEFAULT_JUNK, { minLength: 1, maxLength: 4 }), fc.nat(), (records, junk, seed) => {
        const lines = options.print(records).split('\n');
        const places = options.junkAt?.(lines) ?? [];
        const at = options.junkAt ? (places.length > 0 ? (places[seed % places.length] as number) : lines.length) : lines.length > 1 ? 1 + (seed % (lines.length - 1)) : 0;
        // junk is text that reads as no record on its own ("0/0" is a real ip route line, not junk)
        const clean = junk.filter((j) => j.trim() !== '' && options.parse(j).records.length === 0);
        lines.splice(at, 0, ...clean);
        const text = lines.join('\n');
        const parsed = options.parse(text);
        expect(withoutSpans(parsed.records)).toEqual(withoutSpans(records));
        expect(inexactSpans(text, parsed)).toEqual([]);
        const junkFrom = lines.slice(0, at).join('\n').length;
        const junkTo = junkFrom + clean.join('\n').length + 1;
        const lost = firstUnaccounted(text, parsed, junkFrom, Math.min(text.length, junkTo));
        expect(lost, `character ${lost} (${JSON.stringify(text.slice(lost, lost + 20))}) is in no span`).toBe(-1);
        // every junk line shows up in some diagnostic's text
        for (const j of clean) {
          const trimmed = j.trim();
          const hit = parsed.diagnostics.some((d) => d.span.text.includes(trimmed.split(/\s+/)[0] ?? trimmed));
          expect(hit, `junk line ${JSON.stringify(j)} not reported`).toBe(true);
        }
      }),
      { numRuns: runs },
    );
  });
}
