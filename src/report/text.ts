// The report for a terminal: root causes first, each with its evidence (host, command, line) and
// fix; then symptoms, residue and observations; then the traces. Colour is the caller's (the CLI
// paints on a terminal); the core only marks what to paint.
import type { Finding } from '../analyze/finding';
import type { Trace } from '../analyze/trace';
import type { Evidence } from '../model';
import type { Report } from './schema';
import { append, failureMessage, type SectionFailure } from '../core';
import { bounded, excerpt, fixLine, TEXT_EXCERPT } from './excerpt';
import { namedList } from '../analyze/bounded';

export type Style = 'bold' | 'red' | 'yellow' | 'green' | 'dim' | 'cyan';
export type Paint = (style: Style, text: string) => string;

const plain: Paint = (_style, text) => text;
const ROLE_TITLE = { 'root-cause': 'Root causes', symptom: 'Symptoms', residue: 'Residue (harmless now)', observation: 'Observations' } as const;

export function renderText(report: Report, paint: Paint = plain): string {
  return `${renderTextLines(report, paint).join('\n')}\n`;
}

/**
 * The text report's lines: a caller that writes them a few at a time never holds the report as one
 * string (a hostile bundle of thousands of hosts makes a report longer than a string may be).
 */
export function renderTextLines(report: Report, paint: Paint = plain): string[] {
  const out: string[] = [];
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const { read, other } = hostsRead(report);
  const others = other.length === 0 ? '' : ` (and ${namedList(other.map((h) => h.name))}, whose outputs netsift does not read: a jump host, a workstation)`;
  out.push(paint('bold', bounded(`netsift ${report.netsift}: ${counted(read.length, 'host')}${others}, ${counted(report.findings.length, 'finding')} (${counted(errors, 'error')})`)));
  for (const role of ['root-cause', 'symptom', 'residue', 'observation'] as const) {
    const findings = report.findings.filter((f) => f.role === role);
    if (findings.length === 0) continue;
    out.push('', paint('bold', `${ROLE_TITLE[role]} (${findings.length})`));
    findings.forEach((finding, index) => append(out, renderFinding(finding, index + 1, paint, role === 'root-cause' || role === 'symptom')));
  }
  for (const trace of report.traces) out.push('', ...renderTrace(trace, paint));
  append(out, renderFailures(report, paint));
  append(out, renderUnattributed(report, paint));
  // what kept an input or a file from being read (skipped, refused, cut short) is said here, not only counted
  const problems = inputProblems(report);
  if (problems.length > 0) {
    out.push('', paint('bold', `Problems reading the input (${problems.length})`));
    for (const problem of problems.slice(0, MAX_FAILURES)) out.push(`  ${paint(problem.severity === 'error' ? 'red' : 'yellow', problem.severity)} ${bounded(problem.message)}`);
    if (problems.length > MAX_FAILURES) out.push(paint('dim', `  and ${problems.length - MAX_FAILURES} more (--format json lists them)`));
  }
  if (report.diagnostics.length > 0) {
    out.push('', paint('dim', `${counted(report.diagnostics.length, 'diagnostic')} while reading the input (--format json lists them)`));
  }
  return out;
}

/** Failed commands, input problems and unattributed outputs listed, at most (the JSON report has them all). */
export const MAX_FAILURES = 10;

/** `count` and `noun`, plural but for one: "1 host", "3 hosts". */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** What kept an input or a file from being read (skipped, refused, cut short): the errors and warnings of no host. */
export function inputProblems(report: Report): Report['diagnostics'] {
  return report.diagnostics.filter((d) => d.severity !== 'info' && d.host === null);
}

/** The hosts with an output netsift reads (a format, or a command's error), and the others (ssh's jump host). */
export function hostsRead(report: Report): { read: Report['hosts']; other: Report['hosts'] } {
  const read: Report['hosts'] = [];
  const other: Report['hosts'] = [];
  for (const host of report.hosts) (host.sections.some((s) => s.format !== null || s.failure !== undefined) ? read : other).push(host);
  return { read, other };
}


/** The commands that printed an error instead of their listing (the evidence a reader may think was read), each cited at its message. */
export function failedSections(report: Report): { failure: SectionFailure; at: Evidence }[] {
  return report.hosts.flatMap((host) => host.sections.flatMap((section) => {
    const failure = section.failure;
    if (!failure) return [];
    return [{ failure, at: { host: host.name, origin: section.origin, format: section.format, command: section.command, span: failure.span, text: failure.text } }];
  }));
}

function renderFailures(report: Report, paint: Paint): string[] {
  const failed = failedSections(report);
  if (failed.length === 0) return [];
  const out = ['', paint('bold', `Commands that printed an error instead of their listing (${failed.length}): nothing is read from them`)];
  for (const { failure, at } of failed.slice(0, MAX_FAILURES)) out.push(`  ${paint('dim', where(at))} ${bounded(failureMessage(failure))}`);
  if (failed.length > MAX_FAILURES) out.push(paint('dim', `  and ${failed.length - MAX_FAILURES} more (--format json lists them)`));
  return out;
}

