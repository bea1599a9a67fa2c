// Reads route -n, route -ne/-nee, netstat -rn and route -n -A inet6 output, also flattened
// into one line; the header decides what the three numbers after Flags mean.
import type { Diagnostic } from '../../core';
import { append } from '../../core/append';
import type { Parsed } from '../format';
import { forEachUnit } from '../engine/read-units';
import { defineReader, type UnitReader } from '../engine/unit-reader';
import grammar from './grammar.gen';
import { lexer, describeToken } from './lexer';
import { buildRow4, buildRow6, type RouteNUnit } from './build';
import type { RouteNLayout } from './headers';
import type { RouteNEntry } from './schema';

/** The shared reader (its caches are kept across calls); `{ cache: false }` for property tests. */
export const routeNReader = defineReader<RouteNUnit>({ lexer, grammar, describe: describeToken });

/** Parses route -n output. Never throws. */
export function parseRouteN(text: string, options: { reader?: UnitReader<RouteNUnit>; sink?: (record: RouteNEntry) => void } = {}): Parsed<RouteNEntry> {
  const records: RouteNEntry[] = [];
  const emit = options.sink ?? ((record: RouteNEntry): void => { records.push(record); });
  const diagnostics: Diagnostic[] = [];
  let layout: RouteNLayout | undefined;
  let warnedNoHeader = false;
  const all: Diagnostic[] = [];
  // records are built as units are read: no unit (nor its tokens) outlives its line
  const readDiagnostics = forEachUnit(options.reader ?? routeNReader(), text, ({ unit, span }) => {
    switch (unit.kind) {
      case 'title':
        break;
      case 'elision':
        all.push({
          code: 'incomplete', severity: 'info',
          message: 'Rows were left out here ("..", "..."): the table is not complete.',
          span, expected: ['a route row'],
        });
        break;
      case 'header':
        if (unit.layout !== 'inet6' && unit.layout !== 'cache') layout = unit.layout;
        break;
      case 'row4': {
        if (!layout && !unit.extra && !warnedNoHeader) {
          warnedNoHeader = true;
          all.push({
            code: 'incomplete', severity: 'info',
            message: 'No header line before the rows; the three numbers after Flags were read as Metric Ref Use (route -n).',
            span, expected: ['the column header'],
          });
        }
        const record = buildRow4(unit, layout ?? 'metric', span, all);
        if (record) emit(record);
        break;
      }
      case 'row6': {
        const record = buildRow6(unit, span, all);
        if (record) emit(record);
        break;
      }
    }
  }, { transient: true });
  append(diagnostics, readDiagnostics);
  append(diagnostics, all);
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { format: 'route-n', records, diagnostics };
}
