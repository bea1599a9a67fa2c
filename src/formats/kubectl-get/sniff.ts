// How much a text looks like kubectl get's output, from its first lines: a known table header,
// also at the start of a flattened paste, or after the command line pasted before it; an API
// object or List as -o json or -o yaml prints it.
import { firstLines } from '../format';
import { COLUMNS } from './headers';

const squash = (line: string): string => line.trim().split(/\s+/).join(' ');
const STARTS = Object.values(COLUMNS).map((columns) => columns.join(' '));

/** -o json: kubectl sorts the keys, so an object starts with apiVersion (addressType for an EndpointSlice). */
const JSON_OBJECT = /^\s*\{\s*"(?:apiVersion|addressType|kind)"\s*:/;
/** -o yaml: sorted keys, so apiVersion first; then items (a List) or kind. */
const YAML_OBJECT = /^(?:addressType: \w+\r?\n)?apiVersion: [\w./-]+\r?\n(?:items:|kind: |endpoints:)/;

export function sniffKubectlGet(text: string): number {
  const head = text.slice(0, 512);
  if (JSON_OBJECT.test(head) && head.includes('"apiVersion"')) return 0.95;
  if (YAML_OBJECT.test(head.trimStart())) return 0.9;
  for (const line of firstLines(text, 6)) {
    const flat = squash(line).replace(/^NAMESPACE /, '');
    if (STARTS.some((start) => flat === start || flat.startsWith(`${start} `))) return 0.95;
    // "# kubectl get svc -nprometheus NAME TYPE …": the prompt and command glued to the table
    if (/kubectl get /.test(flat) && STARTS.some((start) => flat.includes(` ${start} `) || flat.endsWith(` ${start}`))) return 0.9;
  }
  return 0;
}
