// Reading one input for the CLI: a file, or standard input for "-".
import { readFileSync } from 'node:fs';

export const EXIT_USAGE = 2;

export function readInput(file: string | undefined): string {
  if (file === undefined || file === '-') return readFileSync(0, 'utf8');
  return readFileSync(file, 'utf8');
}
