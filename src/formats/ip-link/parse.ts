// Reads ip link output: the block layout (ip link, -d, -s, -s -s, BusyBox), ip -o link (an
// interface's lines joined by "\"), ip -br link, ip -c colours, and ip -j JSON; also pastes
// whose line breaks were lost. Units arriving mid-line still attach to the interface whose
// header came last.
import type { Token } from 'moo';
import type { Diagnostic, Span } from '../../core';
import type { Parsed } from '../format';
import { readUnits } from '../engine/read-units';
import { UnitReader, type ReadUnit } from '../engine/unit-reader';
import grammar from './grammar.gen';
import { lexer, describeToken } from './lexer';
import {
  applyHeader, applyKind, applyLink, counters, emptyInterface, linkFlags, orderInterface, splitName, statsKey,
  type Draft, type IpLinkUnit, type StatsKey,
} from './build';
import { parseIpLinkJson } from './json';
import { remapSpans, stripAnsi } from '../engine/ansi';
import type { IpLinkInterface, IpLinkStats } from './schema';

export interface IpLinkReaders {
  full: UnitReader<IpLinkUnit>;
  brief: UnitReader<IpLinkUnit>;
}
let shared: IpLinkReaders | undefined;

/** The shared readers (their shape caches are kept across calls); `cache: false` for property tests. */
export function ipLinkReaders(options: { cache?: boolean } = {}): IpLinkReaders {
  const make = (start: string, cache: boolean): UnitReader<IpLinkUnit> =>
    new UnitReader<IpLinkUnit>({ lexer, grammar: { ...grammar, ParserStart: start }, describe: describeToken, cache });
  if (options.cache === false) return { full: make('unit', false), brief: make('brief', false) };
  shared ??= { full: make('unit', true), brief: make('brief', true) };
  return shared;
}

/** Parses ip link output (text or ip -j JSON). Never throws. */
export function parseIpLink(text: string, options: { readers?: IpLinkReaders } = {}): Parsed<IpLinkInterface> {
  const head = text.trimStart();
  if (head.startsWith('[') || head.startsWith('{')) return { format: 'ip-link', ...parseIpLinkJson(text) };
  if (text.includes('\u001b')) {
    const stripped = stripAnsi(text);
    const parsed = parseText(stripped.text, options.readers ?? ipLinkReaders());
    remapSpans(parsed, text, stripped.map);
    return { format: 'ip-link', ...parsed };
  }
  return { format: 'ip-link', ...parseText(text, options.readers ?? ipLinkReaders()) };
}

/** ip -br output has no "2:" index: its lines start with a name and an operstate. */
function isBrief(text: string, readers: IpLinkReaders): boolean {
  let start = 0;
  for (let line = 1; line <= 20 && start < text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const tokens = readers.full.tokenize(text.slice(start, end), start, line);
    if (tokens.length >= 2) {
      const [first, second] = tokens as [Token, Token];
      if (first.type === 'index' || first.type === 'linktype') return false;
      if (second.type === 'operstate') return true;
    }
    start = end + 1;
  }
  return false;
}

function spanOf(source: string, tokens: readonly Token[]): Span {
  const first = tokens[0] as Token;
  const last = tokens[tokens.length - 1] as Token;
  const end = last.offset + last.text.length;
  return { line: first.line, column: first.col, offset: first.offset, length: end - first.offset, text: source.slice(first.offset, end) };
}

function spanTo(source: string, start: Span, end: number): Span {
  return { line: start.line, column: start.column, offset: start.offset, length: end - start.offset, text: source.slice(start.offset, end) };
}

function parseText(text: string, readers: IpLinkReaders): { records: IpLinkInterface[]; diagnostics: Diagnostic[] } {
  const brief = isBrief(text, readers);
  const read = readUnits(brief ? readers.brief : readers.full, text);
  const records: IpLinkInterface[] = [];
  const diagnostics: Diagnostic[] = [...read.diagnostics];
  if (brief) {
    for (const unit of read.units) records.push(briefRecord(unit));
  } else new Assembler(text, records, diagnostics).run(read.units);
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
  private pendingStats: { key: StatsKey; columns: Token[] } | null = null;

  constructor(
    private readonly text: string,
    private readonly records: IpLinkInterface[],
    private readonly diagnostics: Diagnostic[],
  ) {}

  run(units: readonly ReadUnit<IpLinkUnit>[]): void {
    for (const read of units) {
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
    this.finish();
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
        this.pendingStats = { key: statsKey(unit.direction), columns: unit.columns };
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

  private finish(): void {
    const current = this.current;
    this.current = null;
    this.pendingStats = null;
    if (!current) return;
    const record = current.record;
    this.records.push(orderInterface({ ...record, span: spanTo(this.text, current.start, current.end) }));
  }
}
