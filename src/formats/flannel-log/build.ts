// Turns grammar units of flanneld logs into records: the wrapping's fields, the klog header
// decoded (severity letter, mmdd, file:line) and the message's typed fields (messages.ts).
import type { Token } from '../engine/lex';
import type { Diagnostic, Span } from '../../core';
import { readMessage } from './messages';
import type { FlannelLogEvent } from './schema';

export interface FlannelLogUnit {
  kind: 'entry';
  wrapping: FlannelLogEvent['wrapping'];
  timestamp: Token | null;
  stream: Token | null;
  criTag: Token | null;
  month: Token | null;
  day: Token | null;
  clock: Token | null;
  host: Token | null;
  tag: Token | null;
  level: Token | null;
  time: Token | null;
  thread: Token | null;
  source: Token | null;
  message: Token | null;
  [key: string]: unknown;
}

export type Built = { record: FlannelLogEvent | null; diagnostics: Diagnostic[] };

// klog's severity letters (k8s.io/klog severity.go: "IWEF")
const SEVERITY: Record<string, FlannelLogEvent['severity']> = { I: 'info', W: 'warning', E: 'error', F: 'fatal' };

export function tokenSpan(token: Token): Span {
  return { line: token.line, column: token.col, offset: token.offset, length: token.text.length, text: token.text };
}

function invalid(span: Span, message: string, expected: string): Built {
  return { record: null, diagnostics: [{ code: 'invalid-value', severity: 'error', message, span, expected: [expected] }] };
}

export function buildEntry(unit: FlannelLogUnit, span: Span): Built {
  let severity: FlannelLogEvent['severity'] = null;
  let month: number | null = null;
  let day: number | null = null;
  let file: string | null = null;
  let line: number | null = null;
  if (unit.level) {
    const letter = unit.level.text[0] ?? '';
    severity = Object.hasOwn(SEVERITY, letter) ? (SEVERITY[letter] ?? null) : null;
    if (severity === null) return invalid(tokenSpan(unit.level), `"${letter}" is not a klog severity; the line was not read.`, 'I, W, E or F');
    month = Number.parseInt(unit.level.text.slice(1, 3), 10);
    day = Number.parseInt(unit.level.text.slice(3, 5), 10);
    if (month < 1 || month > 12 || day < 1 || day > 31) return invalid(tokenSpan(unit.level), 'Expected a month and day (mmdd) in the klog header; the line was not read.', 'mmdd');
  }
  if (unit.source) {
    const colon = unit.source.text.lastIndexOf(':');
    file = unit.source.text.slice(0, colon);
    line = Number.parseInt(unit.source.text.slice(colon + 1, -1), 10);
  }
  let timestamp: string | null = unit.timestamp?.text ?? null;
  let host: string | null = null;
  let ident: string | null = null;
  let pid: number | null = null;
  if (unit.month && unit.clock && unit.host && unit.tag) {
    // as printed, with the blanks between ("Nov  4 08:01:02" in syslog files)
    timestamp = span.text.slice(0, unit.clock.offset + unit.clock.text.length - span.offset);
    host = unit.host.text;
    const tag = /^([^[]*)(?:\[(\d+)\])?:$/.exec(unit.tag.text);
    ident = tag?.[1] ?? unit.tag.text;
    pid = tag?.[2] === undefined ? null : Number.parseInt(tag[2], 10);
  }
  const message = unit.message?.text ?? '';
  const messageSpan: Span = unit.message
    ? tokenSpan(unit.message)
    : { line: span.line, column: span.column + span.length, offset: span.offset + span.length, length: 0, text: '' };
  const typed = unit.message ? readMessage(unit.message.type as string, message) : null;
  const record = {
    event: typed?.event ?? 'message',
    wrapping: unit.wrapping, timestamp,
    stream: (unit.stream?.text ?? null) as FlannelLogEvent['stream'],
    criTag: (unit.criTag?.text ?? null) as FlannelLogEvent['criTag'],
    host, ident, pid, severity, month, day,
    time: unit.time?.text ?? null,
    thread: unit.thread ? Number.parseInt(unit.thread.text, 10) : null,
    file, line, message,
    ...typed?.fields,
    messageSpan, span,
  } as FlannelLogEvent;
  return { record, diagnostics: [] };
}
