// A rule's table of cases (STYLE.md, "A rule and its table of cases"): each case is command output
// per host, typed into a transcript, run through ingest → buildModel → runRules with the one rule,
// and compared on message ids, hosts, data, roles, severities, fix commands and evidence lines, never on prose.
import { appendFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Finding, FindingRole } from '../../src/analyze/finding';
import { runRules } from '../../src/analyze/run';
import type { Rule, RuleFinding, Severity } from '../../src/analyze/rules/rule';
import { ingest } from '../../src/ingest';
import { buildModel } from '../../src/model';

/** Commands as typed, in order, each with its output; pairs when a command is typed twice (a story in time). */
export type Commands = Record<string, string> | readonly (readonly [command: string, output: string])[];

export interface RuleCase {
  name: string;
  /** Per host: `[root@<host> ~]# <command>` and its output, hosts and commands in the order given. */
  nodes: Record<string, Commands>;
  /** Cluster commands (kubectl get …), typed at a host-less `$ ` prompt after the hosts' commands. */
  cluster?: Commands;
}

/** A line of evidence: `line` is the line of the transcript `transcriptOf` builds (1-based). */
export interface ExpectedEvidence {
  host: string | null;
  format: string | null;
  span: { line: number };
  absent?: true;
}

export interface ExpectedFinding {
  messageId: string;
  host: string | null;
  /** The rule's data for its message, whole: every key it gives (what the message says). */
  data: Record<string, string | number>;
  role: FindingRole;
  severity: Severity;
  /** The whole list, in order; left out, evidence is not compared. */
  evidence?: ExpectedEvidence[];
  /** The fix commands, whole and in order (`[]` where the finding gives none): what a user runs is always pinned. */
  fix: string[];
}

export interface InvalidCase extends RuleCase {
  findings: ExpectedFinding[];
}

/** A finding as runRules ranks it, with the data its rule gave. */
export type CaseFinding = Finding & { data: RuleFinding<string>['data'] };

/** The transcript a case stands for. */
export function transcriptOf(test: RuleCase): string {
  let text = '';
  const type = (prompt: string, commands: Commands): void => {
    for (const [command, output] of Array.isArray(commands) ? commands : Object.entries(commands)) {
      text += `${prompt} ${command}\n`;
      if (output !== '') text += `${output.replace(/\n$/, '')}\n`;
    }
  };
  for (const [host, commands] of Object.entries(test.nodes)) type(`[root@${host} ~]#`, commands);
  if (test.cluster) type('$', test.cluster);
  return text;
}

/** Runs one rule over a transcript as production does, and gives each finding its rule's data back. */
export function findingsOf(rule: Rule, text: string): CaseFinding[] {
  const raw: RuleFinding<string>[] = [];
  const recording: Rule = {
    meta: rule.meta,
    *check(model) {
      for (const finding of rule.check(model)) {
        raw.push(finding);
        yield finding;
      }
    },
  };
  const analysis = runRules(buildModel(ingest(text)), [recording]);
  expect(analysis.diagnostics, 'the rule threw').toEqual([]);
  // finding ids as run.ts makes them (rule@host/key, "#n" for the nth repeat): they tie data to findings
  const ids = new Set<string>();
  const dataOf = new Map<string, RuleFinding<string>['data']>();
  for (const finding of raw) {
    const key = finding.key ?? Object.values(finding.data).filter((v) => v !== undefined).join(',');
    const base = `${rule.meta.id}@${finding.host ?? 'cluster'}/${key}`;
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}#${n}`;
    ids.add(id);
    dataOf.set(id, finding.data);
  }
  return analysis.findings.map((finding) => ({ ...finding, data: dataOf.get(finding.id) ?? {} }));
}

/** A finding seen through what a case expects of it: evidence only where the expectation names it. */
function project(finding: CaseFinding, expected: ExpectedFinding): ExpectedFinding {
  const data: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(finding.data)) if (value !== undefined) data[key] = value;
  const out: ExpectedFinding = { messageId: finding.messageId, host: finding.host, data, role: finding.role, severity: finding.severity, fix: finding.fix };
  if (expected.evidence) {
    out.evidence = finding.evidence.map((e) => ({ host: e.host, format: e.format, span: { line: e.span.line }, ...(e.absent ? { absent: true as const } : {}) }));
  }
  return out;
}

