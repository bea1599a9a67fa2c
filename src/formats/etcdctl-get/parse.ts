// Reads etcdctl get output (API v3: each key on its line, then its value as raw bytes; -w json:
// keys and values in base64) and API v2 / --print-value-only output (values alone, the key
// given by the command). Node values are decoded exactly when whole; a value whose bytes were
// garbled or flattened in a paste is recovered from the strings it still shows (recovered: true).
import { SourceText, type Diagnostic, type Span } from '../../core';
import { append } from '../../core/append';
import type { Parsed, ParseOptions } from '../format';
import { readUnits } from '../engine/read-units';
import { defineReader, isAnnotation, type ReadUnit, type UnitReader } from '../engine/unit-reader';
import { readApiObject } from '../shared/kubernetes/api';
import { scanJsonValues } from '../shared/kubernetes/json-values';
import grammar from './grammar.gen';
import { lexer, describeToken } from './lexer';
import { readNetConf } from '../shared/kubernetes/api';
import { classifyKey, leaseOf, nodeFromDecoded, recoverNode, type EtcdctlUnit } from './build';
import { decodeNode } from './protobuf';
import type { EtcdctlGetRecord } from './schema';

/** The shared reader (its caches are kept across calls); `{ cache: false }` for property tests. */
export const etcdctlGetReader = defineReader<EtcdctlUnit>({ lexer, grammar, describe: describeToken });

export interface EtcdctlGetOptions {
  /** The key the command asked for: names the value of API v2 / --print-value-only output. */
  key?: string;
  reader?: UnitReader<EtcdctlUnit>;
}

interface Out {
  records: EtcdctlGetRecord[];
  diagnostics: Diagnostic[];
}

/** -w json: a response object at the start of a line (after junk lines of a paste, too). */
const isJsonStart = (text: string): boolean => /^[ \t]*\{\s*"(?:header|kvs|count)"/m.test(text.slice(0, 4096));

/** The record (or diagnostic) of one key and its value; `units` are the value's, for recovery. */
function readEntry(
  key: string, value: string, span: Span, units: readonly ReadUnit<EtcdctlUnit>[], unread: Diagnostic[], out: Out, exactOnly: boolean,
): void {
  const what = classifyKey(key);
  if (what.kind === 'node') {
    const decoded = decodeNode(value);
    if (decoded) {
      out.records.push(nodeFromDecoded(decoded, what.name, span));
      return;
    }
    // API servers before 1.6 (and --storage-media-type=application/json) store JSON
    if (value.trimStart().startsWith('{')) {
      try {
        const reading = readApiObject(JSON.parse(value), span);
        if ('record' in reading && reading.record.kind === 'node-object') {
          out.records.push(reading.record);
          return;
        }
      } catch {
        // not JSON: recovered below
      }
    }
    if (exactOnly) {
      out.diagnostics.push({ code: 'invalid-value', severity: 'error', span, message: `The value of ${key} is no Node object netsift can decode; it was not read.`, expected: ['a protobuf or JSON Node'] });
      return;
    }
    const recovered = recoverNode(what.name, units.map((u) => ({ unit: u.unit, span: u.span })), span);
    out.records.push(recovered.record);
    append(out.diagnostics, recovered.diagnostics);
    for (const d of unread) {
      out.diagnostics.push(d.code === 'annotation'
        ? d
        : { code: 'annotation', severity: 'info', span: d.span, message: 'Bytes of the stored Node that netsift does not read (protobuf framing, other fields, or a remark) were set aside.' });
    }
    if (value.trim() === '') {
      out.diagnostics.push({ code: 'incomplete', severity: 'info', span, message: `No value was printed for ${key} (--keys-only?); only the node name is known.`, expected: ['the value'] });
    }
    return;
  }
  if (what.kind === 'config') {
    const conf = readNetConf(value.trim());
    if ('error' in conf) out.diagnostics.push({ code: 'invalid-json', severity: 'error', span, message: `The value of ${key}: ${conf.error}`, expected: ['{"Network":…}'] });
    else out.records.push({ kind: 'flannel-net-conf', namespace: null, name: key, ...conf, span });
    return;
  }
  if (what.kind === 'lease') {
    const lease = leaseOf(what.subnet, value.trim(), span);
    if (lease) out.records.push(lease);
    else out.diagnostics.push({ code: 'invalid-json', severity: 'error', span, message: `The value of ${key} is no flannel lease (a JSON object); it was not read.`, expected: ['{"PublicIP":…}'] });
    return;
  }
  out.diagnostics.push({
    code: 'unexpected-text', severity: 'info', span, expected: ['/registry/minions/<node>', '<prefix>/network/subnets/<subnet>'],
    message: `netsift reads Nodes (/registry/minions/), flannel leases (…/network/subnets/) and flannel's config (…/network/config); ${key} was set aside.`,
  });
}

const atobSafe = (text: unknown): string | null => {
  if (typeof text !== 'string') return null;
  try {
    return atob(text);
  } catch {
    return null;
  }
};

/** etcdctl get -w json: {"header":…,"kvs":[{"key":base64,"value":base64,…}],"count":N}. */
function readJson(text: string, out: Out): void {
  const source = new SourceText(text);
  const scan = scanJsonValues(text, 'kvs');
  for (const [start, end] of scan.gaps) {
    const span = source.spanBetween(start, end);
    out.diagnostics.push(isAnnotation(span.text)
      ? { code: 'annotation', severity: 'info', message: 'A remark mixed into the output was set aside.', span }
      : { code: 'unexpected-text', severity: 'warning', message: 'Text outside the JSON response was not read.', span, expected: ['a JSON object'] });
  }
  for (const range of scan.values) {
    const span = source.spanBetween(range.start, range.end);
    let value: unknown;
    try {
      value = JSON.parse(span.text);
    } catch (error) {
      out.diagnostics.push({ code: 'invalid-json', severity: 'error', span, expected: ['a JSON object'], message: `Not JSON (${error instanceof Error ? error.message : String(error)}); the response was not read.` });
      continue;
    }
    const kvs = value !== null && typeof value === 'object' ? (value as { kvs?: unknown }).kvs : undefined;
    if (kvs === undefined) continue; // a response without kvs: no key matched
    if (!Array.isArray(kvs)) {
      out.diagnostics.push({ code: 'invalid-json', severity: 'error', span, message: 'kvs is not an array; the response was not read.', expected: ['"kvs": […]'] });
      continue;
    }
    const aligned = range.items !== null && range.items.length === kvs.length;
    kvs.forEach((kv: unknown, index) => {
      const at = aligned ? (range.items?.[index] as [number, number]) : null;
      const kvSpan = at ? source.spanBetween(at[0], at[1]) : span;
      const entry = kv !== null && typeof kv === 'object' ? (kv as { key?: unknown; value?: unknown }) : {};
      const key = atobSafe(entry.key);
      const bytes = entry.value === undefined ? '' : atobSafe(entry.value);
      if (key === null || bytes === null) {
        out.diagnostics.push({ code: 'invalid-json', severity: 'error', span: kvSpan, message: 'A key or value that is not base64; the entry was not read.', expected: ['base64'] });
        return;
      }
      readEntry(key, bytes, kvSpan, [], [], out, true);
    });
  }
}

/** [start, end) of `text` with blanks trimmed at both ends. */
function trimmed(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] as string)) s++;
  while (e > s && /\s/.test(text[e - 1] as string)) e--;
  return [s, e];
}

