// The report as Markdown, for a ticket or a chat: findings by role with evidence and fixes, traces
// as tables.
import type { Finding } from '../analyze/finding';
import type { Report } from './schema';
import { oneLine } from '../core/printable';
import { bounded, excerpt, fixLine, MARKDOWN_EXCERPT } from './excerpt';
import { counted, failedSections, hostsRead, inputProblems, MAX_FAILURES, UNATTRIBUTED_HINT, unattributedWhere, where } from './text';
import { namedList } from '../analyze/bounded';

// hosts named in the summary line, at most (a hundred nodes' names are no sentence)
const MAX_HOSTS_NAMED = 10;
const ROLE_TITLE = { 'root-cause': 'Root causes', symptom: 'Symptoms', residue: 'Residue (harmless now)', observation: 'Observations' } as const;

/**
 * Text from the input as Markdown text, on one line, control and format characters shown and names
 * bounded (bounded): the characters of CommonMark's and GitHub's inline syntax backslash-escaped (so
 * that no name or comment makes a link, an image, HTML, an entity, emphasis, code, a table cell,
 * strikethrough, math or a mention), and a list, heading or quote marker where the text would start a
 * line. Dots, slashes, colons and commas stay as they are: addresses, prefixes and ports read as written.
 */
function inline(text: string): string {
  return bounded(oneLine(text))
    .replace(/[\\`*_{}[\]<>|~&$@#!]/g, (c) => `\\${c}`)
    .replace(/^(?:[-+=](?=[\s=+-]|$)|>)|^(\d+)([.)])(?=\s|$)/, (marker, digits: string | undefined, mark: string | undefined) => (digits === undefined ? `\\${marker}` : `${digits}\\${mark ?? ''}`));
}

/** Text in a code span: on one line, no backtick (it would end the span), control and format characters shown, names bounded. */
function code(text: string): string {
  return `\`${bounded(oneLine(text)).replace(/`/g, "'")}\``;
}

/** A fence longer than any run of backticks in `lines` (a fix must not close its own block). */
function fence(lines: readonly string[]): string {
  let longest = 2;
  for (const line of lines) for (const run of line.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(longest + 1);
}

export function renderMarkdown(report: Report): string {
  return `${renderMarkdownLines(report).join('\n')}\n`;
}

/** The Markdown report's lines (see renderTextLines). */
export function renderMarkdownLines(report: Report): string[] {
  const { read, other } = hostsRead(report);
  const names = (hosts: Report['hosts']): string => inline(namedList(hosts.map((h) => h.name), MAX_HOSTS_NAMED));
  const others = other.length === 0 ? '' : `; not read: ${names(other)} (no output netsift reads)`;
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const out: string[] = [`# netsift diagnosis`, '',
    `netsift ${report.netsift}: ${counted(read.length, 'host')}${read.length === 0 ? '' : ` (${names(read)})`}${others}, ${counted(report.findings.length, 'finding')} (${counted(errors, 'error')}).`];
  for (const role of ['root-cause', 'symptom', 'residue', 'observation'] as const) {
    const findings = report.findings.filter((f) => f.role === role);
    if (findings.length === 0) continue;
    out.push('', `## ${ROLE_TITLE[role]}`);
    for (const finding of findings) out.push('', ...renderFinding(finding));
  }
  if (report.traces.length > 0) out.push('', '## Traces');
  for (const trace of report.traces) {
    out.push('', `### ${trace.proto} ${inline(trace.from)} → ${inline(trace.to)}`);
    for (const branch of trace.branches) {
      out.push('', `**${branch.disposition}** at ${inline(branch.at)} (probability ${branch.probability}${branch.endpoint ? `, endpoint ${inline(branch.endpoint)}` : ''})`, '');
      out.push('| host | step | detail | inferred |', '| --- | --- | --- | --- |');
      for (const hop of branch.hops) out.push(`| ${inline(hop.host)} | ${hop.step} | ${inline(hop.detail)} | ${hop.inferred ? 'yes' : ''} |`);
      if (branch.reply) {
        out.push('', `The reply: **${branch.reply.disposition}** at ${inline(branch.reply.at)}`, '', '| host | step | detail | inferred |', '| --- | --- | --- | --- |');
        for (const hop of branch.reply.hops) out.push(`| ${inline(hop.host)} | ${hop.step} | ${inline(hop.detail)} | ${hop.inferred ? 'yes' : ''} |`);
      }
    }
  }
  const failed = failedSections(report);
  if (failed.length > 0) {
    out.push('', '## Commands that printed an error instead of their listing', '', 'Nothing is read from them.', '', '| where | error |', '| --- | --- |');
    for (const { failure, at } of failed) out.push(`| ${inline(where(at))} | ${code(failure.text).replace(/\|/g, '\\|')} |`);
  }
  if (report.unattributed.length > 0) {
    out.push('', '## Outputs no host was named for', '', `Read, not diagnosed: ${inline(UNATTRIBUTED_HINT)}.`, '', '| where | command | format |', '| --- | --- | --- |');
    for (const item of report.unattributed) out.push(`| ${inline(unattributedWhere(item))} | ${item.command === null ? '' : code(item.command).replace(/\|/g, '\\|')} | ${inline(item.format)} |`);
  }
  // what kept an input or a file from being read, as the text report says it
  const problems = inputProblems(report);
  if (problems.length > 0) {
    out.push('', `## Problems reading the input (${problems.length})`, '');
    for (const problem of problems.slice(0, MAX_FAILURES)) out.push(`- **${problem.severity}** ${inline(problem.message)}`);
    if (problems.length > MAX_FAILURES) out.push(`- and ${problems.length - MAX_FAILURES} more (\`--format json\` lists them)`);
  }
  if (report.diagnostics.length > 0) out.push('', `${counted(report.diagnostics.length, 'diagnostic')} while reading the input (\`--format json\` lists them).`);
  return out;
}

function renderFinding(finding: Finding): string[] {
  const out = [`### ${code(finding.rule)}${finding.host ? ` on ${inline(finding.host)}` : ''} (${finding.severity})`, '', inline(finding.message)];
  if (finding.causes.length > 0) out.push('', `Caused by: ${finding.causes.map(code).join(', ')}`);
  if (finding.evidence.length > 0) {
    out.push('', '| where | text |', '| --- | --- |');
    for (const evidence of finding.evidence) {
      const text = evidence.absent ?? excerpt(evidence.text, finding.objects, MARKDOWN_EXCERPT);
      out.push(`| ${inline(where(evidence))}${evidence.inferred ? ' (inferred)' : ''} | ${evidence.absent ? '*lacks:* ' : ''}${code(text).replace(/\|/g, '\\|')} |`);
    }
  }
  if (finding.fix.length > 0) {
    const fixes = finding.fix.map(fixLine);
    out.push('', `${fence(fixes)}sh`, ...fixes, fence(fixes));
  }
  return out;
}
