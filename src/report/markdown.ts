// The report as Markdown, for a ticket or a chat: findings by role with evidence and fixes, traces
// as tables.
import type { Finding } from '../analyze/finding';
import type { Report } from './schema';
import { where } from './text';

const ROLE_TITLE = { 'root-cause': 'Root causes', symptom: 'Symptoms', residue: 'Residue (harmless now)', observation: 'Observations' } as const;

function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
}

export function renderMarkdown(report: Report): string {
  const out: string[] = [`# netsift diagnosis`, '', `${report.hosts.length} hosts (${report.hosts.map((h) => h.name).join(', ')}), ${report.findings.length} findings.`];
  for (const role of ['root-cause', 'symptom', 'residue', 'observation'] as const) {
    const findings = report.findings.filter((f) => f.role === role);
    if (findings.length === 0) continue;
    out.push('', `## ${ROLE_TITLE[role]}`);
    for (const finding of findings) out.push('', ...renderFinding(finding));
  }
  if (report.traces.length > 0) out.push('', '## Traces');
  for (const trace of report.traces) {
    out.push('', `### ${trace.proto} ${trace.from} → ${trace.to}`);
    for (const branch of trace.branches) {
      out.push('', `**${branch.disposition}** at ${branch.at} (probability ${branch.probability}${branch.endpoint ? `, endpoint ${branch.endpoint}` : ''})`, '');
      out.push('| host | step | detail | inferred |', '| --- | --- | --- | --- |');
      for (const hop of branch.hops) out.push(`| ${cell(hop.host)} | ${hop.step} | ${cell(hop.detail)} | ${hop.inferred ? 'yes' : ''} |`);
    }
  }
  return `${out.join('\n')}\n`;
}

function renderFinding(finding: Finding): string[] {
  const out = [`### \`${finding.rule}\`${finding.host ? ` on ${finding.host}` : ''} (${finding.severity})`, '', finding.message];
  if (finding.causes.length > 0) out.push('', `Caused by: ${finding.causes.map((c) => `\`${c}\``).join(', ')}`);
  if (finding.evidence.length > 0) {
    out.push('', '| where | text |', '| --- | --- |');
    for (const evidence of finding.evidence) {
      const text = evidence.absent ? `*lacks:* ${evidence.absent}` : evidence.text.length > 160 ? `${evidence.text.slice(0, 160)}…` : evidence.text;
      out.push(`| ${cell(where(evidence))}${evidence.inferred ? ' (inferred)' : ''} | \`${cell(text).replace(/`/g, "'")}\` |`);
    }
  }
  if (finding.fix.length > 0) out.push('', '```sh', ...finding.fix, '```');
  return out;
}
