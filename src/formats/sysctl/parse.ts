// Reads sysctl output (also flattened onto one line), one record per line: "key = value",
// "sysctl: …" warnings, "* Applying …". With `{ key }` (sysctl -n KEY…, cat /proc/sys/…) lines
// that are values alone get their key from the command: the n-th line the n-th key, further
// lines (a value of several lines) the last one.
import type { Diagnostic } from '../../core';
import type { ParseOptions, Parsed } from '../format';
import { forEachLine } from '../engine/read-units';
import { defineReader, isAnnotation, lineTooLong, MAX_LINE_LENGTH, type ReadUnit, type Token, type UnitReader } from '../engine/unit-reader';
import grammar from './grammar.gen';
import { lexer, describeToken } from './lexer';
import { buildError, buildSetting, tokensText, type SysctlUnit } from './build';
import type { SysctlEntry } from './schema';

/** The shared reader (its caches are kept across calls); `{ cache: false }` for property tests. */
export const sysctlReader = defineReader<SysctlUnit>({ lexer, grammar, describe: describeToken });

export interface SysctlParseOptions {
  /** The keys of `sysctl -n KEY…` / `cat /proc/sys/…`, separated by spaces, in the command's order. */
  key?: string;
  reader?: UnitReader<SysctlUnit>;
}

/** Parses sysctl output. Never throws. */
export function parseSysctl(text: string, options: SysctlParseOptions | ParseOptions = {}): Parsed<SysctlEntry> {
  const records: SysctlEntry[] = [];
  const reader = 'reader' in options && options.reader && typeof options.reader === 'object' ? options.reader : sysctlReader();
  const read = readSysctlUnits(reader, text);
  const keys = valueKeys(typeof options.key === 'string' ? options.key.split(/\s+/).filter((k) => k !== '') : [], read.units, text);
  const diagnostics: Diagnostic[] = read.diagnostics;
  let values = 0;
  for (const { unit, tokens, span } of read.units) {
    switch (unit.kind) {
      case 'setting':
        records.push(buildSetting(unit.key.text, tokensText(text, unit.value), unit.value, span));
        break;
      case 'error':
        records.push(buildError(tokensText(text, unit.text), span, unit.program.text === 'cat:' ? 'cat' : 'sysctl'));
        break;
      case 'applying':
        records.push({ type: 'applying', file: unit.file.text, span });
        break;
      case 'value': {
        const key = keys[Math.min(values, keys.length - 1)];
        values++;
        if (key === undefined) {
          diagnostics.push(isAnnotation(span.text)
            ? { code: 'annotation', severity: 'info', message: 'A remark mixed into the output was set aside.', span }
            : {
              code: 'unexpected-token', severity: 'error',
              message: 'Expected "key = value"; a value alone (sysctl -n, cat /proc/sys/…) needs the key its command names.',
              span, expected: ['a key (net.ipv4.ip_forward)'],
            });
        } else records.push(buildSetting(key, tokensText(text, tokens), tokens, span));
        break;
      }
    }
  }
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { format: 'sysctl', records, diagnostics };
}

/**
 * The keys the values alone belong to, in order: the command's, less each that a warning says has
 * none (sysctl -n a b c or cat of their files, b missing: two values, for a and c). A warning may
 * come before the values it falls between (stdout to a file or pipe is written when its buffer is
 * full, stderr at once), so the key it names is taken out, not the place it sits in.
 */
function valueKeys(keys: string[], units: readonly ReadUnit<SysctlUnit>[], text: string): string[] {
  if (keys.length < 2) return keys;
  const left = [...keys];
  for (const { unit, span } of units) {
    if (unit.kind !== 'error') continue;
    const key = buildError(tokensText(text, unit.text), span, unit.program.text === 'cat:' ? 'cat' : 'sysctl');
    if (key.type !== 'error' || key.key === null || (key.error !== 'cannot-stat' && key.error !== 'permission-denied' && key.error !== 'unknown-key')) continue;
    const at = left.indexOf(key.key);
    if (at !== -1 && left.length > 1) left.splice(at, 1);
  }
  return left;
}

