// Reads flanneld logs in every wrapping people paste, also flattened into one line with remarks
// between the klog lines; one record per log line.
import type { Diagnostic } from '../../core';
import type { Parsed } from '../format';
import { readUnits } from '../engine/read-units';
import { UnitReader } from '../engine/unit-reader';
import grammar from './grammar.gen';
import { lexer, describeToken } from './lexer';
import { buildEntry, type FlannelLogUnit } from './build';
import type { FlannelLogEvent } from './schema';

let reader: UnitReader<FlannelLogUnit> | undefined;

/** The shared reader (its shape cache is kept across calls); `cache: false` for property tests. */
export function flannelLogReader(options: { cache?: boolean } = {}): UnitReader<FlannelLogUnit> {
  if (options.cache === false) return new UnitReader<FlannelLogUnit>({ lexer, grammar, describe: describeToken, cache: false });
  reader ??= new UnitReader<FlannelLogUnit>({ lexer, grammar, describe: describeToken });
  return reader;
}

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