/**
 * Parses etcdctl get output. Never throws.
 * @example parseEtcdctlGet(text) // for `etcdctl get /registry/minions/ --prefix`
 */
export function parseEtcdctlGet(text: string, options: EtcdctlGetOptions = {}): Parsed<EtcdctlGetRecord> {
  const out: Out = { records: [], diagnostics: [] };
  if (isJsonStart(text)) {
    readJson(text, out);
    return finish(out);
  }
  const source = new SourceText(text);
  const read = readUnits(options.reader ?? etcdctlGetReader(), text);
  // a key starts an entry at the start of a line, or anywhere in a flattened paste
  const keys = read.units.filter((u) => u.unit.kind === 'key');
  const starts: { key: string; start: number; valueStart: number }[] = keys.map((u) => {
    const end = u.span.offset + u.span.length;
    // etcdctl prints the value on the next line; a flattened paste after a blank
    const valueStart = text.startsWith('\r\n', end) ? end + 2 : text[end] === '\n' || text[end] === ' ' ? end + 1 : end;
    return { key: u.span.text, start: u.span.offset, valueStart };
  });
  const first = starts[0]?.start ?? text.length;
  const [headStart, headEnd] = trimmed(text, 0, first);
  if (options.key !== undefined && headEnd > headStart) starts.unshift({ key: options.key, start: headStart, valueStart: headStart });
  else {
    // before the first key: nothing of an entry
    for (const u of read.units) if (u.span.offset < first) out.diagnostics.push({ code: 'unexpected-text', severity: 'warning', span: u.span, message: 'Text before the first key was not read.', expected: ['an etcd key'] });
    append(out.diagnostics, read.diagnostics.filter((d) => d.span.offset < first));
  }
  // each entry takes the units and diagnostics inside its value: one pass over both, by offset
  // (filtering the whole list per entry was quadratic in the number of keys)
  const units = read.units.filter((u) => u.unit.kind !== 'key').sort((a, b) => a.span.offset - b.span.offset);
  const unreadAll = [...read.diagnostics].sort((a, b) => a.span.offset - b.span.offset);
  let u = 0;
  let d = 0;
  starts.forEach((entry, index) => {
    const next = starts[index + 1]?.start ?? text.length;
    // the value ends with the newline etcdctl prints after it
    let valueEnd = next;
    if (text[valueEnd - 1] === '\n') valueEnd--;
    if (text[valueEnd - 1] === '\r') valueEnd--;
    const value = text.slice(entry.valueStart, Math.max(entry.valueStart, valueEnd));
    const [spanStart, spanEnd] = trimmed(text, entry.start, next);
    const span = source.spanBetween(spanStart, spanEnd);
    const inside: typeof units = [];
    const unread: Diagnostic[] = [];
    while (u < units.length && (units[u] as (typeof units)[number]).span.offset < next) {
      const unit = units[u++] as (typeof units)[number];
      if (unit.span.offset >= entry.valueStart) inside.push(unit);
    }
    while (d < unreadAll.length && (unreadAll[d] as Diagnostic).span.offset < next) {
      const diagnostic = unreadAll[d++] as Diagnostic;
      if (diagnostic.span.offset >= entry.valueStart) unread.push(diagnostic);
    }
    readEntry(entry.key, value, span, inside, unread, out, false);
  });
  return finish(out);
}

function finish(out: Out): Parsed<EtcdctlGetRecord> {
  out.records.sort((a, b) => a.span.offset - b.span.offset);
  out.diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { format: 'etcdctl-get', records: out.records, diagnostics: out.diagnostics };
}

/** The registry's parse: ParseOptions from the command ({ key }). */
export const parseEtcdctlGetWith = (text: string, options?: ParseOptions): Parsed<EtcdctlGetRecord> =>
  parseEtcdctlGet(text, options?.key === undefined ? {} : { key: options.key });