/** What to do about outputs no host was named for, in a sentence. */
export const UNATTRIBUTED_HINT = 'name the host with a prompt ([root@node-a ~]#), a header line (=== node-a ===), a file named after it (node-a.txt), or --host';

/** Where an output no host was named for is: its file (or input) and line. */
export function unattributedWhere(item: Report['unattributed'][number]): string {
  const origin = item.origin.kind === 'file' ? `${item.origin.report ? `${item.origin.report}/` : ''}${item.origin.path}` : item.origin.input;
  return bounded(`${origin}:${item.span.line}`);
}

function renderUnattributed(report: Report, paint: Paint): string[] {
  const items = report.unattributed;
  if (items.length === 0) return [];
  const out = ['', paint('bold', `Outputs no host was named for (${items.length}): read, not diagnosed`), paint('dim', `  ${UNATTRIBUTED_HINT}`)];
  for (const item of items.slice(0, MAX_FAILURES)) out.push(`  ${paint('dim', unattributedWhere(item))} ${bounded(item.command ?? '(no command line)')} ${paint('dim', item.format)}`);
  if (items.length > MAX_FAILURES) out.push(paint('dim', `  and ${items.length - MAX_FAILURES} more (--format json lists them)`));
  return out;
}

function severityMark(finding: Finding, paint: Paint): string {
  return finding.severity === 'error' ? paint('red', 'error') : finding.severity === 'warning' ? paint('yellow', 'warning') : paint('cyan', 'info');
}

function renderFinding(finding: Finding, number: number, paint: Paint, detailed: boolean): string[] {
  const out = [`${number}. ${severityMark(finding, paint)} ${paint('bold', finding.rule)}${finding.host ? ` on ${bounded(finding.host)}` : ''}: ${bounded(finding.message)}`];
  if (finding.causes.length > 0) out.push(`   ${paint('dim', `caused by: ${bounded(finding.causes.join(', '))}`)}`);
  if (detailed || finding.evidence.length <= 2) for (const evidence of finding.evidence) out.push(`   ${renderEvidence(evidence, finding, paint)}`);
  if (finding.fix.length > 0 && finding.role !== 'symptom') {
    out.push(`   ${paint('green', 'fix:')}`);
    for (const command of finding.fix) out.push(`     ${fixLine(command)}`);
  }
  out.push(`   ${paint('dim', `id ${bounded(finding.id)}`)}`);
  return out;
}

/** Where a line of evidence is: control and format characters of the input shown, names bounded (see bounded). */
export function where(evidence: Evidence): string {
  const origin = evidence.origin.kind === 'file' ? `${evidence.origin.report ? `${evidence.origin.report}/` : ''}${evidence.origin.path}` : evidence.origin.input;
  return bounded(`${evidence.host ?? 'cluster'} ${evidence.command ?? evidence.format ?? ''} (${origin}:${evidence.span.line}:${evidence.span.column})`);
}

/** A line of evidence: where it is, and the part of its text that shows what `finding` is about (excerpt). */
function renderEvidence(evidence: Evidence, finding: Finding, paint: Paint): string {
  if (evidence.absent) return `${paint('dim', where(evidence))} lacks: ${bounded(evidence.absent)}`;
  return `${paint('dim', where(evidence))}${evidence.inferred ? paint('dim', ' [inferred]') : ''} ${excerpt(evidence.text, finding.objects, TEXT_EXCERPT)}`;
}

function renderTrace(trace: Trace, paint: Paint): string[] {
  const out = [paint('bold', bounded(`Trace ${trace.proto} ${trace.from} → ${trace.to}`))];
  for (const branch of trace.branches) {
    const ok = branch.disposition === 'delivered';
    const reply = branch.reply ? `; reply ${paint(branch.reply.disposition === 'delivered' ? 'green' : 'red', branch.reply.disposition)} at ${bounded(branch.reply.at)}` : '';
    out.push(`  ${Math.round(branch.probability * 1000) / 10}%${branch.endpoint ? ` via ${bounded(branch.endpoint)}` : ''}: ${paint(ok ? 'green' : 'red', branch.disposition)} at ${bounded(branch.at)}${reply}`);
    for (const hop of branch.hops) {
      out.push(`    ${bounded(hop.host)} ${hop.step}${hop.inferred ? paint('dim', ' (inferred)') : ''}: ${bounded(hop.detail)}`);
    }
    if (branch.reply) {
      out.push('    the reply:');
      for (const hop of branch.reply.hops) out.push(`      ${bounded(hop.host)} ${hop.step}${hop.inferred ? paint('dim', ' (inferred)') : ''}: ${bounded(hop.detail)}`);
    }
  }
  return out;
}
