// Reads ip addr output: the block layout (ip addr, -d, -s, -4/-6, BusyBox), ip -o addr (one
// line per address, "\" before the lifetimes), ip -br addr, ip -c colours, and ip -j JSON; also
// pastes whose line breaks were lost. Units arriving mid-line still attach to the interface
// whose header came last.
import type { Token } from '../engine/lex';
import type { Diagnostic, Span } from '../../core';
import type { Parsed } from '../format';
import { forEachUnit } from '../engine/read-units';
import type { ReadUnit } from '../engine/unit-reader';
import grammar from './grammar.gen';
import {
  applyHeader, applyKind, applyLink, buildAddress, counters, emptyInterface, lifetime, linkFlags, orderAddress,
  orderInterface, splitCidr, splitName, statsKey, type AddressDraft, type Draft, type IpAddrUnit, type StatsKey,
} from './build';
import { parseIpAddrJson } from './json';
import { defineLinkReaders, isBriefOutput, readWithoutColours, spanOf, spanTo, type LinkReaders } from '../shared/iproute2-link/read';
import type { IpAddrInterface, IpAddrStats } from './schema';

export type IpAddrReaders = LinkReaders<IpAddrUnit>;

/** The shared readers (their shape caches are kept across calls); `cache: false` for property tests. */
export const ipAddrReaders = defineLinkReaders<IpAddrUnit>(grammar);

/** Parses ip addr output (text or ip -j JSON). Never throws. */
export function parseIpAddr(text: string, options: { readers?: IpAddrReaders } = {}): Parsed<IpAddrInterface> {
  const head = text.trimStart();
  if (head.startsWith('[') || head.startsWith('{')) return { format: 'ip-addr', ...parseIpAddrJson(text) };
  return { format: 'ip-addr', ...readWithoutColours(text, (plain) => parseText(plain, options.readers ?? ipAddrReaders())) };
}

function parseText(text: string, readers: IpAddrReaders): { records: IpAddrInterface[]; diagnostics: Diagnostic[] } {
  const brief = isBriefOutput(text, readers.full);
  const records: IpAddrInterface[] = [];
  const own: Diagnostic[] = [];
  // records are built as units are read: no unit (nor its tokens) outlives its line
  let readDiagnostics: Diagnostic[];
  if (brief) readDiagnostics = forEachUnit(readers.brief, text, (unit) => records.push(briefRecord(text, unit)), { transient: true });
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

function briefRecord(text: string, { unit, span }: ReadUnit<IpAddrUnit>): IpAddrInterface {
  const record = emptyInterface();
  if (unit.kind === 'briefAddr') {
    Object.assign(record, splitName(unit.name.text));
    record.state = unit.state.text;
    for (const { local, peer, metric } of unit.addresses) {
      const family = local.text.includes(':') ? 'inet6' : 'inet';
      const last = metric ?? peer ?? local;
      const cidr = splitCidr((peer ?? local).text, family);
      const address: Parameters<typeof orderAddress>[0] = {
        family, local: peer ? local.text : cidr.local, prefixLength: cidr.prefixLength,
        ...(peer ? { peer: cidr.local } : {}), ...(metric ? { metric: Number.parseInt(metric.text, 10) } : {}),
        flags: [], secondary: false, dynamic: false, span: spanOf(text, [local, last]),
      };
      record.addresses.push(orderAddress(address));
    }
  } else if (unit.kind === 'briefLink') {
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
    private readonly records: IpAddrInterface[],
    private readonly diagnostics: Diagnostic[],
  ) {}

  /** Takes the units of the text in order; finish() closes the last interface. */
  take(read: ReadUnit<IpAddrUnit>): void {
    {
      if (read.unit.kind === 'oneline') {
        // "\" separates the parts of an ip -o line; each part gets its own span
        const slices: Token[][] = [[]];
        for (const token of read.tokens) {
          if (token.type === 'bs') slices.push([]);
          else (slices[slices.length - 1] as Token[]).push(token);
        }
        // ip -o addr: "1: lo" and the inet line share the first part
        if (read.unit.parts[0]?.kind === 'prefix') {
          const first = slices[0] as Token[];
          slices.splice(0, 1, first.slice(0, 2), first.slice(2));
        }
        read.unit.parts.forEach((part, i) => this.add(part, spanOf(this.text, slices[i] as Token[])));
      } else this.add(read.unit, read.span);
    }
  }

  private add(unit: IpAddrUnit, span: Span): void {
    const end = span.offset + span.length;
    if (unit.kind === 'header') {
      this.finish();
      const record = emptyInterface();
      applyHeader(record, unit);
      this.current = { record, start: span, end, addresses: [] };
      return;
    }
    if (unit.kind === 'prefix') {
      const { ifname } = splitName(unit.name.text);
      const index = Number.parseInt(unit.index.text, 10);
      if (this.current && this.current.record.index === index && this.current.record.ifname === ifname) {
        this.current.end = end;
        return;
      }
      this.finish();
      this.current = { record: { index, ifname, addresses: [] }, start: span, end, addresses: [] };
      return;
    }
    if (unit.kind === 'inet' && unit.label && this.current && this.current.record.flags === undefined && this.current.record.index === undefined) {
      // ip addr show label eth0:1 prints address lines only; a label starts with its device's name
      const ifname = unit.label.text.split(':')[0] as string;
      if (this.current.record.ifname !== ifname) this.finish();
    }
    if (!this.current && unit.kind === 'inet' && unit.label) {
      const ifname = unit.label.text.split(':')[0] as string;
      this.current = { record: { ifname, addresses: [] }, start: span, end, addresses: [] };
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
      case 'inet':
        current.addresses.push({ address: buildAddress(unit, this.diagnostics, span), start: span, end, hasLifetime: false });
        break;
      case 'lifetime': {
        const last: AddressDraft | undefined = current.addresses[current.addresses.length - 1];
        if (!last || last.hasLifetime) {
          this.diagnostics.push({
            code: 'incomplete', severity: 'warning', span, expected: ['an inet or inet6 line'],
            message: 'Lifetimes without an address line before them; they were not read.',
          });
          break;
        }
        last.address.validLft = lifetime(unit.valid);
        last.address.preferredLft = lifetime(unit.preferred);
        last.hasLifetime = true;
        last.end = end;
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
        const stats: IpAddrStats = (record.stats ??= { rx: Object.create(null), tx: Object.create(null) });
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
    record.addresses = current.addresses.map((a) => orderAddress({ ...a.address, span: spanTo(this.text, a.start, a.end) }));
    this.records.push(orderInterface({ ...record, span: spanTo(this.text, current.start, current.end) }));
  }
}