/** The transcript with its line numbers: what a failing case prints, to read evidence lines off. */
export function numbered(text: string): string {
  return text.split('\n').slice(0, -1).map((line, i) => `${String(i + 1).padStart(3)}| ${line}`).join('\n');
}

function summary(finding: CaseFinding): string {
  return `${finding.messageId} on ${finding.host ?? 'cluster'}: ${finding.message}`;
}

/** JSON with every object's keys in order: a case may name a finding's fields in any order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (item !== null && typeof item === 'object' && !Array.isArray(item)
    ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : item));
}

/** Pairs each expected finding with an actual one (one that matches, else the likeliest), and lists the rest. */
function align(actual: CaseFinding[], expected: ExpectedFinding[]): { matched: (ExpectedFinding | undefined)[]; pairs: (CaseFinding | undefined)[]; extra: string[] } {
  const left = [...actual];
  const pairs: (CaseFinding | undefined)[] = expected.map(() => undefined);
  const take = (test: (f: CaseFinding, e: ExpectedFinding) => boolean, e: ExpectedFinding, i: number): ExpectedFinding | undefined => {
    const index = left.findIndex((f) => test(f, e));
    if (index === -1) return undefined;
    const [found] = left.splice(index, 1);
    pairs[i] = found;
    return found ? project(found, e) : undefined;
  };
  const matched: (ExpectedFinding | undefined)[] = expected.map(() => undefined);
  expected.forEach((e, i) => {
    matched[i] = take((f, x) => canonical(project(f, x)) === canonical(x), e, i);
  });
  expected.forEach((e, i) => {
    matched[i] ??= take((f, x) => f.messageId === x.messageId && f.host === x.host, e, i);
  });
  return { matched, pairs, extra: left.map(summary) };
}

/**
 * Defines one vitest test per case. Valid cases must yield no finding of the rule; invalid cases
 * exactly the findings listed. Fails on a duplicate case name, an invalid case without findings, or
 * a messageId the rule does not have.
 */
export function ruleCases(rule: Rule, table: { valid: RuleCase[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    const names = [...table.valid, ...table.invalid].map((test) => test.name);
    it('has cases with distinct names, findings and known message ids', () => {
      expect(names.filter((name, i) => names.indexOf(name) !== i), 'duplicate case names').toEqual([]);
      expect(table.invalid.filter((test) => test.findings.length === 0).map((test) => test.name), 'invalid cases without findings').toEqual([]);
      const unknown = table.invalid.flatMap((test) => test.findings.map((f) => f.messageId)).filter((id) => !Object.hasOwn(rule.meta.messages, id));
      expect(unknown, `message ids not in ${rule.meta.id}'s messages`).toEqual([]);
    });
    for (const test of table.valid) {
      it(`valid: ${test.name}`, () => {
        const text = transcriptOf(test);
        expect(findingsOf(rule, text).map(summary), `\n${numbered(text)}\n`).toEqual([]);
      });
    }
    for (const test of table.invalid) {
      it(`invalid: ${test.name}`, () => {
        for (const f of test.findings) expect(Object.hasOwn(rule.meta.messages, f.messageId), `unknown messageId ${f.messageId}`).toBe(true);
        const text = transcriptOf(test);
        const actual = findingsOf(rule, text);
        // RULE_CASES_DEBUG=1 prints what the rule found, to write a case's expectations from
        if (process.env['RULE_CASES_DEBUG']) console.log(`${test.name}\n${numbered(text)}\n${JSON.stringify(actual.map((f) => project(f, { ...f, data: {}, evidence: [] })).map((f, i) => ({ ...f, data: actual[i]?.data })), null, 1)}`);
        const { matched, extra, pairs } = align(actual, test.findings);
        // RULE_CASES_DUMP=<file>: each matched finding's role, severity and fix, for writing them into the table
        const dump = process.env['RULE_CASES_DUMP'];
        if (dump) {
          const testPath = expect.getState().testPath ?? '';
          for (const [index, finding] of pairs.entries()) {
            if (finding) appendFileSync(dump, `${JSON.stringify({ testPath, name: test.name, index, role: finding.role, severity: finding.severity, fix: finding.fix, data: finding.data })}\n`);
          }
        }
        expect({ findings: matched, extra }, `\n${numbered(text)}\n`).toEqual({ findings: test.findings, extra: [] });
      });
    }
  });
}
