// A line longer than MAX_LINE_LENGTH never reaches a lexer: one line-too-long diagnostic spans it,
// and the lines around it are read as if it were not there. moo's regular expressions overflowed
// V8's regexp stack on one line of some 8,388,600 characters, and the named parsers threw RangeError
// (shorter lines are lexed in windows: src/formats/engine/lex.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/core';
import { FORMAT_IDS } from '../src/formats/format';
import { parse } from '../src/formats/registry';
import { MAX_LINE_LENGTH, parseBridgeFdb, parseIpNeigh, parseIpRoute, parseIpRule, parseIptablesListRules, parseIptablesSave, parseSysctl } from '../src/index';
import { captures, ROOT } from './support/corpus';

// just above where moo's regexp stack overflowed, for each character that did it
const OVERFLOWED = 8_400_000;

function tooLong(text: string, offset: number, length: number, line: number): Diagnostic {
  return {
    code: 'line-too-long', severity: 'error',
    message: `This line is ${length} characters long, more than the ${MAX_LINE_LENGTH} netsift reads in one line; it was not read.`,
    span: { line, column: 1, offset, length, text: text.slice(offset, offset + length) },
    expected: [`a line of at most ${MAX_LINE_LENGTH} characters`],
  };
}

describe('a line longer than netsift reads', () => {
  const cases = {
    parseIptablesSave: [parseIptablesSave, 'a'], parseIptablesListRules: [parseIptablesListRules, '#'], parseIpRoute: [parseIpRoute, ' '],
    parseIpRule: [parseIpRule, ' '], parseIpNeigh: [parseIpNeigh, '\t'], parseBridgeFdb: [parseBridgeFdb, ' '], parseSysctl: [parseSysctl, 'a'],
  } as const;
  for (const [name, [parser, char]] of Object.entries(cases)) {
    it(`${name}: ${OVERFLOWED} × ${JSON.stringify(char)} is one diagnostic over the line`, () => {
      const long = char.repeat(OVERFLOWED);
      const text = `${long}\n`;
      expect(parser(text)).toEqual({ format: expect.any(String), records: [], diagnostics: [tooLong(text, 0, OVERFLOWED, 1)] });
    });
  }

  it('is the bound: a line of MAX_LINE_LENGTH characters is read, one more is not', () => {
    const line = '10.0.0.0/24 dev eth0 ';
    const atBound = line + ' '.repeat(MAX_LINE_LENGTH - line.length);
    const read = parseIpRoute(`${atBound}\n`);
    expect(read.records).toHaveLength(1);
    expect(read.diagnostics).toEqual([]);
    const over = `${atBound} \n`;
    expect(parseIpRoute(over).diagnostics).toEqual([tooLong(over, 0, MAX_LINE_LENGTH + 1, 1)]);
  });

  // one capture per format (the smallest), with the long line after it: the capture's parse is unchanged
  const samples = new Map<string, string>();
  for (const capture of captures().sort((a, b) => a.text.length - b.text.length)) {
    if (!samples.has(capture.format)) samples.set(capture.format, capture.text);
  }
  const fixture = (path: string): string => readFileSync(join(ROOT, 'test/fixtures', path), 'utf8');
  samples.set('flannel-log', fixture('flannel-log/events.txt'));
  samples.set('kubectl-get', fixture('kubectl-get/svc-prometheus.txt'));
  samples.set('etcdctl-get', fixture('etcdctl-get/subnets.txt'));
  samples.set('ipvsadm', fixture('ipvsadm/list.txt'));
  samples.set('flannel-subnet-env', 'FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n');

  it('has a sample of every format', () => {
    expect([...samples.keys()].sort()).toEqual([...FORMAT_IDS].sort());
  });
  for (const format of FORMAT_IDS) {
    it(`${format}: a long line after a capture leaves its parse as it was, and is reported`, () => {
      const sample = samples.get(format) as string;
      const base = sample.endsWith('\n') ? sample : `${sample}\n`;
      const text = `${base}${'a'.repeat(OVERFLOWED)}\n`;
      const lines = base.split('\n').length;
      const alone = parse(format, base);
      const withLong = parse(format, text);
      if (format === 'etcdctl-get') {
        // a value runs until the next key: the long line is the last value's, which no longer reads as a lease
        expect(withLong.records).toEqual(alone.records.slice(0, -1));
        const last = alone.records.at(-1) as { span: { offset: number } };
        expect(withLong.diagnostics.map((d) => [d.code, d.span.offset, d.span.offset + d.span.length]))
          .toEqual([['invalid-json', last.span.offset, text.length - 1]]);
        return;
      }
      expect(withLong.records).toEqual(alone.records);
      expect(withLong.diagnostics).toEqual([...alone.diagnostics, tooLong(text, base.length, OVERFLOWED, lines)]);
    });
  }
});
