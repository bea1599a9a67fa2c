// netsift's command line: argv → library → JSON on stdout → exit code. No analysis here.
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { parse, formats } from '../index';

const EXIT_USAGE = 2;

function readInput(file: string | undefined): string {
  if (file === undefined || file === '-') return readFileSync(0, 'utf8');
  return readFileSync(file, 'utf8');
}

export function main(argv: string[]): number {
  const program = new Command();
  let exitCode = 0;
  program
    .name('netsift')
    .description('Reads Linux network command output into typed records.')
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
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    throw error;
  }
  return exitCode;
}

process.exitCode = main(process.argv.slice(2));
