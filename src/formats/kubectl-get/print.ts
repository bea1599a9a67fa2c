// Writes kubectl get records in kubectl's table layout: cells joined by tabs through Go's
// tabwriter as k8s.io/cli-runtime/pkg/printers/tabwriter.go sets it up (padding 3, pad with
// spaces), so every column but the last is as wide as its widest cell plus three spaces.
import { COLUMNS, WIDE_COLUMNS, type KubectlTable } from './headers';
import type { KubectlGetRow } from './schema';
import type { KubernetesObject } from '../shared/kubernetes/schema';
import { printObjectsJson, printObjectsYaml } from './print-objects';

/** A table row (the records -o json / -o yaml objects are not). */
export type KubectlTableRow = Exclude<KubectlGetRow, KubernetesObject>;

const OBJECT_KINDS: ReadonlySet<string> = new Set(['node-object', 'pod-object', 'service-object', 'endpoints-object', 'flannel-net-conf']);
const isObject = (record: KubectlGetRow): record is KubernetesObject => OBJECT_KINDS.has(record.kind);

const show = (value: string | null | undefined): string => value ?? '<none>';

/** Whether a record carries -o wide's columns, and how many of them (pods without READINESS GATES: 3). */
function wideCount(record: KubectlTableRow): number {
  switch (record.kind) {
    case 'service': return record.selector === undefined ? 0 : 1;
    case 'pod': return record.ip === undefined ? 0 : record.readinessGates === undefined ? 3 : 4;
    case 'node': return record.internalIP === undefined ? 0 : 5;
    case 'endpoints': return 0;
    case 'row': return 0;
  }
}

/** The cells kubectl prints for a record, in column order. */
export function cellsOf(record: KubectlTableRow): string[] {
  const namespace = record.kind !== 'node' && record.kind !== 'row' && record.namespace !== null ? [record.namespace] : [];
  switch (record.kind) {
    case 'service': {
      const ports = record.ports.length === 0
        ? '<none>'
        : record.ports.map((p) => `${p.port}${p.nodePort === null ? '' : `:${p.nodePort}`}/${p.protocol}`).join(',');
      const cells = [...namespace, record.name, record.type, show(record.clusterIP), show(record.externalIP), ports, record.age];
      if (record.selector !== undefined) cells.push(show(record.selector));
      return cells;
    }
    case 'pod': {
      const cells = [...namespace, record.name, record.ready, record.status, record.restarts, record.age];
      if (record.ip !== undefined) cells.push(show(record.ip), show(record.node), show(record.nominatedNode));
      if (record.readinessGates !== undefined) cells.push(show(record.readinessGates));
      return cells;
    }
    case 'node': {
      const cells = [record.name, record.status, show(record.roles), record.age, record.version];
      if (record.internalIP !== undefined)
        cells.push(show(record.internalIP), show(record.externalIP), record.osImage ?? '', record.kernelVersion ?? '', record.containerRuntime ?? '');
      return cells;
    }
    case 'endpoints': {
      const list = record.addresses.length === 0 ? '<none>' : record.addresses.join(',') + (record.more > 0 ? ` + ${record.more} more...` : '');
      return [...namespace, record.name, list, record.age];
    }
    case 'row':
      return record.cells;
  }
}

function headerOf(table: KubectlTable, hasNamespace: boolean, wide: number): string[] {
  return [...(hasNamespace ? ['NAMESPACE'] : []), ...COLUMNS[table], ...WIDE_COLUMNS[table].slice(0, wide)];
}

/** Go's tabwriter with padding 3: each column but the last padded to its widest cell + 3. */
export function tabulate(rows: readonly string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 3))).join('')).join('\n') + '\n';
}

/**
 * Prints records as kubectl get would: one table per run of rows of one kind and layout
 * (NAMESPACE when they carry one, -o wide's columns when they carry them), each under its header;
 * objects as -o json (default) or -o yaml, after the tables (text with both is no one command's output).
 */
export function printKubectlGet(all: readonly KubectlGetRow[], options: { output?: 'json' | 'yaml' } = {}): string {
  const objects = all.filter(isObject);
  const records = all.filter((record): record is KubectlTableRow => !isObject(record));
  const tail = objects.length === 0 ? '' : options.output === 'yaml' ? printObjectsYaml(objects) : printObjectsJson(objects);
  return printTables(records) + tail;
}

function printTables(records: readonly KubectlTableRow[]): string {
  let out = '';
  let index = 0;
  while (index < records.length) {
    const first = records[index] as KubectlTableRow;
    const hasNamespace = first.kind !== 'node' && first.kind !== 'row' && first.namespace !== null;
    const wide = wideCount(first);
    const rows: string[][] = [first.kind === 'row' ? first.columns : headerOf(first.kind, hasNamespace, wide)];
    while (index < records.length) {
      const record = records[index] as KubectlTableRow;
      if (record.kind === 'row' && first.kind === 'row' && record.columns.join('\t') !== first.columns.join('\t')) break;
      if (record.kind !== first.kind || wideCount(record) !== wide || (record.kind !== 'node' && record.kind !== 'row' && (record.namespace !== null) !== hasNamespace)) break;
      rows.push(cellsOf(record));
      index++;
    }
    out += tabulate(rows);
  }
  return out;
}
