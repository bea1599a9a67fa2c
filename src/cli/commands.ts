// What split, diagnose and trace run, loaded by main.ts only for those commands: reading bundles
// (pastes, sos reports), the whole pipeline, the reporters.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { ingest, diagnose, buildModel, trace, renderText, renderTextLines, renderMarkdownLines, renderMermaid, VERSION } from '../index';

const TEXT_LINES_PER_WRITE = 1000;
import type { Bundle, Section } from '../index';
import { painter } from './colour';
import { ingestPath } from '../node';
import { EXIT_USAGE, readInputBytes } from './input';
import { fileKind } from '../node/archive';
import { decideExitStatus, pipeWriter, writeJsonStreamed } from './output';
import { append } from '../core/append';
import { decodeText, failureMessage, type Diagnostic } from '../core';
import { printable } from '../core/printable';
import { bounded } from '../report/excerpt';

/** Directories and tarballs are sos reports (or directories of captures); anything else is a paste. */
function isReport(path: string): boolean {
  try {
    if (statSync(path).isDirectory()) return true;
  } catch {
    return false;
  }
  return /\.(?:tar|tar\.xz|txz|tar\.gz|tgz|tar\.bz2|tbz2?)$/.test(path);
}

function inputDiagnostic(message: string): Diagnostic {
  return { code: 'incomplete', severity: 'error', message, span: { line: 1, column: 1, offset: 0, length: 0, text: '' } };
}

function mergeBundles(bundles: Bundle[]): Bundle {
  const out: Bundle = { hosts: [], cluster: [], unattributed: [], notes: [], diagnostics: [] };
  for (const bundle of bundles) {
    for (const host of bundle.hosts) {
      const existing = out.hosts.find((h) => h.name === host.name);
      if (existing) append(existing.sections, host.sections);
      else out.hosts.push({ name: host.name, sections: [...host.sections] });
    }
    append(out.cluster, bundle.cluster);
    append(out.unattributed, bundle.unattributed);
    append(out.notes, bundle.notes);
    append(out.diagnostics, bundle.diagnostics);
  }
  return out;
}

/** A section as `split` lists it; `nameInput`: its lines are preceded by the name of its input (several were pasted). */
function describeSection(section: Section, nameInput: boolean): string {
  const failure = section.failure;
  const lines = failure ? `line ${failure.span.line}` : `lines ${section.span.line}-${section.span.line + section.text.split('\n').length - 1}`;
  const where = section.origin.kind === 'file' ? section.origin.path : nameInput ? `${section.origin.input} ${lines}` : lines;
  // a failed section is partial for that reason alone: the message says more than the mark
  const marks = [
    failure ? `failed: ${failureMessage(failure)}` : section.partial ? 'partial' : '',
    section.snapshot > 1 ? `snapshot ${section.snapshot}` : '', section.flattened ? 'flattened' : '',
  ].filter(Boolean).join(', ');
  return `  ${bounded(section.command ?? '(sniffed)').padEnd(44)} ${(section.format ?? '-').padEnd(20)} ${bounded(where)}${marks ? `  [${bounded(marks)}]` : ''}`;
}

/**
 * Reads every input into one bundle: texts as pastes, directories and tarballs as sos reports
 * (`skipRedundant`: without the iptables listings a report's iptables-save holds, see ingestPath).
 * `skipped`: the inputs named that were not read (missing, binary, a zip), or read only in part (a
 * corrupt or truncated tarball, a report past a size limit); null when none was read.
 */
