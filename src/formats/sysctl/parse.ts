// Reads sysctl output (also flattened onto one line), one record per line: "key = value",
// "sysctl: …" warnings, "* Applying …". With `{ key }` (sysctl -n KEY…, cat /proc/sys/…) lines
// that are values alone get their key from the command: the n-th line the n-th key, further
// lines (a value of several lines) the last one.
import type { Diagnostic } from '../../core';
import type { ParseOptions, Parsed } from '../format';
import { readUnits } from '../engine/read-units';
import { defineReader, isAnnotation, type UnitReader } from '../engine/unit-reader';
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
  const keys = typeof options.key === 'string' ? options.key.split(/\s+/).filter((k) => k !== '') : [];
  const read = readUnits(reader, text);
  const diagnostics: Diagnostic[] = [...read.diagnostics];
  let values = 0;
  for (const { unit, tokens, span } of read.units) {
    switch (unit.kind) {
      case 'setting':
        records.push(buildSetting(unit.key.text, tokensText(text, unit.value), unit.value, span));
        break;
      case 'error':
        records.push(buildError(tokensText(text, unit.text), span));
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
