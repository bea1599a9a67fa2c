// Every lab incident on another IP plan: its transcript (and the synthetic flannel logs beside it)
// with the cluster network and the underlay moved — the second octet of each changed to one the
// text does not use, same number of digits, so spans compare — must be diagnosed exactly as the
// original, renumbered the same way. The plans come from each incident's manifest.json.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingest, type TranscriptInput } from '../src/ingest';
import { diagnose } from '../src/report';

const ROOT = join(__dirname, '../corpus/incidents');
const FIXTURES = join(__dirname, 'fixtures/incidents');

const scenarios = readdirSync(ROOT).filter((name) => existsSync(join(ROOT, name, 'manifest.json')) && existsSync(join(ROOT, name, 'transcript.txt'))).sort();

/** The transcript and the fixtures of a scenario, as incidents.test.ts reads them. */
function inputs(scenario: string): TranscriptInput[] {
  const out: TranscriptInput[] = [{ name: 'transcript.txt', text: readFileSync(join(ROOT, scenario, 'transcript.txt'), 'utf8') }];
  const dir = join(FIXTURES, scenario);
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (!statSync(path).isDirectory()) continue;
    for (const file of readdirSync(path).sort()) {
      const text = readFileSync(join(path, file), 'utf8');
      out.push(entry === 'kubectl' ? { name: `${entry}/${file}`, text } : { name: `${entry}/${file}`, text, host: entry });
    }
  }
  return out;
}

/** "10.52.0.0/16" → "10.52.": the first two octets a plan's addresses start with. */
const firstTwo = (cidr: string): string => `${cidr.split('.').slice(0, 2).join('.')}.`;

/** Every dotted quad starting with one of `moves`' keys, moved to its value (whole addresses only). */
function renumber(text: string, moves: Map<string, string>): string {
  return text.replace(/(?<!\d\.?)(\d{1,3}\.\d{1,3}\.)(?=\d{1,3}\.\d)/g, (prefix) => moves.get(prefix) ?? prefix);
}

const reportOf = (list: TranscriptInput[]) => JSON.stringify(diagnose(ingest(list), { traceCurls: true }).report);
// ids hash what a finding is about: they move with the addresses, so they are compared apart
const withoutIds = (json: string) => json.replace(/"(id|causes)":("[^"]*"|\[[^\]]*\])/g, '"$1":…');

describe.each(scenarios)('incident %s on another IP plan', (scenario) => {
  const plan = (JSON.parse(readFileSync(join(ROOT, scenario, 'manifest.json'), 'utf8')) as { ipPlan: { clusterNetwork: string; underlay: string } }).ipPlan;
  const original = inputs(scenario);
  const everything = original.map((input) => input.text).join('\n');
  const prefixes = [firstTwo(plan.clusterNetwork), firstTwo(plan.underlay)].filter((p, i, all) => all.indexOf(p) === i);
  // a second octet of as many digits as the original's, that no address of the input starts with
  const replacement = (prefix: string): fc.Arbitrary<string> => {
    const [first, second] = prefix.split('.') as [string, string];
    const low = second.length === 1 ? 0 : 10 ** (second.length - 1);
    return fc.integer({ min: low, max: Math.min(255, 10 ** second.length - 1) })
      .map((value) => `${first}.${value}.`)
      .filter((moved) => moved === prefix || !everything.includes(moved));
  };
  const expected = reportOf(original);

  it(`gives the same diagnosis with ${prefixes.join(' and ')} moved`, () => {
    fc.assert(fc.property(fc.tuple(...prefixes.map(replacement)), (moved) => {
      if (new Set(moved).size < moved.length) return;
      const moves = new Map(prefixes.map((prefix, i) => [prefix, moved[i] as string]));
      // the plan's addresses are in the input, and moved: the comparison is about them
      if (moved.some((m, i) => m !== prefixes[i])) expect(renumber(expected, moves)).not.toBe(expected);
      const report = reportOf(original.map((input) => ({ ...input, text: renumber(input.text, moves) })));
      expect(withoutIds(report)).toBe(withoutIds(renumber(expected, moves)));
    }), { numRuns: 4 });
  });
});
