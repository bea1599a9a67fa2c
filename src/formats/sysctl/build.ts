// Builds sysctl records from the grammar's units: the value as printed (a span of the line, its
// blanks and tabs kept), its integers, and the warning's kind from procps-ng's own message texts
// (src/sysctl.c: "cannot stat %s", "permission denied on key '%s'", "\"%s\" is an unknown key",
// "reading key \"%s\"", "setting key \"%s\"", "%s(%d): invalid syntax, continuing...").
import type { Token } from '../engine/lex';
import type { Span } from '../../core';
import { keyFromProcPath } from './keys';
import type { SysctlEntry, SysctlErrorKind } from './schema';

export type SysctlUnit =
  | { kind: 'setting'; key: Token; eq: Token; value: Token[] }
  | { kind: 'error'; program: Token; text: Token[] }
  | { kind: 'applying'; applying: Token; file: Token; ellipsis: Token }
  | { kind: 'value'; value: Token[] };

/** The text from the first token to the end of the last, as in the source. */
export function tokensText(source: string, tokens: readonly Token[]): string {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (!first || !last) return '';
  return source.slice(first.offset, last.offset + last.text.length);
}

/** The integers of a value when it holds nothing else, each a safe integer. */
export function numericOf(tokens: readonly Token[]): number[] | undefined {
  if (tokens.length === 0) return undefined;
  const out: number[] = [];
  for (const token of tokens) {
    if (token.type !== 'int') return undefined;
    const n = Number(token.text);
    if (!Number.isSafeInteger(n)) return undefined;
    out.push(n === 0 ? 0 : n); // -0 is 0
  }
  return out;
}

export function buildSetting(key: string, value: string, valueTokens: readonly Token[], span: Span): SysctlEntry {
  const numeric = numericOf(valueTokens);
  return numeric ? { type: 'setting', key, value, numeric, span } : { type: 'setting', key, value, span };
}

const QUOTED = /^(?:permission denied on key|reading key|setting key) ['"]([^'"]*)['"]/;

/** Types one "sysctl: …" line by procps-ng's message texts, or cat's "cat: PATH: strerror"; `message` is the text after the program's name. */
export function buildError(message: string, span: Span, program: 'sysctl' | 'cat' = 'sysctl'): SysctlEntry {
  const ignoring = message.endsWith(', ignoring');
  const body = ignoring ? message.slice(0, -', ignoring'.length) : message;
  let error: SysctlErrorKind = 'other';
  let key: string | null = null;
  let path: string | undefined;
  let reason: string | undefined;
  const colon = body.lastIndexOf(': ');
  if (program === 'cat') {
    if (body.startsWith('/proc/sys/') && colon > 0) {
      // cat's "PATH: strerror"
      path = body.slice(0, colon);
      key = keyFromProcPath(path);
      reason = body.slice(colon + 2);
      error = reason === 'No such file or directory' ? 'cannot-stat' : reason === 'Permission denied' ? 'permission-denied' : 'reading-key';
    }
  } else if (body.startsWith('cannot stat /proc/sys/')) {
    error = 'cannot-stat';
    path = colon > 'cannot stat '.length ? body.slice('cannot stat '.length, colon) : body.slice('cannot stat '.length);
    key = keyFromProcPath(path);
    if (colon > 'cannot stat '.length) reason = body.slice(colon + 2);
  } else if (body.startsWith('"') && body.endsWith('" is an unknown key')) {
    error = 'unknown-key';
    key = body.slice(1, -'" is an unknown key'.length);
  } else if (body.endsWith('): invalid syntax, continuing...')) {
    error = 'invalid-syntax';
  } else {
    const quoted = QUOTED.exec(body);
    if (quoted) {
      error = body.startsWith('permission') ? 'permission-denied' : body.startsWith('reading') ? 'reading-key' : 'setting-key';
      key = quoted[1] ?? null;
      const rest = body.slice(quoted[0].length);
      if (rest.startsWith(': ')) reason = rest.slice(2);
    }
  }
  const record: SysctlEntry = { type: 'error', error, program, key, ignoring, message, span };
  if (path !== undefined) record.path = path;
  if (reason !== undefined) record.reason = reason;
  return record;
}
