// Every corpus capture parses to its reviewed expected records and diagnostics; lab captures,
// made by the real tools, parse with no diagnostic at all and every line read.
import { describe, expect, it } from 'vitest';
import { captures, readExpected } from './support/corpus';
import { parse, getFormat } from '../src/formats/registry';

describe('corpus', () => {
  const all = captures().filter((capture) => getFormat(capture.format));
  it('has captures of registered formats', () => {
    expect(all.length).toBeGreaterThan(0);
  });
  for (const capture of all) {
    it(`${capture.file} parses to its expected records`, () => {
      const result = parse(capture.format, capture.text);
      const expected = readExpected(capture);
      expect(expected, `missing ${capture.expectedFile} (npx tsx scripts/update-expected.ts ${capture.format})`).toBeDefined();
      expect(result).toEqual(expected);
      // `2>&1` captures interleave stderr (iptables-nft's warning lands inside a rule line): their
      // diagnostics are real and asserted by the expected file; every other lab capture has none
      if (capture.origin === 'lab' && !capture.file.includes('2%3E%261')) expect(result.diagnostics).toEqual([]);
    });
  }
});
