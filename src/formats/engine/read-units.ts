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
 * collector's work. With `transient`, what `visit` is handed (the read unit, its unit and tokens;
 * not its span, which is new for every line) is valid only until `visit` returns (lines of a known
 * skeleton are read into one of each, rewritten line after line): for visitors that copy what
 * they keep, and that do not read text with the same reader while visiting.
 */
export function forEachUnit<U extends Unit>(
  reader: UnitReader<U>, text: string, visit: (unit: ReadUnit<U>) => void, options: { transient?: boolean } = {},
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const lineOptions = { transient: options.transient === true };
  try {
    forEachLine(text, (lineText, start, line) => {
      if (lineText.length > 0) for (const unit of reader.readLineText(text, lineText, start, line, diagnostics, lineOptions)) visit(unit);
    });
  } finally {
    if (lineOptions.transient) reader.releaseLive();
  }
  return diagnostics;
}

/**
 * Every line of `text`, empty ones too: its text without the line break ("\r\n" or "\n"), its
 * offset and its 1-based number. Returns the number of the last line.
 */
export function forEachLine(text: string, visit: (lineText: string, start: number, line: number) => void): number {
  return forEachLineRange(text, (start, end, line) => visit(text.slice(start, end), start, line));
}

/** `forEachLine` without cutting the lines out: where each starts and ends (before its line break) in `text`. */
export function forEachLineRange(text: string, visit: (start: number, end: number, line: number) => void): number {
  let start = 0;
  let line = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    visit(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end, line);
    if (end === text.length) break;
    start = end + 1;
    line++;
  }
  return line;
}
