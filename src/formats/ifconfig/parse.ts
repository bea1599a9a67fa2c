// Reads ifconfig output (net-tools 2.x, net-tools 1.60 and BusyBox, ifconfig -s), also flattened
// into one line: each header unit ("eth0: flags=…", "eth0  Link encap:…") starts an interface and
// the units after it, on their own lines or mid-line, belong to it.
import type { Diagnostic, Span } from '../../core';
import type { Parsed } from '../format';
import { forEachUnit } from '../engine/read-units';
import { defineReader, type UnitReader } from '../engine/unit-reader';
import grammar from './grammar.gen';
import { lexer, describeToken, IFCONFIG_SKELETON } from './lexer';
import {
  addCounters, addInet, addInet6, buildShortRow, finish, setClassicFlags, setHw, startClassic, startModern,
  type Draft, type IfconfigUnit,
} from './build';
import type { IfconfigInterface } from './schema';

/** The shared reader (its caches are kept across calls); `{ cache: false }` for property tests. */
export const ifconfigReader = defineReader<IfconfigUnit>({ lexer, grammar, describe: describeToken, skeleton: IFCONFIG_SKELETON });

/** Parses ifconfig output into one record per interface. Never throws. */
export function parseIfconfig(text: string, options: { reader?: UnitReader<IfconfigUnit>; sink?: (record: IfconfigInterface) => void } = {}): Parsed<IfconfigInterface> {
  const records: IfconfigInterface[] = [];
  // an interface is final when the next header (or the end) closes it
  const emit = options.sink ?? ((record: IfconfigInterface): void => { records.push(record); });
  const own: Diagnostic[] = [];
  let current: { draft: Draft; first: Span; end: number } | null = null;

  const close = (): void => {
    if (!current) return;
    const { first, end } = current;
    const span: Span = { line: first.line, column: first.column, offset: first.offset, length: end - first.offset, text: text.slice(first.offset, end) };
    emit(finish(current.draft, span));
    current = null;
  };

  // records are built as units are read: no unit (nor its tokens) outlives its line
  const readDiagnostics = forEachUnit(options.reader ?? ifconfigReader(), text, ({ unit, span }) => {
    switch (unit.kind) {
      case 'header':
        close();
        current = { draft: startModern(unit, own), first: span, end: span.offset + span.length };
        return;
      case 'classic-header':
        close();
        current = { draft: startClassic(unit), first: span, end: span.offset + span.length };
        return;
      case 'short-header':
        close();
        return;
      case 'short-row':
        close();
        emit(buildShortRow(unit, span, own));
        return;
      default:
        break;
    }
    if (!current) {
      own.push({
        code: 'incomplete', severity: 'warning',
        message: 'A line of an interface block with no "name: flags=…" or "name Link encap:" header before it; it was not read.',
        span, expected: ['an interface header'],
      });
      return;
    }
    const draft: Draft = current.draft;
    current.end = span.offset + span.length;
    switch (unit.kind) {
      case 'inet': addInet(draft, unit, span, own); break;
      case 'inet6': addInet6(draft, unit, span, own); break;
      case 'hw': setHw(draft, unit); break;
      case 'classic-flags': setClassicFlags(draft, unit); break;
      default: addCounters(draft, unit);
    }
  }, { transient: true });
  close();
  const diagnostics = [...readDiagnostics, ...own].sort((a, b) => a.span.offset - b.span.offset);
  return { format: 'ifconfig', records, diagnostics };
}
