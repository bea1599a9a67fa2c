// Cuts a text into lines and reads each line's units with a format's UnitReader.
import type { Diagnostic } from '../../core';
import type { ReadUnit, Unit, UnitReader } from './unit-reader';

export interface ReadResult<U extends Unit> {
  units: ReadUnit<U>[];
  diagnostics: Diagnostic[];
}

/** Reads every line of `text`; "\r\n" and "\n" both end a line. Never throws on input. */
export function readUnits<U extends Unit>(reader: UnitReader<U>, text: string): ReadResult<U> {
  const units: ReadUnit<U>[] = [];
  const diagnostics = forEachUnit(reader, text, (unit) => units.push(unit));
  return { units, diagnostics };
}

/**
 * Reads every line of `text` like `readUnits`, handing each unit to `visit` as it is read, and
 * returns the reader's diagnostics. A format that builds its records there keeps no unit (nor its
 * tokens) alive past its line: on large listings, that live heap was most of the garbage
 * collector's work.
 */
export function forEachUnit<U extends Unit>(reader: UnitReader<U>, text: string, visit: (unit: ReadUnit<U>) => void): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  let start = 0;
  let line = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const contentEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (contentEnd > start) {
      for (const unit of reader.readLineText(text, text.slice(start, contentEnd), start, line, diagnostics)) visit(unit);
    }
    if (end === text.length) break;
    start = end + 1;
    line++;
  }
  return diagnostics;
}
