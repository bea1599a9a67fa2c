// Diagnosis never throws and never reports a rule failure, whatever the input: arbitrary text,
// the lab's transcripts with lines dropped, shuffled or cut short (a user pastes any subset), and
// traces to any address. Missing data gives "insufficient information", not a crash.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { trace } from '../src/analyze/trace';
import { ingest } from '../src/ingest';
import { diagnose } from '../src/report';
import { PackedRule } from '../src/model';
import { Disposition } from '../src/analyze/trace/schema';

const ROOT = join(__dirname, '../corpus/incidents');
const transcripts = readdirSync(ROOT).filter((s) => existsSync(join(ROOT, s, 'transcript.txt'))).map((s) => readFileSync(join(ROOT, s, 'transcript.txt'), 'utf8'));

const internal = (text: string) => {
  const { report, model } = diagnose(ingest(text), { traceCurls: true });
  expect(report.diagnostics.filter((d) => d.code === 'internal').map((d) => d.message)).toEqual([]);
  return { report, model };
};

describe('diagnose on any input', () => {
  it('has transcripts to mutate', () => {
    expect(transcripts.length).toBeGreaterThanOrEqual(10);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => {
      internal(text);
    }), { numRuns: 200 });
  });

  it('never throws on any subset of a lab transcript, in any order, cut anywhere', () => {
    fc.assert(fc.property(
      fc.constantFrom(...transcripts), fc.array(fc.nat(), { maxLength: 60 }), fc.nat(), fc.boolean(),
      (text, picks, cut, flatten) => {
        const lines = text.split('\n');
        const subset = picks.map((p) => lines[p % lines.length] ?? '');
        let mutated = subset.join('\n').slice(0, cut % 4000);
        if (flatten) mutated = mutated.replace(/\n/g, ' ');
        const { report, model } = internal(mutated);
        for (const f of report.findings) expect(['error', 'warning', 'info']).toContain(f.severity);
        for (const host of model.cluster.nodes.keys()) {
          const result = trace(model, { from: host, to: '10.244.1.5:80' });
          for (const b of result.branches) expect(Disposition.options).toContain(b.disposition);
        }
      },
    ), { numRuns: 60 });
  });

  it('finds the same with iptables-save rules packed, on any lab transcript with lines dropped', () => {
    const withSave = transcripts.filter((text) => text.includes('iptables-save'));
    expect(withSave.length).toBeGreaterThanOrEqual(3);
    let packedRuns = 0;
    fc.assert(fc.property(
      fc.constantFrom(...withSave), fc.array(fc.nat(), { maxLength: 40 }), fc.boolean(),
      (text, drops, flatten) => {
        const lines = text.split('\n');
        const dropped = new Set(drops.map((d) => d % lines.length));
        const kept = lines.filter((_, index) => !dropped.has(index)).join(flatten ? ' ' : '\n');
        const bundle = ingest(kept);
        const packed = diagnose(bundle, { records: 'used' });
        const plain = diagnose(bundle, { records: 'used', packRules: false }).report;
        expect(JSON.stringify(packed.report.findings)).toBe(JSON.stringify(plain.findings));
        expect(JSON.stringify(packed.report.traces)).toBe(JSON.stringify(plain.traces));
        expect(JSON.stringify(packed.report.diagnostics)).toBe(JSON.stringify(plain.diagnostics));
        const rules = [...packed.model.nodes.values()].flatMap((node) => [...(node.netfilter?.rules.tables.values() ?? [])])
          .flatMap((chains) => [...chains.values()]).flatMap((chain) => chain.rules);
        if (rules.some((rule) => rule instanceof PackedRule)) packedRuns++;
      },
    ), { numRuns: 40 });
    expect(packedRuns).toBeGreaterThan(10);
  });

  it('traces to any address from outside without throwing', () => {
    const { model } = internal(transcripts[0] ?? '');
    fc.assert(fc.property(fc.ipV4(), fc.option(fc.integer({ min: 0, max: 70000 })), (ip, port) => {
      const result = trace(model, { to: port === null ? ip : `${ip}:${port}` });
      expect(result.branches.length).toBeGreaterThan(0);
    }), { numRuns: 200 });
  });
});
