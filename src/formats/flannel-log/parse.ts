// Reads flanneld logs in every wrapping people paste, also flattened into one line with remarks
// between the klog lines; one record per log line.
import type { Diagnostic } from '../../core';
import type { Parsed } from '../format';
import { readUnits } from '../engine/read-units';
import { defineReader, type UnitReader } from '../engine/unit-reader';
import grammar from './grammar.gen';
import { lexer, describeToken } from './lexer';
import { buildEntry, type FlannelLogUnit } from './build';
import type { FlannelLogEvent } from './schema';

/** The shared reader (its caches are kept across calls); `{ cache: false }` for property tests. */
export const flannelLogReader = defineReader<FlannelLogUnit>({ lexer, grammar, describe: describeToken });

/** Parses flanneld log lines (klog, kubectl logs [--timestamps], CRI log files, journald). Never throws. */
export function parseFlannelLog(text: string, options: { reader?: UnitReader<FlannelLogUnit> } = {}): Parsed<FlannelLogEvent> {
  const records: FlannelLogEvent[] = [];
  const read = readUnits(options.reader ?? flannelLogReader(), text);
  const diagnostics: Diagnostic[] = [...read.diagnostics];
  for (const { unit, span } of read.units) {
    const built = buildEntry(unit, span);
    if (built.record) records.push(built.record);
    diagnostics.push(...built.diagnostics);
  }
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { format: 'flannel-log', records, diagnostics };
}
