// Every corpus capture parses to its reviewed expected records and diagnostics; lab captures,
// made by the real tools, parse with no diagnostic at all and every line read. Every span, of a
// record or of a diagnostic, is the exact source substring it points at.
import { describe, expect, it } from 'vitest';
import { captures, readExpected } from './support/corpus';
import { inexactSpans } from './support/format-properties';
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
      expect(inexactSpans(capture.text, result)).toEqual([]);
      // `2>&1` captures interleave stderr (iptables-nft's warning lands inside a rule line): their
      // diagnostics are real and asserted by the expected file; every other lab capture has none
      if (capture.origin === 'lab' && !capture.file.includes('2%3E%261')) expect(result.diagnostics).toEqual([]);
    });
  }
});

describe('parse() passes what the command told to the format', () => {
  it('ip neigh show dev flannel.1: the device; iptables -t nat -L KUBE-NODEPORTS: table and chain', () => {
    const neigh = parse('ip-neigh', '10.244.1.0 lladdr 76:50:75:23:dd:f8 PERMANENT\n', { dev: 'flannel.1' });
    expect(neigh.records).toMatchObject([{ dst: '10.244.1.0', dev: 'flannel.1' }]);
    const list = parse('iptables-list', 'KUBE-MARK-MASQ  tcp  --  anywhere             anywhere             tcp dpt:30038\n', { table: 'nat', chain: 'KUBE-NODEPORTS' });
    expect(list.records).toMatchObject([{ type: 'rule', table: 'nat', chain: 'KUBE-NODEPORTS', position: 1 }]);
    expect(list.diagnostics).toEqual([]);
  });
});
