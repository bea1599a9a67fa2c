// The engine's fast path reuses a line's tokenization for every line with the same skeleton
// (digits and hex letters of numeric fields abstracted). That is sound only if each lexer gives
// the same token types at the same offsets for every line of a skeleton: checked here on every
// line of the corpus, and on corpus lines whose numbers and hex digits are changed at random.
import fc from 'fast-check';
import type { Lexer } from 'moo';
import { describe, expect, it } from 'vitest';
import { lineSkeleton } from '../src/formats/engine/unit-reader';
import { lexer as routeN } from '../src/formats/route-n/lexer';
import { lexer as ipRoute } from '../src/formats/ip-route/lexer';
import { lexer as ipAddr } from '../src/formats/ip-addr/lexer';
import { lexer as ipLink } from '../src/formats/ip-link/lexer';
import { lexer as ipRule } from '../src/formats/ip-rule/lexer';
import { lexer as ipNeigh } from '../src/formats/ip-neigh/lexer';
import { lexer as bridgeFdb } from '../src/formats/bridge-fdb/lexer';
import { lexer as ifconfig } from '../src/formats/ifconfig/lexer';
import { lexer as flannelLog } from '../src/formats/flannel-log/lexer';
import { lexer as iptablesList } from '../src/formats/iptables-list/lexer';
import { lexer as iptablesSave } from '../src/formats/iptables-save/lexer';
import { lexer as iptablesListRules } from '../src/formats/iptables-list-rules/lexer';
import { lexer as nftRuleset } from '../src/formats/nft-ruleset/lexer';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { captures, ROOT } from './support/corpus';

const LEXERS: Record<string, Lexer> = {
  'route-n': routeN, 'ip-route': ipRoute, 'ip-addr': ipAddr, 'ip-link': ipLink,
  'ip-rule': ipRule, 'ip-neigh': ipNeigh, 'bridge-fdb': bridgeFdb, ifconfig, 'flannel-log': flannelLog,
  'iptables-list': iptablesList, 'iptables-save': iptablesSave, 'iptables-list-rules': iptablesListRules,
  'nft-ruleset': nftRuleset,
};

/** Token types and offsets, whitespace excluded: what the fast path caches. */
function layout(lexer: Lexer, line: string): string {
  lexer.reset(line);
  const parts: string[] = [];
  for (let token = lexer.next(); token; token = lexer.next()) {
    if (token.type !== 'ws') parts.push(`${token.type}@${token.offset}+${token.text.length}`);
  }
  return parts.join(' ');
}

/** Lines of the corpus and of the synthetic fixtures of a format (flannel has no lab: no flanneld here). */
function corpusLines(format: string): string[] {
  const lines = new Set<string>();
  const fixtures = join(ROOT, 'test', 'fixtures', format);
  const texts = existsSync(fixtures)
    ? readdirSync(fixtures).filter((name) => name.endsWith('.txt')).map((name) => ({ text: readFileSync(join(fixtures, name), 'utf8') }))
    : [];
  for (const capture of [...captures(format), ...texts]) {
    if (capture.text.trimStart().startsWith('[') || capture.text.trimStart().startsWith('{')) continue;
    for (const line of capture.text.split('\n')) if (line.trim() !== '') lines.add(line.replace(/\r$/, ''));
  }
  return [...lines];
}

const DIGITS = '0123456789';
const LOWER = 'abcdef';
const UPPER = 'ABCDEF';

/** Whether position i of a line is abstracted by the skeleton (a digit or hex letter of a numeric field). */
function isAbstracted(line: string, i: number): boolean {
  const c = line[i] as string;
  const other = /\d/.test(c) ? (c === '1' ? '2' : '1') : /[a-f]/.test(c) ? (c === 'b' ? 'c' : 'b') : /[A-F]/.test(c) ? (c === 'B' ? 'C' : 'B') : null;
  if (other === null) return false;
  return lineSkeleton(line.slice(0, i) + other + line.slice(i + 1))[i] === lineSkeleton(line)[i];
}

/** Changes digits and hex letters inside numeric fields at random: the line keeps its skeleton. */
function mutate(line: string, seed: number[]): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    const pick = seed[i % seed.length] as number;
    if (!isAbstracted(line, i)) out += c;
    else if (/\d/.test(c)) out += DIGITS[1 + (pick % 9)];
    else if (/[a-f]/.test(c)) out += LOWER[pick % 6];
    else out += UPPER[pick % 6];
  }
  return out;
}

describe('fast path: one skeleton, one tokenization', () => {
  for (const [format, lexer] of Object.entries(LEXERS)) {
    const lines = corpusLines(format);
    it(`${format}: every corpus line of a skeleton lexes alike (${lines.length} distinct lines)`, () => {
      expect(lines.length).toBeGreaterThan(20);
      const seen = new Map<string, { line: string; layout: string }>();
      for (const line of lines) {
        const skeleton = lineSkeleton(line);
        const mine = layout(lexer, line);
        const first = seen.get(skeleton);
        if (first) expect(mine, `${JSON.stringify(first.line)} vs ${JSON.stringify(line)}`).toBe(first.layout);
        else seen.set(skeleton, { line, layout: mine });
      }
    });
    it(`${format}: corpus lines with their numbers changed keep skeleton and tokenization`, () => {
      if (lines.length === 0) return;
      fc.assert(
        fc.property(fc.nat(lines.length - 1), fc.array(fc.nat(), { minLength: 1, maxLength: 16 }), (index, seed) => {
          const line = lines[index] as string;
          const changed = mutate(line, seed);
          expect(lineSkeleton(changed)).toBe(lineSkeleton(line));
          expect(layout(lexer, changed)).toBe(layout(lexer, line));
        }),
        { numRuns: 300 },
      );
    });
  }
});
