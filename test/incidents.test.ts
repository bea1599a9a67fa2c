// The lab's incidents (corpus/incidents/<scenario>: real captures made in network namespaces by
// corpus/lab/incidents/*.sh, flannel logs as synthetic fixtures in test/fixtures/incidents) diagnosed
// from each of their shapes: sos report directories, their tarballs, a transcript and a flattened
// paste. Each must give the findings and traces its expected.json names, and nothing it forbids.
// A scenario is checked once every rule its expected.json names exists; until then it is a todo.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../src/analyze/rules';
import { trace } from '../src/analyze/trace';
import type { Bundle } from '../src/core';
import { ingest } from '../src/ingest';
import type { TranscriptInput } from '../src/ingest';
import { ingestPath } from '../src/node';
import { diagnose, type Report } from '../src/report';

const ROOT = join(__dirname, '../corpus/incidents');
const FIXTURES = join(__dirname, 'fixtures/incidents');

interface ExpectedFinding {
  rule: string;
  host?: string;
  role?: string;
  severity?: string;
  objects?: Record<string, string[]>;
  /** Only these shapes show the evidence (a transcript may not run the command that shows it). */
  shapes?: ('sos' | 'transcript' | 'flattened')[];
}
interface Expected {
  healthy: boolean;
  findings: ExpectedFinding[];
  mustNotFire?: { rule: string; host?: string; severity?: string }[];
  traces?: { from: string; to: string; disposition: string; at: string; shapes?: string[] }[];
}

const known = new Set(rules.map((rule) => rule.meta.id));
const scenarios = existsSync(ROOT)
  ? readdirSync(ROOT).filter((name) => name !== 'seed' && existsSync(join(ROOT, name, 'expected.json'))).sort()
  : [];

/** The synthetic flannel logs and kubectl outputs of a scenario: a directory per host, "kubectl" for the cluster. */
function fixtures(scenario: string): TranscriptInput[] {
  const dir = join(FIXTURES, scenario);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((entry) => {
    const path = join(dir, entry);
    if (!statSync(path).isDirectory()) return [];
    return readdirSync(path).sort().map((file) => {
      const text = readFileSync(join(path, file), 'utf8');
      return entry === 'kubectl' ? { name: `${entry}/${file}`, text } : { name: `${entry}/${file}`, text, host: entry };
    });
  });
}

function merge(a: Bundle, b: Bundle): Bundle {
  const hosts = [...a.hosts.map((h) => ({ name: h.name, sections: [...h.sections] }))];
  for (const host of b.hosts) {
    const existing = hosts.find((h) => h.name === host.name);
    if (existing) existing.sections.push(...host.sections);
    else hosts.push({ name: host.name, sections: [...host.sections] });
  }
  return { hosts, cluster: [...a.cluster, ...b.cluster], unattributed: [...a.unattributed, ...b.unattributed], notes: [...a.notes, ...b.notes], diagnostics: [...a.diagnostics, ...b.diagnostics] };
}

async function shapes(scenario: string): Promise<Record<string, () => Promise<Bundle>>> {
  const dir = join(ROOT, scenario);
  const sos = join(dir, 'sos');
  const reports = existsSync(sos) ? readdirSync(sos).sort() : [];
  const extra = ingest(fixtures(scenario));
  const text = (file: string) => async () => merge(ingest({ name: file, text: readFileSync(join(dir, file), 'utf8') }), extra);
  return {
    'sos directories': async () => merge(await ingestPath(reports.filter((r) => !r.includes('.tar')).map((r) => join(sos, r))), extra),
    'sos tarballs': async () => merge(await ingestPath(reports.filter((r) => r.endsWith('.tar.xz')).map((r) => join(sos, r))), extra),
    transcript: text('transcript.txt'),
    flattened: text('flattened.txt'),
    // the transcript as one paste per node, named after it, its prompts naming no host: what
    // `netsift diagnose pastes/*.txt` reads when each node's output was saved to its own file
    'per-host pastes': async () => {
      const transcript = ingest({ name: 'transcript.txt', text: readFileSync(join(dir, 'transcript.txt'), 'utf8') });
      const paste = (sections: readonly Bundle['cluster'][number][]): string =>
        sections.map((s) => `${s.command === null ? '' : `$ ${s.command}\n`}${s.text.endsWith('\n') ? s.text : `${s.text}\n`}`).join('');
      const files = transcript.hosts.map((host) => ({ name: `pastes/${host.name}.txt`, text: paste(host.sections) }));
      if (transcript.cluster.length > 0) files.push({ name: 'pastes/cluster.txt', text: paste(transcript.cluster) });
      return merge(ingest(files), extra);
    },
  };
}

type ReportFinding = Report['findings'][number];

