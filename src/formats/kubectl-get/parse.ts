// Reads kubectl get's table output (services, pods, nodes, endpoints; -A, -o wide), also
// flattened into one line; the header line says which table the rows belong to. -o json and
// -o yaml output (told apart by content) is read by objects.ts.
import { SourceText, type Diagnostic } from '../../core';
import { append } from '../../core/append';
import type { FormatId, Parsed } from '../format';
import { readUnits } from '../engine/read-units';
import { UnitReader, type ReadUnit } from '../engine/unit-reader';
import grammar from './grammar.gen';
import { lexer, describeToken, KUBECTL_SKELETON } from './lexer';
import { buildOtherRow, buildRow, headerColumns, type KubectlUnit } from './build';
import type { KubectlTable } from './headers';
import type { KubectlGetRow, KubectlRow } from './schema';
import { outputKind, readJsonObjects, readYamlObjects } from './objects';

/** 'kubectl-get' is not yet in FORMAT_IDS (src/formats/format.ts); the registry adds it. */
export const KUBECTL_GET_ID: FormatId = 'kubectl-get';

let reader: UnitReader<KubectlUnit> | undefined;

/** The shared reader (its shape cache is kept across calls); `cache: false` for property tests. */
export function kubectlGetReader(options: { cache?: boolean } = {}): UnitReader<KubectlUnit> {
  if (options.cache === false) return new UnitReader<KubectlUnit>({ lexer, grammar, describe: describeToken, cache: false, skeleton: KUBECTL_SKELETON });
  reader ??= new UnitReader<KubectlUnit>({ lexer, grammar, describe: describeToken, skeleton: KUBECTL_SKELETON });
  return reader;
}

export interface KubectlGetOptions {
  /** The command's `-n NS`: the namespace of rows in tables without a NAMESPACE column. */
  namespace?: string;
  reader?: UnitReader<KubectlUnit>;
}

/**
 * Parses kubectl get output: tables, -o json, -o yaml. Never throws.
 * @example parseKubectlGet(text, { namespace: 'prometheus' }) // for `kubectl get svc -nprometheus`
 */
export function parseKubectlGet(text: string, options: KubectlGetOptions = {}): Parsed<KubectlGetRow> {
  const kind = outputKind(text);
  if (kind !== 'table') {
    const read = kind === 'json' ? readJsonObjects(text) : readYamlObjects(text);
    read.diagnostics.sort((a, b) => a.span.offset - b.span.offset);
    return { format: KUBECTL_GET_ID, records: read.records, diagnostics: read.diagnostics };
  }
  const records: KubectlGetRow[] = [];
  const read = readUnits(options.reader ?? kubectlGetReader(), text);
  const namespace = options.namespace ?? null;
  const other = readOtherTables(text, read.units, namespace);
  append(records, other.values());
  const diagnostics: Diagnostic[] = read.diagnostics.filter((d) => !other.has(d.span.line));
  let table: KubectlTable | 'other' | undefined;
  let warnedNoHeader = false;
  for (const { unit, span } of read.units) {
    if (other.has(span.line)) continue;
    if (unit.kind === 'header') {
      table = unit.table;
      continue;
    }
    if (!table && !warnedNoHeader) {
      warnedNoHeader = true;
      diagnostics.push({
        code: 'incomplete', severity: 'info',
        message: 'No header line before the rows; each row was read by its own shape.',
        span, expected: ['the column header'],
      });
    } else if (table && table !== unit.kind) {
      diagnostics.push({
        code: 'unexpected-text', severity: 'warning',
        message: `A ${unit.kind} row under the ${table} table's header; it was read as a ${unit.kind}.`,
        span, expected: [`a ${table} row`],
      });
    }
    const built = buildRow(unit, namespace, span);
    if (built.record) records.push(built.record);
    else diagnostics.push({ code: 'incomplete', severity: 'error', message: 'This row was not read.', span, expected: [`a ${unit.kind} row`] });
    append(diagnostics, built.diagnostics);
  }
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  records.sort((a, b) => a.span.offset - b.span.offset);
  return { format: KUBECTL_GET_ID, records, diagnostics };
}

/**
 * Rows of tables this format has no schema for, by line: under a header of upper-case columns
 * alone on its line, each line up to a blank line or the next header is cut at the header's
 * column starts (kubectl's tabwriter aligns every cell there). Flattened, such rows are not read.
 */
function readOtherTables(text: string, units: readonly ReadUnit<KubectlUnit>[], namespace: string | null): Map<number, KubectlRow> {
  const rows = new Map<number, KubectlRow>();
  const headerLines = new Set(units.filter((u) => u.unit.kind === 'header').map((u) => u.line));
  const source = new SourceText(text);
  const lineText = (line: number): { start: number; content: string } => {
    const start = source.lineStart(line);
    const end = line < source.lineCount ? source.lineStart(line + 1) - 1 : text.length;
    return { start, content: text.slice(start, end).replace(/\r$/, '') };
  };
  for (const { unit, line, span } of units) {
    if (unit.kind !== 'header' || unit.table !== 'other') continue;
    const header = lineText(line);
    if (header.content.trim() !== span.text) continue;
    const columns = headerColumns(header.content);
    for (let row = line + 1; row <= source.lineCount && !headerLines.has(row); row++) {
      const { start, content } = lineText(row);
      const first = content.search(/\S/);
      if (first === -1) break;
      const trimmed = content.trimEnd();
      const rowSpan = source.span(start + first, trimmed.length - first);
      rows.set(row, buildOtherRow(columns, trimmed, namespace, rowSpan));
    }
  }
  return rows;
}