async function readBundle(inputs: string[], options: { skipRedundant?: boolean; host?: string } = {}): Promise<{ bundle: Bundle; skipped: number } | null> {
  const texts: { name: string; text: string; host?: string }[] = [];
  const reports: string[] = [];
  // an input that cannot be read is reported and left out: the others are still read
  const skipped: Diagnostic[] = [];
  const skip = (input: string, why: string): void => {
    process.stderr.write(`netsift: skipped ${printable(input)}: ${printable(why)}\n`);
    skipped.push(inputDiagnostic(`Skipped ${input}: ${why}.`));
  };
  for (const input of inputs) {
    if (input !== '-' && isReport(input)) {
      reports.push(input);
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = readInputBytes(input);
    } catch (error) {
      skip(input, `cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      continue;
    }
    const kind = fileKind(bytes);
    if (kind === 'tarball' && input !== '-') reports.push(input);
    else if (kind === 'tarball' || kind === 'binary') skip(input, kind === 'tarball' ? 'a tarball on standard input (name its file instead)' : 'binary, not text');
    else if (kind === 'zip') skip(input, 'a zip archive, which netsift does not read (extract it and name the directory)');
    else texts.push({ name: input === '-' ? 'stdin' : input, text: decodeText(bytes), ...(options.host === undefined ? {} : { host: options.host }) });
  }
  if (texts.length === 0 && reports.length === 0) {
    process.stderr.write('netsift: no input could be read\n');
    return null;
  }
  const bundles: Bundle[] = [];
  if (skipped.length > 0) bundles.push({ hosts: [], cluster: [], unattributed: [], notes: [], diagnostics: skipped });
  if (texts.length > 0) bundles.push(ingest(texts));
  // a progress bar on a terminal when several reports are read (100 tarballs take a while)
  const bar = reports.length > 1 && process.stderr.isTTY
    ? new SingleBar({ format: 'reading reports [{bar}] {value}/{total} {path}', stream: process.stderr, clearOnComplete: true, hideCursor: true }, Presets.shades_classic)
    : null;
  bar?.start(reports.length, 0, { path: '' });
  let partial = 0;
  try {
    if (reports.length > 0) {
      const read = await ingestPath(reports, {
        onProgress: ({ done, path }) => bar?.update(done, { path: basename(path) }), skipRedundant: options.skipRedundant === true,
        ...(options.host === undefined ? {} : { host: options.host }),
      });
      bundles.push(read);
      // what a report could not give (a corrupt or truncated tarball, a limit reached): the report says it, the exit status too
      partial = read.diagnostics.filter((d) => d.severity === 'error' && d.code === 'incomplete').length;
    }
  } catch (error) {
    process.stderr.write(`netsift: cannot read ${printable(reports.join(', '))}: ${printable(error instanceof Error ? error.message : String(error))}\n`);
    return null;
  } finally {
    bar?.stop();
  }
  return { bundle: mergeBundles(bundles), skipped: skipped.length + partial };
}

/**
 * The exit code of a command about to print its report: 2 when a named input was not read (the
 * report is of the rest), else `code`. Decided before the report is written (decideExitStatus).
 */
function exitCode(read: { skipped: number }, code: number): number {
  return decideExitStatus(read.skipped > 0 ? EXIT_USAGE : code);
}

// the problems `split` names in text; JSON has them all
const MAX_PROBLEMS = 20;

/** `netsift split` as text: each host, its sections in order, then what could not be attributed. */
function describeBundle(bundle: Bundle): string {
  const lines: string[] = [];
  // the lines of a paste are in its input: named when there are several
  const sections = [...bundle.hosts.flatMap((host) => host.sections), ...bundle.cluster, ...bundle.unattributed.map(({ section }) => section)];
  const pasted = new Set(sections.flatMap((section) => (section.origin.kind === 'paste' ? [section.origin.input] : [])));
  const sectionLine = (section: Section): string => describeSection(section, pasted.size > 1);
  for (const host of bundle.hosts) {
    lines.push(bounded(host.name));
    for (const section of host.sections) lines.push(sectionLine(section));
  }
  if (bundle.cluster.length > 0) {
    lines.push('cluster');
    for (const section of bundle.cluster) lines.push(sectionLine(section));
  }
  if (bundle.unattributed.length > 0) {
    lines.push('unattributed');
    for (const { section, reason } of bundle.unattributed) lines.push(`${sectionLine(section)}\n      ${bounded(reason)}`);
  }
  // what kept an input from being read, as diagnose says it (a corrupt tarball read no host: nothing else would tell)
  const problems = bundle.diagnostics.filter((d) => d.severity !== 'info');
  for (const problem of problems.slice(0, MAX_PROBLEMS)) lines.push(`${problem.severity} ${bounded(problem.message)}`);
  if (problems.length > MAX_PROBLEMS) lines.push(`… ${problems.length - MAX_PROBLEMS} more (--format json lists them)`);
  lines.push(`${bundle.notes.length} notes, ${bundle.diagnostics.length} diagnostics`);
  return `${lines.join('\n')}\n`;
}

/** `netsift split`: the exit code. */
export async function runSplit(inputs: string[], options: { format: 'text' | 'json'; host?: string }): Promise<number> {
  const read = await readBundle(inputs, options.host === undefined ? {} : { host: options.host });
  if (!read) return EXIT_USAGE;
  const { bundle } = read;
  const code = exitCode(read, 0);
  if (options.format === 'json') {
    // the texts of a hundred sos reports are more JSON than one string may hold: written in pieces
    const write = pipeWriter() ?? ((chunk: string): void => { process.stdout.write(chunk); });
    writeJsonStreamed(bundle, write);
    write('\n');
  } else process.stdout.write(describeBundle(bundle));
  return code;
}

/** `netsift diagnose`: the exit code. */
export async function runDiagnose(inputs: string[], options: { format: 'text' | 'json' | 'markdown'; exitZero?: boolean; trace?: string[]; host?: string }): Promise<number> {
  // the JSON report holds every section's records; the text and Markdown ones only what the diagnosis reads
  const records = options.format === 'json' ? 'all' : 'used';
  const read = await readBundle(inputs, { skipRedundant: records === 'used', ...(options.host === undefined ? {} : { host: options.host }) });
  if (!read) return EXIT_USAGE;
  const { report } = diagnose(read.bundle, { traces: (options.trace ?? []).map((to) => ({ to })), records, packRules: true });
  const code = exitCode(read, !options.exitZero && report.findings.some((f) => f.severity === 'error') ? 1 : 0);
  if (options.format === 'json') {
    // a report of many nodes' records is more JSON than one string may hold: written in pieces
    const write = pipeWriter() ?? ((chunk: string): void => { process.stdout.write(chunk); });
    writeJsonStreamed(report, write);
    write('\n');
  } else {
    // a few lines at a time: the whole report may be longer than one string can be
    const lines = options.format === 'markdown' ? renderMarkdownLines(report) : renderTextLines(report, painter());
    const write = pipeWriter() ?? ((chunk: string): void => { process.stdout.write(chunk); });
    for (let from = 0; from < lines.length; from += TEXT_LINES_PER_WRITE) write(`${lines.slice(from, from + TEXT_LINES_PER_WRITE).join('\n')}\n`);
  }
  return code;
}

/** `netsift trace`: the exit code. */
export async function runTrace(inputs: string[], options: { to: string; from?: string; udp?: boolean; source?: string; format: 'text' | 'json' | 'mermaid'; host?: string }): Promise<number> {
  // a trace prints no record: as for diagnose's text report, the listings iptables-save holds are
  // left unread and its rules packed
  const read = await readBundle(inputs, { skipRedundant: true, ...(options.host === undefined ? {} : { host: options.host }) });
  if (!read) return EXIT_USAGE;
  const model = buildModel(read.bundle, { skipRedundant: true, packRules: true });
  if (options.from && !model.cluster.nodes.has(options.from)) {
    process.stderr.write(`netsift: unknown host "${printable(options.from)}"; known: ${printable([...model.cluster.nodes.keys()].join(', '))}\n`);
    return EXIT_USAGE;
  }
  const result = trace(model, { to: options.to, from: options.from, proto: options.udp ? 'udp' : 'tcp', ...(options.source === undefined ? {} : { source: options.source }) });
  const code = exitCode(read, 0);
  if (options.format === 'json') process.stdout.write(`${JSON.stringify(result)}\n`);
  else if (options.format === 'mermaid') process.stdout.write(renderMermaid(result));
  else process.stdout.write(renderText({ netsift: VERSION, hosts: [], cluster: [], unattributed: [], findings: [], traces: [result], diagnostics: [] }, painter()).split('\n').slice(1).join('\n').trimStart());
  return code;
}
