// Column headers of kubectl get's table output (k8s.io/kubernetes pkg/printers/internalversion
// printers.go column definitions for services, pods, nodes and endpoints; -o wide adds columns).

/** The tables this format reads, by the resource kubectl lists. */
export type KubectlTable = 'service' | 'pod' | 'node' | 'endpoints';

/** Columns of each table without NAMESPACE (-A adds it first) and without -o wide's extra columns. */
export const COLUMNS: Record<KubectlTable, readonly string[]> = {
  service: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
  pod: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
  node: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
  endpoints: ['NAME', 'ENDPOINTS', 'AGE'],
};

/** Columns -o wide adds. kubectl before 1.11 prints pods without READINESS GATES (the seed's capture). */
export const WIDE_COLUMNS: Record<KubectlTable, readonly string[]> = {
  service: ['SELECTOR'],
  pod: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
  node: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
  endpoints: [],
};

/** What a header line says about the rows under it. */
export interface KubectlLayout {
  table: KubectlTable;
  /** NAMESPACE is the first column (-A, --all-namespaces). */
  hasNamespace: boolean;
  /** The header's columns, in order, as kubectl names them ("NOMINATED NODE" is one column). */
  columns: string[];
}

/** The layout of a header token's text (whitespace between words in any amount). */
export function layoutOf(table: KubectlTable, headerText: string): KubectlLayout {
  const words = headerText.trim().split(/\s+/);
  const hasNamespace = words[0] === 'NAMESPACE';
  const base = COLUMNS[table];
  const columns = [...(hasNamespace ? ['NAMESPACE'] : []), ...base];
  let count = words.length - columns.length;
  for (const column of WIDE_COLUMNS[table]) {
    const size = column.split(' ').length;
    if (count < size) break;
    columns.push(column);
    count -= size;
  }
  return { table, hasNamespace, columns };
}
