// Reads bridge fdb show output (any of -d -s -t -4 -6, show dev / br / brport / state filters),
// also flattened into one line, and bridge -j fdb show into the same records.
import type { Diagnostic } from '../../core';
import type { Parsed } from '../format';
import { forEachUnit } from '../engine/read-units';
import { defineReader, type UnitReader } from '../engine/unit-reader';
import grammar from './grammar.gen';
import { lexer, describeToken } from './lexer';
import { buildEntry, type BridgeFdbUnit } from './build';
import { looksLikeJson, parseBridgeFdbJson } from './json';
import type { BridgeFdbEntry } from './schema';

/** The shared reader (its caches are kept across calls); `{ cache: false }` for property tests. */
export const bridgeFdbReader = defineReader<BridgeFdbUnit>({ lexer, grammar, describe: describeToken });

export interface ParseBridgeFdbOptions {
  /** The device of `bridge fdb show dev X` (or `brport X`), whose output leaves the dev column out. */
  dev?: string;
  reader?: UnitReader<BridgeFdbUnit>;
  /** Receives each record of text output as it is read, instead of the result's `records` (then empty; JSON input fills `records`). */
  sink?: (record: BridgeFdbEntry) => void;
}

/**
 * Parses bridge fdb show (text or -j JSON). Never throws.
 * @example parseBridgeFdb('9a:6c:3b:10:00:03 dst 192.168.86.191 self permanent\n', { dev: 'flannel.1' })
 */
export function parseBridgeFdb(text: string, options: ParseBridgeFdbOptions = {}): Parsed<BridgeFdbEntry> {
  const dev = options.dev ?? null;
  if (looksLikeJson(text)) return { format: 'bridge-fdb', ...parseBridgeFdbJson(text, dev) };
  const records: BridgeFdbEntry[] = [];
  const emit = options.sink ?? ((record: BridgeFdbEntry): void => { records.push(record); });
  const built: Diagnostic[] = [];
  // records are built as units are read: no unit (nor its tokens) outlives its line
  const readDiagnostics = forEachUnit(options.reader ?? bridgeFdbReader(), text, ({ unit, span }) => {
    const entry = buildEntry(unit, span, dev);
    emit(entry.record);
    for (const diagnostic of entry.diagnostics) built.push(diagnostic);
  }, { transient: true });
  const diagnostics = [...readDiagnostics, ...built];
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { format: 'bridge-fdb', records, diagnostics };
}
