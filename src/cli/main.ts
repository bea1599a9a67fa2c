// netsift's command line: argv → library → JSON on stdout → exit code. No analysis here.
// Start-up: this module loads commander and the format ids only; a command imports what it runs
// (`parse route-n` route -n's parser, `parse auto` the sniff modules first, split, diagnose and
// trace the whole pipeline from ./commands), so `--help` or a parse of empty input stays quick.
import { Command, CommanderError } from 'commander';
import { formatIds, parseLazilyStreaming } from '../formats/lazy';
import { VERSION } from '../report/version';
import { runWithLargeHeap } from './heap';
import { decideExitStatus, endAsReaderStopped, ParsedJsonWriter, pipeWriter } from './output';
import { EXIT_USAGE, readInput } from './input';
import { printable } from '../core/printable';

/** Commander's collect pattern: each occurrence of the option adds its value. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function main(argv: string[]): number | Promise<number> {
  const program = new Command();
  let exitCode = 0;
  let pending: Promise<void> | null = null;
  program
    .name('netsift')
    .description('Reads the network command output of Kubernetes nodes, and explains what broke.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  program
    .command('parse')
    .description('parse one command output and print { format, records, diagnostics } as JSON')
    .argument('<format>', `a format id (${formatIds.join(', ')}) or "auto"`)
    .argument('[file]', 'the file to read, or "-" for standard input', '-')
    .option('--pretty', 'indent the JSON')
    .action((format: string, file: string, options: { pretty?: boolean }) => {
      if (format !== 'auto' && !formatIds.includes(format as (typeof formatIds)[number])) {
        process.stderr.write(`netsift: unknown format "${printable(format)}"; known: auto, ${formatIds.join(', ')}\n`);
        exitCode = EXIT_USAGE;
        return;
      }
      let text: string;
      try {
        text = readInput(file);
      } catch (error) {
        process.stderr.write(`netsift: cannot read ${printable(file)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
        exitCode = EXIT_USAGE;
        return;
      }
      pending = (async () => {
        // records go out as they are read where the format allows: a large listing's records are never all alive
        const writer = new ParsedJsonWriter(options.pretty === true, pipeWriter() ?? ((chunk) => process.stdout.write(chunk)));
        // "auto" that finds no format (start's id "unknown") is the one failure: known before anything is written
        const result = await parseLazilyStreaming(format, text, undefined, (id) => {
          exitCode = decideExitStatus(format === 'auto' && id === 'unknown' ? EXIT_USAGE : 0);
          writer.start(id);
        }, (record) => writer.record(record));
        writer.end(result as unknown as Record<string, unknown>);
        if (format === 'auto' && result.diagnostics.some((d) => d.code === 'unknown-format')) exitCode = EXIT_USAGE;
      })();
    });
  program
    .command('split')
    .description('cut pastes, transcripts, directories and sos reports into hosts and sections')
    .argument('<inputs...>', 'text files ("-" for standard input), directories or sos report tarballs')
    .option('--format <format>', 'text or json', 'text')
    .option('--host <name>', 'the host of the outputs whose text names none (one node\'s paste without prompts)')
    .action((inputs: string[], options: { format: string; host?: string }) => {
      if (!validHost(options.host)) return;
      if (options.format !== 'text' && options.format !== 'json') {
        process.stderr.write(`netsift: unknown output format "${printable(options.format)}"; use text or json\n`);
        exitCode = EXIT_USAGE;
        return;
      }
      const format = options.format;
      pending = (async () => {
        const { runSplit } = await import('./commands');
        exitCode = await runSplit(inputs, { format, ...(options.host === undefined ? {} : { host: options.host }) });
      })();
    });
  program
    .command('diagnose')
    .description('diagnose the cluster network: root causes first, with evidence and fixes')
    .argument('<inputs...>', 'pastes and transcripts ("-" for standard input), directories or sos report tarballs')
    .option('--format <format>', 'text, json or markdown', 'text')
    .option('--exit-zero', 'exit 0 even when a finding is an error')
    // one target per --trace (repeatable): a variadic option would take the inputs after it as targets
    .option('--trace <target>', 'also trace this packet: IP[:PORT], from outside (repeatable)', collect)
    .option('--host <name>', 'the host of the outputs whose text names none (one node\'s paste without prompts)')
    .action((inputs: string[], options: { format: string; exitZero?: boolean; trace?: string[]; host?: string }) => {
      if (!validHost(options.host) || !(options.trace ?? []).every(validTarget)) return;
      if (!['text', 'json', 'markdown'].includes(options.format)) {
        process.stderr.write(`netsift: unknown output format "${printable(options.format)}"; use text, json or markdown\n`);
        exitCode = EXIT_USAGE;
        return;
      }
      const format = options.format as 'text' | 'json' | 'markdown';
      pending = (async () => {
        const { runDiagnose } = await import('./commands');
        exitCode = await runDiagnose(inputs, { ...options, format });
      })();
    });
  program
    .command('trace')
    .description('trace a packet through NAT, filter, routes and the overlay')
    .argument('<inputs...>', 'pastes and transcripts ("-" for standard input), directories or sos report tarballs')
    .requiredOption('--to <target>', 'IP[:PORT]')
    .option('--from <host>', 'the host the packet starts on (default: from outside, at the node that owns the address)')
    .option('--udp', 'a UDP packet (default TCP)')
    .option('--source <ip>', "the client's IPv4 address, when known (decides kube-proxy's source tests and ip rules with from)")
    .option('--format <format>', 'text, json or mermaid', 'text')
    .option('--host <name>', 'the host of the outputs whose text names none (one node\'s paste without prompts)')
    .action((inputs: string[], options: { to: string; from?: string; udp?: boolean; source?: string; format: string; host?: string }) => {
      if (!validHost(options.host) || !validTarget(options.to)) return;
      if (!['text', 'json', 'mermaid'].includes(options.format)) {
        process.stderr.write(`netsift: unknown output format "${printable(options.format)}"; use text, json or mermaid\n`);
        exitCode = EXIT_USAGE;
        return;
      }
      if (options.source !== undefined && !/^(?:\d{1,3}\.){3}\d{1,3}$/.test(options.source)) {
        process.stderr.write(`netsift: --source "${printable(options.source)}" is not an IPv4 address\n`);
        exitCode = EXIT_USAGE;
        return;
      }
      const format = options.format as 'text' | 'json' | 'mermaid';
      pending = (async () => {
        const { runTrace } = await import('./commands');
        exitCode = await runTrace(inputs, { ...options, format });
      })();
    });
  /** A packet's destination as --to and --trace take it: an IPv4 address, a port 1-65535 after it. */
  function validTarget(target: string): boolean {
    const match = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?$/.exec(target);
    const port = match?.[2] === undefined ? 1 : Number(match[2]);
    if (match && match[1]?.split('.').every((octet) => Number(octet) <= 255) && port >= 1 && port <= 65535) return true;
    process.stderr.write(`netsift: "${printable(target)}" is no IPv4 address with an optional port (1-65535), as in 10.244.2.6:9090\n`);
    exitCode = EXIT_USAGE;
    return false;
  }
  function validHost(host: string | undefined): boolean {
    if (host === undefined || /^[A-Za-z0-9][\w.-]{0,252}$/.test(host)) return true;
    process.stderr.write(`netsift: --host "${printable(host)}" is no host name\n`);
    exitCode = EXIT_USAGE;
    return false;
  }
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    throw error;
  }
  const started = pending as Promise<void> | null;
  return started ? started.then(() => exitCode) : exitCode;
}

// a reader that stops early (`netsift diagnose … | head`) is no error: the exit status is the command's
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  endAsReaderStopped();
});

const argv = process.argv.slice(2);
const second = runWithLargeHeap(argv);
if (second !== null) process.exitCode = second;
else {
  void Promise.resolve(main(argv)).then((code) => {
    process.exitCode = code;
  });
}
