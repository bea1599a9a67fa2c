// Reads ip neigh, ip -s [-s] neigh, ip -br neigh, ip neigh show dev X / proxy / nud S, BusyBox
// ip neigh and ip -j neigh output, also flattened into one line (one unit per entry).
import { SourceText, type Diagnostic, type Span } from '../../core';
import type { Parsed } from '../format';
import { forEachUnit } from '../engine/read-units';
import { defineReader, type UnitReader } from '../engine/unit-reader';
import grammar from './grammar.gen';
import { lexer, describeToken } from './lexer';
import { buildEntry, familyOf, orderKeys, type IpNeighUnit } from './build';
import { readJsonItems, topLevelObjects } from '../engine/json-objects';
import { IpNeighJson, type IpNeighEntry, type NeighFlag } from './schema';

/** The shared reader (its caches are kept across calls); `{ cache: false }` for property tests. */
export const ipNeighReader = defineReader<IpNeighUnit>({ lexer, grammar, describe: describeToken });

export interface ParseIpNeighOptions {
  /** The device of `ip neigh show dev X`, whose output has no dev column; entries keep `dev: null` without it. */
  dev?: string;
  reader?: UnitReader<IpNeighUnit>;
  /** Receives each record of text output as it is read, instead of the result's `records` (then empty; JSON input fills `records`). */
  sink?: (record: IpNeighEntry) => void;
}

/**
 * Parses ip neigh output (text or `ip -j`). Never throws.
 * @example parseIpNeigh('10.244.1.0 lladdr 76:50:75:23:dd:f8 PERMANENT\n', { dev: 'flannel.1' })
 */
export function parseIpNeigh(text: string, options: ParseIpNeighOptions = {}): Parsed<IpNeighEntry> {
  const first = text.trimStart().charAt(0);
  if (first === '[' || first === '{') return parseJson(text, options.dev ?? null);
  const records: IpNeighEntry[] = [];
  const emit = options.sink ?? ((record: IpNeighEntry): void => { records.push(record); });
  const built: Diagnostic[] = [];
  // records are built as units are read: no unit (nor its tokens) outlives its line
  const readDiagnostics = forEachUnit(options.reader ?? ipNeighReader(), text, ({ unit, span }) => {
    const entry = buildEntry(unit, span, options.dev ?? null);
    if (entry.record) emit(entry.record);
    for (const diagnostic of entry.diagnostics) built.push(diagnostic);
  }, { transient: true });
  const diagnostics = [...readDiagnostics, ...built];
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { format: 'ip-neigh', records, diagnostics };
}

const JSON_FLAGS: readonly NeighFlag[] = ['router', 'proxy', 'managed', 'extern_learn', 'offload', 'extern_valid'];

function parseJson(text: string, dev: string | null): Parsed<IpNeighEntry> {
  const source = new SourceText(text);
  const whole = source.span(0, text.length);
  const invalid = (message: string, span: Span = whole): Parsed<IpNeighEntry> => ({
    format: 'ip-neigh', records: [], diagnostics: [{ code: 'invalid-json', severity: 'error', message, span }],
  });
  const read = readJsonItems(text);
  if ('error' in read) return invalid(`Expected the JSON of ip -j neigh; it does not parse (${read.error}).`);
  const checked = IpNeighJson.safeParse(read.items);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return invalid(`Expected ip -j neigh objects; ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'the shape differs'}.`);
  }
  const spans = topLevelObjects(text);
  const records: IpNeighEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  checked.data.forEach((item, index) => {
    const [start, end] = spans[index] ?? [0, text.length];
    const span = source.span(start, end - start);
    const family = familyOf(item.dst);
    if (family === null) {
      diagnostics.push({
        code: 'invalid-value', severity: 'error', message: 'Expected an IPv4 or IPv6 neighbour address in "dst"; the entry was not read.',
        span, expected: ['an IPv4 or IPv6 address'],
      });
      return;
    }
    const flags = JSON_FLAGS.filter((flag) => Object.hasOwn(item, flag));
    const record: IpNeighEntry = {
      dst: item.dst, family, dev: item.dev ?? dev, lladdr: item.lladdr ?? null,
      flags, isRouter: flags.includes('router'), isProxy: flags.includes('proxy'),
      state: item.state ?? [], span,
    };
    // ip -j -s: "refcnt" only when not 0, like "ref N" in text
    if (item.used !== undefined || item.probes !== undefined) record.refcnt = item.refcnt ?? 0;
    else if (item.refcnt !== undefined) record.refcnt = item.refcnt;
    if (item.used !== undefined) record.used = item.used;
    if (item.confirmed !== undefined) record.confirmed = item.confirmed;
    if (item.updated !== undefined) record.updated = item.updated;
    if (item.probes !== undefined) record.probes = item.probes;
    if (item.protocol !== undefined) record.protocol = item.protocol;
    records.push(orderKeys(record));
  });
  return { format: 'ip-neigh', records, diagnostics };
}
