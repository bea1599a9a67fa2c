// The text and Markdown reports diagnose with iptables-save's rules packed
// (src/formats/shared/iptables/packed.ts) and without the listings iptables-save holds (but for
// their leading warnings): they must find what the same diagnosis finds from the rule records, and
// what the JSON report finds, every finding and every trace, evidence included, for every lab incident.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trace } from '../src/analyze/trace';
import { buildModel, PackedRule } from '../src/model';
import { ingestPath } from '../src/node';
import { diagnose } from '../src/report';
import { ingest } from '../src/ingest';

const ROOT = join(__dirname, '../corpus/incidents');
const scenarios = readdirSync(ROOT).filter((name) => existsSync(join(ROOT, name, 'sos'))).sort();

describe('the text report finds what the JSON report finds, on pasted transcripts', () => {
  const pastes = readdirSync(ROOT).sort().flatMap((scenario) => ['transcript.txt', 'flattened.txt']
    .filter((file) => existsSync(join(ROOT, scenario, file))).map((file) => [scenario, file] as const));

  it('has pastes to check', () => {
    expect(pastes.length).toBeGreaterThan(20);
  });

  for (const [scenario, file] of pastes) {
    it(`${scenario}/${file}`, () => {
      const bundle = ingest({ name: file, text: readFileSync(join(ROOT, scenario, file), 'utf8') });
      const json = diagnose(bundle, { records: 'all' }).report;
      const text = diagnose(bundle, { records: 'used' }).report;
      expect(JSON.stringify(text.findings)).toBe(JSON.stringify(json.findings));
      expect(JSON.stringify(text.traces)).toBe(JSON.stringify(json.traces));
    });
  }
});

describe('packed rules find what rule records find', () => {
  it('has incidents with sos reports to check', () => {
    expect(scenarios.length).toBeGreaterThan(10);
  });

  for (const scenario of scenarios) {
    it(scenario, async () => {
      const sos = join(ROOT, scenario, 'sos');
      const paths = readdirSync(sos).filter((name) => !name.includes('.tar')).sort().map((name) => join(sos, name));
      const bundle = await ingestPath(paths, { skipRedundant: true });
      const all = diagnose(bundle, { records: 'used', packRules: false });
      const used = diagnose(bundle, { records: 'used' });
      expect(JSON.stringify(used.report.findings)).toBe(JSON.stringify(all.report.findings));
      expect(JSON.stringify(used.report.traces)).toBe(JSON.stringify(all.report.traces));
      // the packed rules are the ones the findings were made from
      const packed = [...used.model.nodes.values()].flatMap((node) => [...(node.netfilter?.rules.tables.values() ?? [])])
        .flatMap((chains) => [...chains.values()]).flatMap((chain) => chain.rules).filter((rule) => rule instanceof PackedRule);
      const saves = [...all.model.nodes.values()].some((node) => [...(node.netfilter?.tables.values() ?? [])].some((source) => source.section.format === 'iptables-save'));
      expect(packed.length > 0).toBe(saves);
      // and what the JSON report finds (every listing parsed, nothing packed) is what the text report finds
      const json = diagnose(await ingestPath(paths), { records: 'all' }).report;
      expect(JSON.stringify(used.report.findings)).toBe(JSON.stringify(json.findings));
      expect(JSON.stringify(used.report.traces)).toBe(JSON.stringify(json.traces));
      // netsift trace (redundant listings left unread, iptables-save's rules packed) against every
      // listing read into records: the traces the scenario names
      const expected = JSON.parse(readFileSync(join(ROOT, scenario, 'expected.json'), 'utf8')) as { traces?: { from: string; to: string }[] };
      const plainModel = buildModel(await ingestPath(paths));
      const packedModel = buildModel(bundle, { skipRedundant: true, packRules: true });
      for (const query of expected.traces ?? []) {
        const asked = { to: query.to, ...(query.from === 'external' ? {} : { from: query.from }) };
        expect(JSON.stringify(trace(packedModel, asked)), `${scenario} ${query.to}`).toBe(JSON.stringify(trace(plainModel, asked)));
      }
    });
  }
});
