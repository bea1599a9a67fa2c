// Reads ip link output: the block layout (ip link, -d, -s, -s -s, BusyBox), ip -o link (an
// interface's lines joined by "\"), ip -br link, ip -c colours, and ip -j JSON; also pastes
// whose line breaks were lost. Units arriving mid-line still attach to the interface whose
// header came last.
import type { Token } from '../engine/lex';
import type { Diagnostic, Span } from '../../core';
import type { Parsed } from '../format';
import { forEachUnit } from '../engine/read-units';
import type { ReadUnit } from '../engine/unit-reader';
import grammar from './grammar.gen';
import {
  applyHeader, applyKind, applyLink, counters, emptyInterface, linkFlags, orderInterface, splitName, statsKey,
  type Draft, type IpLinkUnit, type StatsKey,
} from './build';
import { parseIpLinkJson } from './json';
import { defineLinkReaders, isBriefOutput, readWithoutColours, spanOf, spanTo, type LinkReaders } from '../shared/iproute2-link/read';
import type { IpLinkInterface, IpLinkStats } from './schema';

export type IpLinkReaders = LinkReaders<IpLinkUnit>;

/** The shared readers (their shape caches are kept across calls); `cache: false` for property tests. */
export const ipLinkReaders = defineLinkReaders<IpLinkUnit>(grammar);

/** Parses ip link output (text or ip -j JSON). Never throws. */
export function parseIpLink(text: string, options: { readers?: IpLinkReaders } = {}): Parsed<IpLinkInterface> {
  const head = text.trimStart();
  if (head.startsWith('[') || head.startsWith('{')) return { format: 'ip-link', ...parseIpLinkJson(text) };
  return { format: 'ip-link', ...readWithoutColours(text, (plain) => parseText(plain, options.readers ?? ipLinkReaders())) };
}

function parseText(text: string, readers: IpLinkReaders): { records: IpLinkInterface[]; diagnostics: Diagnostic[] } {
  const brief = isBriefOutput(text, readers.full);
  const records: IpLinkInterface[] = [];
  const own: Diagnostic[] = [];
  // records are built as units are read: no unit (nor its tokens) outlives its line
  let readDiagnostics: Diagnostic[];
  if (brief) readDiagnostics = forEachUnit(readers.brief, text, (unit) => records.push(briefRecord(unit)), { transient: true });
  else {
    const assembler = new Assembler(text, records, own);
    readDiagnostics = forEachUnit(readers.full, text, (unit) => assembler.take(unit), { transient: true });
    assembler.finish();
  }
  const diagnostics = [...readDiagnostics, ...own];
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { records, diagnostics: mergeUnread(text, diagnostics) };
}

/** Neighbouring unread pieces of one line ("\\" then "0") become one diagnostic over both. */
function mergeUnread(text: string, diagnostics: Diagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const last = out[out.length - 1];
    const lastEnd = last ? last.span.offset + last.span.length : 0;
    if (
      last && last.code === 'unexpected-token' && d.code === 'unexpected-token' && last.span.line === d.span.line &&
      d.span.offset >= lastEnd && text.slice(lastEnd, d.span.offset).trim() === ''
    ) {
      const end = d.span.offset + d.span.length;
      out[out.length - 1] = { ...last, span: { ...last.span, length: end - last.span.offset, text: text.slice(last.span.offset, end) } };
    } else out.push(d);
  }
  return out;
}

function briefRecord({ unit, span }: ReadUnit<IpLinkUnit>): IpLinkInterface {
  const record = emptyInterface();
  if (unit.kind === 'briefLink') {
    Object.assign(record, splitName(unit.name.text), linkFlags(unit.flags.text));
    record.state = unit.state.text;
    if (unit.address) record.address = unit.address.text;
  }
  return orderInterface({ ...record, span });
}

/** Attaches units to the interface whose header came last. */
class Assembler {
  private current: Draft | null = null;
  // the column names, not their tokens: a unit lasts only as long as its line
  private pendingStats: { key: StatsKey; columns: { text: string }[] } | null = null;

  constructor(
    private readonly text: string,
    private readonly records: IpLinkInterface[],
    private readonly diagnostics: Diagnostic[],
  ) {}

  /** Takes the units of the text in order; finish() closes the last interface. */
  take(read: ReadUnit<IpLinkUnit>): void {
    {
      if (read.unit.kind === 'oneline') {
        // "\" separates the parts of an ip -o line; each part gets its own span
        const slices: Token[][] = [[]];
        for (const token of read.tokens) {
          if (token.type === 'bs') slices.push([]);
          else (slices[slices.length - 1] as Token[]).push(token);
        }
        read.unit.parts.forEach((part, i) => this.add(part, spanOf(this.text, slices[i] as Token[])));
      } else this.add(read.unit, read.span);
    }
  }

  private add(unit: IpLinkUnit, span: Span): void {
    const end = span.offset + span.length;
    if (unit.kind === 'header') {
      this.finish();
      const record = emptyInterface();
      applyHeader(record, unit);
      this.current = { record, start: span, end };
      return;
    }
    const current = this.current;
    if (!current) {
      this.diagnostics.push({
        code: 'incomplete', severity: 'warning', span, expected: ['an interface header ("2: eth0: <…>")'],
        message: 'This line belongs to an interface whose header line is missing; it was not read.',
      });
      return;
    }
    current.end = end;
    const record = current.record;
    switch (unit.kind) {
      case 'link': applyLink(record, unit); break;
      case 'linkinfo': case 'slave': applyKind(record, unit); break;
      case 'altname': (record.altnames ??= []).push(unit.name.text); break;
      case 'alias': {
        const first = unit.words[0] as Token;
        const last = unit.words[unit.words.length - 1] as Token;
        record.alias = this.text.slice(first.offset, last.offset + last.text.length);
        break;
      }
      case 'statsHeader':
        this.pendingStats = { key: statsKey(unit.direction), columns: unit.columns.map((column) => ({ text: column.text })) };
        break;
      case 'statsValues': {
        const pending = this.pendingStats;
        if (!pending || pending.columns.length !== unit.values.length) {
          this.diagnostics.push({
            code: 'unexpected-token', severity: 'error', span, expected: ['an RX: or TX: header line before the numbers'],
            message: 'Numbers without a matching statistics header line; they were not read.',
          });
          break;
        }
        const stats: IpLinkStats = (record.stats ??= { rx: Object.create(null), tx: Object.create(null) });
        stats[pending.key] = counters(pending.columns, unit.values);
        this.pendingStats = null;
        break;
      }
      default:
        break;
    }
  }

  finish(): void {
    const current = this.current;
    this.current = null;
    this.pendingStats = null;
    if (!current) return;
    const record = current.record;
    this.records.push(orderInterface({ ...record, span: spanTo(this.text, current.start, current.end) }));
  }
}
