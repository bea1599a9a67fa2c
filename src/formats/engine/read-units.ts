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
  const diagnostics: Diagnostic[] = [];
  let start = 0;
  let line = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const contentEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (contentEnd > start) {
      for (const unit of reader.readLineText(text, text.slice(start, contentEnd), start, line, diagnostics)) units.push(unit);
    }
    if (end === text.length) break;
    start = end + 1;
    line++;
  }
  return { units, diagnostics };
}
