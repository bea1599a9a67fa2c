// How much a text looks like kubectl get's table output, from its first lines: a known header,
// also at the start of a flattened paste, or after the command line pasted before it.
import { firstLines } from '../format';
import { COLUMNS } from './headers';

const squash = (line: string): string => line.trim().split(/\s+/).join(' ');
const STARTS = Object.values(COLUMNS).map((columns) => columns.join(' '));

export function sniffKubectlGet(text: string): number {
  for (const line of firstLines(text, 6)) {
    const flat = squash(line).replace(/^NAMESPACE /, '');
    if (STARTS.some((start) => flat === start || flat.startsWith(`${start} `))) return 0.95;
    // "# kubectl get svc -nprometheus NAME TYPE …": the prompt and command glued to the table
    if (/kubectl get /.test(flat) && STARTS.some((start) => flat.includes(` ${start} `) || flat.endsWith(` ${start}`))) return 0.9;
  }
  return 0;
}
