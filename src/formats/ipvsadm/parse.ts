// Reads ipvsadm's listings (-Ln and its --stats, --rate, --thresholds, --persistent-conn and
// --tun-info forms, -Lnc, --timeout, -S / ipvsadm-save), also flattened into one line. The header
// says what a row's numbers are; each real server belongs to the service line before it.
import type { Diagnostic } from '../../core';
import { append } from '../../core/append';
import type { Parsed } from '../format';
import { forEachUnit } from '../engine/read-units';
import { defineReader, type UnitReader } from '../engine/unit-reader';
import grammar from './grammar.gen';
import { lexer, describeToken } from './lexer';
import { buildConnection, buildOther, buildSaveServer, buildSaveService, buildServer, buildService, type IpvsadmUnit } from './build';
import type { IpvsadmEntry, IpvsadmLayout, IpvsServiceKey } from './schema';

/** The shared reader (its caches are kept across calls); `{ cache: false }` for property tests. */
export const ipvsadmReader = defineReader<IpvsadmUnit>({ lexer, grammar, describe: describeToken });

const COUNTER_LAYOUTS = new Set<IpvsadmLayout>(['stats', 'rate']);
const SCHEDULER_LAYOUTS = new Set<IpvsadmLayout>(['list', 'tun-info', 'thresholds', 'persistent-conn']);
const FOUR_NUMBER_LAYOUTS = new Set<IpvsadmLayout>(['thresholds', 'persistent-conn']);

/** Parses ipvsadm output. Never throws. */
export function parseIpvsadm(text: string, options: { reader?: UnitReader<IpvsadmUnit> } = {}): Parsed<IpvsadmEntry> {
  const records: IpvsadmEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  let layout: IpvsadmLayout | 'connection' | null = null;
  let service: IpvsServiceKey | null = null;
  const guessed = new Set<string>();
  /** The layout of a row whose header did not come before it: what its shape reads as, said once per kind. */
  const layoutFor = (wanted: ReadonlySet<IpvsadmLayout>, fallback: IpvsadmLayout, what: string, span: Diagnostic['span']): IpvsadmLayout => {
    if (layout !== null && layout !== 'connection' && wanted.has(layout)) return layout;
    if (!guessed.has(fallback)) {
      guessed.add(fallback);
      diagnostics.push({
        code: 'incomplete', severity: 'info',
        message: `No header line says what the numbers of this ${what} are; they were read as ${fallback === 'list' ? 'ipvsadm -Ln' : `--${fallback}`} prints them.`,
        span, expected: ['the column header'],
      });
    }
    return fallback;
  };
  // where the last unit read ended: text between it and the next unit was not read
  let readTo = 0;
  const readDiagnostics = forEachUnit(options.reader ?? ipvsadmReader(), text, ({ unit, span }) => {
    // a service line not read ("%-4s %s" of a protocol and a name, "FWM  %d") between a service and a
    // real server is the server's own service: the server is not filed under the service before it
    // (other lines not read, and words left over at the end of a line read, leave the service as it is)
    if (/\n[ \t\u00a0\f\v\r]*(?:TCP|UDP|SCTP|FWM|\?)[ \t\u00a0]/.test(text.slice(readTo, span.offset))) service = null;
    readTo = span.offset + span.length;
    switch (unit.kind) {
      case 'header':
        if (unit.layout !== null) layout = unit.layout;
        break;
      case 'service': {
        // a scheduler says what the line is; five numbers are --stats' or --rate's, as the header says
        const serviceLayout = unit.numbers
          ? layoutFor(COUNTER_LAYOUTS, 'stats', 'service line', span)
          : layout !== null && layout !== 'connection' && SCHEDULER_LAYOUTS.has(layout) ? layout : 'list';
        const record = buildService(unit, serviceLayout, span, diagnostics);
        service = record;
        records.push(record);
        break;
      }
      case 'server': {
        // three numbers after a method are -Ln's (with TunnelInfo, --tun-info's); five or four, the header says whose
        const count = unit.numbers.length;
        const rowLayout = count === 3 ? (unit.tunnel ? 'tun-info' : 'list')
          : count === 5 ? layoutFor(COUNTER_LAYOUTS, 'stats', 'real server', span)
          : layoutFor(FOUR_NUMBER_LAYOUTS, 'thresholds', 'real server', span);
        if (service === null)
          diagnostics.push({
            code: 'incomplete', severity: 'warning',
            message: 'No virtual service line read comes right before this real server (none came before it, or a line between was not read); the service it belongs to is not known.',
            span, expected: ['a virtual service line (TCP  10.96.0.1:443 rr)'],
          });
        records.push(buildServer(unit, rowLayout, service, span, diagnostics));
        break;
      }
      case 'save-service': {
        const record = buildSaveService(unit, span, diagnostics);
        service = record;
        records.push(record);
        break;
      }
      case 'save-server':
        records.push(buildSaveServer(unit, span, diagnostics));
        break;
      case 'connection':
        records.push(buildConnection(unit, span));
        break;
      default:
        records.push(buildOther(unit, span, text, diagnostics));
    }
  });
  append(diagnostics, readDiagnostics);
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { format: 'ipvsadm', records, diagnostics };
}