// nearley's `vtok:*` copies the list at every token and its chart keeps every copy, so one unit of
// n values costs n² in time and memory (a line of 500,000 values ran the heap out). A unit only
// grows that long in a line of many tokens: there the line is cut before each key, "sysctl:" and
// "* Applying" (no unit goes on past one: each only starts a unit), and a piece of more than
// LONG_UNIT tokens, all values after its head (the grammar's vtok), is built here as the grammar
// builds it; shorter pieces go to the reader as before.
const LONG_LINE = 4096;
const LONG_UNIT = 256;
const VALUE = new Set(['int', 'word', 'eq', 'ellipsis']);
const HEADS = new Set(['key', 'program', 'applying']);

/** Every line's units, like readUnits, with long lines cut as above. */
function readSysctlUnits(reader: UnitReader<SysctlUnit>, text: string): { units: ReadUnit<SysctlUnit>[]; diagnostics: Diagnostic[] } {
  const units: ReadUnit<SysctlUnit>[] = [];
  const diagnostics: Diagnostic[] = [];
  forEachLine(text, (lineText, start, line) => {
    if (lineText.length === 0) return;
    if (lineText.length > MAX_LINE_LENGTH) {
      diagnostics.push(lineTooLong(text, start, start + lineText.length, line));
      return;
    }
    const tokens = lineText.length > LONG_LINE ? reader.tokenize(lineText, start, line) : null;
    if (tokens === null || tokens.length <= LONG_UNIT) {
      for (const unit of reader.readLineText(text, lineText, start, line, diagnostics)) units.push(unit);
    } else readLongLine(reader, text, tokens, units, diagnostics);
  });
  return { units, diagnostics };
}

function readLongLine(reader: UnitReader<SysctlUnit>, text: string, tokens: Token[], units: ReadUnit<SysctlUnit>[], diagnostics: Diagnostic[]): void {
  let from = 0;
  while (from < tokens.length) {
    const first = tokens[from] as Token;
    // a token that is neither a head nor a value (none the lexer gives on one line): alone to the reader
    let to = HEADS.has(first.type as string) || VALUE.has(first.type as string) ? from + 1 : from;
    if (to === from) {
      for (const unit of reader.readLine(text, [first], diagnostics)) units.push(unit);
      from++;
      continue;
    }
    while (to < tokens.length && VALUE.has((tokens[to] as Token).type as string)) to++;
    // the head's own tokens: "key =", "sysctl:", "* Applying FILE ..." (else the reader reports it)
    const head = first.type === 'key' ? 2 : first.type === 'program' ? 1 : first.type === 'applying' ? (tokens[from + 1]?.type === 'word' && tokens[from + 2]?.type === 'ellipsis' ? 3 : 1) : 0;
    if (to - from <= LONG_UNIT || (first.type === 'key' && tokens[from + 1]?.type !== 'eq')) {
      for (const unit of reader.readLine(text, tokens.slice(from, to), diagnostics)) units.push(unit);
    } else if (first.type === 'applying') {
      // "* Applying FILE ..." and the values after it: two units (or the head unread, then the values)
      for (const unit of reader.readLine(text, tokens.slice(from, from + head), diagnostics)) units.push(unit);
      units.push(longUnit(text, { kind: 'value', value: tokens.slice(from + head, to) }, tokens.slice(from + head, to), false));
    } else {
      const value = tokens.slice(from + head, to);
      const piece = tokens.slice(from, to);
      const unit: SysctlUnit = first.type === 'key' ? { kind: 'setting', key: first, eq: tokens[from + 1] as Token, value }
        : first.type === 'program' ? { kind: 'error', program: first, text: value } : { kind: 'value', value };
      units.push(longUnit(text, unit, piece, from === 0));
    }
    from = to;
  }
}

function longUnit(text: string, unit: SysctlUnit, tokens: Token[], startsLine: boolean): ReadUnit<SysctlUnit> {
  const first = tokens[0] as Token;
  const last = tokens[tokens.length - 1] as Token;
  const end = last.offset + last.text.length;
  return {
    unit, tokens, line: first.line, startsLine, column: first.col,
    span: { line: first.line, column: first.col, offset: first.offset, length: end - first.offset, text: text.slice(first.offset, end) },
  };
}
