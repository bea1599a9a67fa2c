// netsift's command line: argv → library → JSON on stdout → exit code. No analysis here.
import { Command, CommanderError } from 'commander';
import { readFileSync, statSync } from 'node:fs';
import { parse, formats, ingest, diagnose, buildModel, trace, renderText, renderMarkdown, renderMermaid, VERSION } from '../index';
import type { Paint } from '../index';
import { styleText } from 'node:util';
import { basename } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { ingestPath } from '../node';
import type { Bundle, Section } from '../index';

const EXIT_USAGE = 2;

function readInput(file: string | undefined): string {
  if (file === undefined || file === '-') return readFileSync(0, 'utf8');
  return readFileSync(file, 'utf8');
}

/** Directories and tarballs are sos reports (or directories of captures); anything else is a paste. */
function isReport(path: string): boolean {
  try {
    if (statSync(path).isDirectory()) return true;
  } catch {
    return false;
  }
  return /\.(?:tar|tar\.xz|txz|tar\.gz|tgz|tar\.bz2|tbz2?)$/.test(path);
}

function mergeBundles(bundles: Bundle[]): Bundle {
  const out: Bundle = { hosts: [], cluster: [], unattributed: [], notes: [], diagnostics: [] };
  for (const bundle of bundles) {
    for (const host of bundle.hosts) {
      const existing = out.hosts.find((h) => h.name === host.name);
      if (existing) existing.sections.push(...host.sections);
      else out.hosts.push({ name: host.name, sections: [...host.sections] });
    }
    out.cluster.push(...bundle.cluster);
    out.unattributed.push(...bundle.unattributed);
    out.notes.push(...bundle.notes);
    out.diagnostics.push(...bundle.diagnostics);
  }
  return out;
}

function sectionLine(section: Section): string {
  const where = section.origin.kind === 'file' ? section.origin.path : `lines ${section.span.line}-${section.span.line + section.text.split('\n').length - 1}`;
  const marks = [section.partial ? 'partial' : '', section.snapshot > 1 ? `snapshot ${section.snapshot}` : '', section.flattened ? 'flattened' : '']
    .filter(Boolean).join(', ');
  return `  ${(section.command ?? '(sniffed)').padEnd(44)} ${(section.format ?? '-').padEnd(20)} ${where}${marks ? `  [${marks}]` : ''}`;
}

