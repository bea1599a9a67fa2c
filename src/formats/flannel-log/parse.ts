// Reads flanneld logs in every wrapping people paste, also flattened into one line with remarks
// between the klog lines; one record per log line.
import type { Diagnostic } from '../../core';
import type { Parsed } from '../format';
import { forEachUnit } from '../engine/read-units';
import { defineReader, type UnitReader } from '../engine/unit-reader';
import grammar from './grammar.gen';
import { lexer, describeToken } from './lexer';
import { buildEntry, type FlannelLogUnit } from './build';
import type { FlannelLogEvent } from './schema';

/** The shared reader (its caches are kept across calls); `{ cache: false }` for property tests. */
export const flannelLogReader = defineReader<FlannelLogUnit>({ lexer, grammar, describe: describeToken });

/** Parses flanneld log lines (klog, kubectl logs [--timestamps], CRI log files, journald). Never throws. */
export function parseFlannelLog(text: string, options: { reader?: UnitReader<FlannelLogUnit>; sink?: (record: FlannelLogEvent) => void } = {}): Parsed<FlannelLogEvent> {
  const records: FlannelLogEvent[] = [];
  const emit = options.sink ?? ((record: FlannelLogEvent): void => { records.push(record); });
  const built: Diagnostic[] = [];
  // records are built as units are read: no unit (nor its tokens) outlives its line
  const readDiagnostics = forEachUnit(options.reader ?? flannelLogReader(), text, ({ unit, span }) => {
    const entry = buildEntry(unit, span);
    if (entry.record) emit(entry.record);
    for (const diagnostic of entry.diagnostics) built.push(diagnostic);
  }, { transient: true });
  const diagnostics = [...readDiagnostics, ...built];
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { format: 'flannel-log', records, diagnostics };
}