/** Scenarios whose hosts are plain words (alpha, bravo): as per-host pastes their file names name no node. */
const PLAIN_NAMES = new Set(['healthy']);

function fits(f: ReportFinding, expected: ExpectedFinding): boolean {
  return f.rule === expected.rule
    && (expected.host === undefined || f.host === expected.host)
    && (expected.role === undefined || f.role === expected.role)
    && (expected.severity === undefined || f.severity === expected.severity)
    && Object.entries(expected.objects ?? {}).every(([key, values]) => values.every((v) => (f.objects as Record<string, string[]>)[key]?.includes(v)));
}

/**
 * Each expected finding takes a finding of its own (two expectations of one rule and host need two
 * findings); the most specific expectations choose first. The findings no expectation took are left.
 */
function take(report: Report, expected: readonly ExpectedFinding[]): { missing: ExpectedFinding[]; left: ReportFinding[] } {
  const left = [...report.findings];
  const missing: ExpectedFinding[] = [];
  const specificity = (e: ExpectedFinding): number => Object.values(e.objects ?? {}).flat().length + (e.host === undefined ? 0 : 1) + (e.role === undefined ? 0 : 1) + (e.severity === undefined ? 0 : 1);
  for (const e of [...expected].sort((a, b) => specificity(b) - specificity(a))) {
    const index = left.findIndex((f) => fits(f, e));
    if (index === -1) missing.push(e);
    else left.splice(index, 1);
  }
  return { missing, left };
}

function summary(report: Report): string[] {
  return report.findings.map((f) => `${f.role} ${f.severity} ${f.rule} ${f.host ?? ''} ${JSON.stringify(f.objects)}`);
}

describe.each(scenarios)('incident %s', (scenario) => {
  const expected = JSON.parse(readFileSync(join(ROOT, scenario, 'expected.json'), 'utf8')) as Expected;
  // a rule id in expected.json that no rule has (a typo, a rule renamed) fails here, never skips
  it('names only rules netsift has', () => {
    const named = [...expected.findings, ...(expected.mustNotFire ?? [])].map((f) => f.rule);
    expect([...new Set(named)].filter((rule) => !known.has(rule))).toEqual([]);
  });
  for (const shape of ['sos directories', 'sos tarballs', 'transcript', 'flattened', 'per-host pastes']) {
    it(`as ${shape}`, async () => {
      const make = (await shapes(scenario))[shape];
      if (!make) throw new Error(`no shape ${shape}`);
      const bundle = await make();
      if (shape === 'per-host pastes' && PLAIN_NAMES.has(scenario)) {
        // alpha.txt, bravo.txt, charlie.txt: plain words name no node (docs/ingest.md), nor does a
        // directory called pastes/: the sections stay unattributed, never one host of three nodes' output
        expect(bundle.hosts.map((h) => h.name)).toEqual([]);
        const inputs = new Set(bundle.unattributed.map((u) => (u.section.origin.kind === 'paste' ? u.section.origin.input : null)));
        inputs.delete('pastes/cluster.txt');
        expect(inputs).toEqual(new Set(['pastes/alpha.txt', 'pastes/bravo.txt', 'pastes/charlie.txt']));
        return;
      }
      const { report, model } = diagnose(bundle, { traceCurls: false });
      // per-host pastes hold what the transcript holds
      const kind = shape.startsWith('sos') ? 'sos' : shape === 'per-host pastes' ? 'transcript' : (shape as 'transcript' | 'flattened');
      const { missing, left } = take(report, expected.findings.filter((f) => !f.shapes || f.shapes.includes(kind)));
      expect(missing, `expected findings not in\n${summary(report).join('\n')}`).toEqual([]);
      // every root cause the diagnosis names as an error is one the scenario expects (symptoms follow from them)
      expect(left.filter((f) => f.severity === 'error' && f.role === 'root-cause').map((f) => `${f.rule} ${f.host ?? ''} ${JSON.stringify(f.objects)}`), 'root causes no expectation names').toEqual([]);
      for (const forbidden of expected.mustNotFire ?? []) {
        const hit = report.findings.find((f) => f.rule === forbidden.rule && (forbidden.host === undefined || f.host === forbidden.host)
          && (forbidden.severity === undefined || f.severity === forbidden.severity));
        expect(hit, `must not fire: ${JSON.stringify(forbidden)}`).toBeUndefined();
      }
      if (expected.healthy) expect(report.findings.filter((f) => f.severity === 'error').map((f) => f.id)).toEqual([]);
      for (const query of (expected.traces ?? []).filter((t) => !t.shapes || t.shapes.includes(kind))) {
        const result = trace(model, { from: query.from, to: query.to });
        expect(result.branches.map((b) => [b.disposition, b.at]), `trace ${query.from} → ${query.to}`).toContainEqual([query.disposition, query.at]);
      }
    });
  }
});