/** Reads every input into one bundle: texts as pastes, directories and tarballs as sos reports. */
async function readBundle(inputs: string[]): Promise<Bundle | null> {
  const texts: { name: string; text: string }[] = [];
  const reports: string[] = [];
  for (const input of inputs) {
    if (input !== '-' && isReport(input)) {
      reports.push(input);
      continue;
    }
    try {
      texts.push({ name: input === '-' ? 'stdin' : input, text: readInput(input) });
    } catch (error) {
      process.stderr.write(`netsift: cannot read ${input}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
      return null;
    }
  }
  const bundles: Bundle[] = [];
  if (texts.length > 0) bundles.push(ingest(texts));
  // a progress bar on a terminal when several reports are read (100 tarballs take a while)
  const bar = reports.length > 1 && process.stderr.isTTY
    ? new SingleBar({ format: 'reading reports [{bar}] {value}/{total} {path}', stream: process.stderr, clearOnComplete: true, hideCursor: true }, Presets.shades_classic)
    : null;
  bar?.start(reports.length, 0, { path: '' });
  try {
    if (reports.length > 0) {
      bundles.push(await ingestPath(reports, { onProgress: ({ done, path }) => bar?.update(done, { path: basename(path) }) }));
    }
  } catch (error) {
    process.stderr.write(`netsift: cannot read ${reports.join(', ')}: ${error instanceof Error ? error.message : String(error)}\n`);
    return null;
  } finally {
    bar?.stop();
  }
  return mergeBundles(bundles);
}

/** Colour on a terminal only (and never when NO_COLOR is set). */
function painter(): Paint {
  if (!process.stdout.isTTY || process.env['NO_COLOR']) return (_style, text) => text;
  return (style, text) => styleText(style, text);
}

/** `netsift split` as text: each host, its sections in order, then what could not be attributed. */
function describeBundle(bundle: Bundle): string {
  const lines: string[] = [];
  for (const host of bundle.hosts) {
    lines.push(`${host.name}`);
    for (const section of host.sections) lines.push(sectionLine(section));
  }
  if (bundle.cluster.length > 0) {
    lines.push('cluster');
    for (const section of bundle.cluster) lines.push(sectionLine(section));
  }
  if (bundle.unattributed.length > 0) {
    lines.push('unattributed');
    for (const { section, reason } of bundle.unattributed) lines.push(`${sectionLine(section)}\n      ${reason}`);
  }
  lines.push(`${bundle.notes.length} notes, ${bundle.diagnostics.length} diagnostics`);
  return `${lines.join('\n')}\n`;
}

export function main(argv: string[]): number | Promise<number> {
  const program = new Command();
  let exitCode = 0;
  program
    .name('netsift')
    .description('Reads the network command output of Kubernetes nodes, and explains what broke.')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  program
    .command('parse')
    .description('parse one command output and print { format, records, diagnostics } as JSON')
    .argument('<format>', `a format id (${formats.map((f) => f.id).join(', ')}) or "auto"`)
    .argument('[file]', 'the file to read, or "-" for standard input', '-')
    .option('--pretty', 'indent the JSON')
    .action((format: string, file: string, options: { pretty?: boolean }) => {
      if (format !== 'auto' && !formats.some((f) => f.id === format)) {
        process.stderr.write(`netsift: unknown format "${format}"; known: auto, ${formats.map((f) => f.id).join(', ')}\n`);
        exitCode = EXIT_USAGE;
        return;
      }
      let text: string;
      try {
        text = readInput(file);
      } catch (error) {
        process.stderr.write(`netsift: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
        exitCode = EXIT_USAGE;
        return;
      }
      const result = parse(format, text);
      process.stdout.write(`${JSON.stringify(result, null, options.pretty ? 2 : undefined)}\n`);
      if (format === 'auto' && result.diagnostics.some((d) => d.code === 'unknown-format')) exitCode = EXIT_USAGE;
    });
  let pending: Promise<void> | null = null;
  program
    .command('split')
    .description('cut pastes, transcripts, directories and sos reports into hosts and sections')
    .argument('<inputs...>', 'text files ("-" for standard input), directories or sos report tarballs')
    .option('--format <format>', 'text or json', 'text')
    .action((inputs: string[], options: { format: string }) => {
      if (options.format !== 'text' && options.format !== 'json') {
        process.stderr.write(`netsift: unknown output format "${options.format}"; use text or json\n`);
        exitCode = EXIT_USAGE;
        return;
      }
      pending = (async () => {
        const bundle = await readBundle(inputs);
        if (!bundle) {
          exitCode = EXIT_USAGE;
          return;
        }
        process.stdout.write(options.format === 'json' ? `${JSON.stringify(bundle)}\n` : describeBundle(bundle));
      })();
    });
  program
    .command('diagnose')
    .description('diagnose the cluster network: root causes first, with evidence and fixes')
    .argument('<inputs...>', 'pastes and transcripts ("-" for standard input), directories or sos report tarballs')
    .option('--format <format>', 'text, json or markdown', 'text')
    .option('--exit-zero', 'exit 0 even when a finding is an error')
    .option('--trace <target...>', 'also trace these packets: IP[:PORT], from outside')
    .action((inputs: string[], options: { format: string; exitZero?: boolean; trace?: string[] }) => {
      if (!['text', 'json', 'markdown'].includes(options.format)) {
        process.stderr.write(`netsift: unknown output format "${options.format}"; use text, json or markdown\n`);
        exitCode = EXIT_USAGE;
        return;
      }
      pending = (async () => {
        const bundle = await readBundle(inputs);
        if (!bundle) {
          exitCode = EXIT_USAGE;
          return;
        }
        const { report } = diagnose(bundle, { traces: (options.trace ?? []).map((to) => ({ to })), records: options.format === 'json' ? 'all' : 'used' });
        const output = options.format === 'json' ? `${JSON.stringify(report)}\n` : options.format === 'markdown' ? renderMarkdown(report) : renderText(report, painter());
        process.stdout.write(output);
        exitCode = !options.exitZero && report.findings.some((f) => f.severity === 'error') ? 1 : 0;
      })();
    });
  program
    .command('trace')
    .description('trace a packet through NAT, filter, routes and the overlay')
    .argument('<inputs...>', 'pastes and transcripts ("-" for standard input), directories or sos report tarballs')
    .requiredOption('--to <target>', 'IP[:PORT]')
    .option('--from <host>', 'the host the packet starts on (default: from outside, at the node that owns the address)')
    .option('--udp', 'a UDP packet (default TCP)')
    .option('--format <format>', 'text, json or mermaid', 'text')
    .action((inputs: string[], options: { to: string; from?: string; udp?: boolean; format: string }) => {
      if (!['text', 'json', 'mermaid'].includes(options.format)) {
        process.stderr.write(`netsift: unknown output format "${options.format}"; use text, json or mermaid\n`);
        exitCode = EXIT_USAGE;
        return;
      }
      pending = (async () => {
        const bundle = await readBundle(inputs);
        if (!bundle) {
          exitCode = EXIT_USAGE;
          return;
        }
        const model = buildModel(bundle);
        if (options.from && !model.cluster.nodes.has(options.from)) {
          process.stderr.write(`netsift: unknown host "${options.from}"; known: ${[...model.cluster.nodes.keys()].join(', ')}\n`);
          exitCode = EXIT_USAGE;
          return;
        }
        const result = trace(model, { to: options.to, from: options.from, proto: options.udp ? 'udp' : 'tcp' });
        if (options.format === 'json') process.stdout.write(`${JSON.stringify(result)}\n`);
        else if (options.format === 'mermaid') process.stdout.write(renderMermaid(result));
        else process.stdout.write(renderText({ netsift: VERSION, hosts: [], findings: [], traces: [result], diagnostics: [] }, painter()).split('\n').slice(1).join('\n').trimStart());
        exitCode = 0;
      })();
    });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    throw error;
  }
  const started = pending as Promise<void> | null;
  return started ? started.then(() => exitCode) : exitCode;
}

void Promise.resolve(main(process.argv.slice(2))).then((code) => {
  process.exitCode = code;
});
