// Reads ip route output (ip -4/-6/-d/-o/-s route, show table all, BusyBox ip route), also
// flattened into one line, and ip -j route JSON. A route line starts a record; its "nexthop" and
// "cache" continuation lines (or, with ip -o, the "\"-joined rest of its line) attach to it.
import type { Token } from 'moo';
import type { Diagnostic, Span } from '../../core';
import type { Parsed } from '../format';
import { forEachUnit } from '../engine/read-units';
import { defineReader, type ReadUnit, type UnitReader } from '../engine/unit-reader';
import grammar from './grammar.gen';
import { lexer, describeToken } from './lexer';
import {
  attachCache, attachNexthop, buildNexthopObject, buildRoute, finishRoute, orderNexthopObject, tokenSpan, type IpRouteUnit,
  type RouteDraft,
} from './build';
import { parseIpRouteJson } from './json';
import type { IpNexthopObject, IpRouteEntry } from './schema';

/** The shared reader (its caches are kept across calls); `{ cache: false }` for property tests. */
export const ipRouteReader = defineReader<IpRouteUnit>({ lexer, grammar, describe: describeToken });

function isJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    return c === 91 || c === 123; // "[" or "{"
  }
  return false;
}

interface Pending {
  /** A route, or an ip nexthop object (which has no continuation lines). */
  draft: RouteDraft | IpNexthopObject;
  start: number;
  end: number;
}

/** Parses ip route output (text or ip -j JSON). Never throws. */
export function parseIpRoute(text: string, options: { reader?: UnitReader<IpRouteUnit> } = {}): Parsed<IpRouteEntry> {
  if (isJson(text)) return { format: 'ip-route', ...parseIpRouteJson(text) };
  const diagnostics: Diagnostic[] = [];
  const pending: Pending[] = [];
  let current: Pending | undefined;
  // each unit is handled when the next one is read (a "\\" looks at what follows it), so that no
  // unit (nor its tokens) outlives the next line
  const handle = ({ unit, span }: ReadUnit<IpRouteUnit>, next: ReadUnit<IpRouteUnit> | undefined): void => {
    const end = span.offset + span.length;
    // ip -o's "\\" stands where a continuation line starts: on its own it is not ip's output
    if (unit.kind === 'join') {
      if (!next || next.line !== span.line || !(next.unit.kind === 'nexthop' || next.unit.kind === 'cache' || next.unit.kind === 'nhinfo')) {
        diagnostics.push({
          code: 'unexpected-token', severity: 'error',
          message: 'Expected a "nexthop", "cache" or "nh_info" continuation after "\\"; it was not read.',
          span, expected: ['"nexthop"', '"cache"', '"nh_info"'],
        });
        return;
      }
    }
    switch (unit.kind) {
      case 'route': {
        const draft = buildRoute(unit, span, diagnostics);
        // A lone unreadable word (a remark such as "..." or ":") is not a route: it leaves the
        // route before it open, so continuation lines after the remark still attach to it.
        if (!draft && !unit.type && unit.attrs.length === 0) break;
        current = draft ? { draft, start: span.offset, end } : undefined;
        if (current) pending.push(current);
        break;
      }
      case 'nhobject': {
        const object = { type: 'nexthop', ...buildNexthopObject(unit.object, span, diagnostics) } as IpNexthopObject;
        pending.push({ draft: orderNexthopObject(object), start: span.offset, end });
        current = undefined;
        break;
      }
      case 'nexthop':
      case 'cache':
      case 'nhinfo':
      case 'join':
        if (!current || !('record' in current.draft)) {
          diagnostics.push({
            code: 'incomplete', severity: 'error',
            message: `A "${unit.kind === 'join' ? '\\' : unit.kind === 'nhinfo' ? 'nh_info' : unit.kind}" continuation with no route before it was not read.`,
            span: unit.kind === 'join' ? tokenSpan(unit.token) : span, expected: ['a route'],
          });
          break;
        }
        if (unit.kind === 'nexthop') attachNexthop(current.draft, unit, span, diagnostics);
        else if (unit.kind === 'cache') attachCache(current.draft, unit, diagnostics);
        else if (unit.kind === 'nhinfo') {
          const record = current.draft.record as unknown as Record<string, unknown>;
          record.nhInfo = buildNexthopObject(unit.object, { ...span, ...spanFrom(unit.object.key, span) }, diagnostics);
        }
        current.end = end;
        break;
    }
  };
  let previous: ReadUnit<IpRouteUnit> | undefined;
  const readDiagnostics = forEachUnit(options.reader ?? ipRouteReader(), text, (read) => {
    if (previous) handle(previous, read);
    previous = read;
  });
  if (previous) handle(previous, undefined);
  const records = finish(text, pending);
  diagnostics.push(...readDiagnostics);
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { format: 'ip-route', records, diagnostics };
}

/** Finishes every route: family of "default" from the routes around it, span over its continuation lines. */
function finish(text: string, pending: Pending[]): IpRouteEntry[] {
  const records: IpRouteEntry[] = [];
  let next: 'inet' | 'inet6' | null = null;
  const after: ('inet' | 'inet6' | null)[] = new Array<'inet' | 'inet6' | null>(pending.length);
  for (let i = pending.length - 1; i >= 0; i--) {
    after[i] = next;
    const draft = (pending[i] as Pending).draft;
    next = ('record' in draft ? draft.family : (draft.family ?? null)) ?? next;
  }
  let before: 'inet' | 'inet6' | null = null;
  pending.forEach(({ draft, start, end }, i) => {
    if (!('record' in draft)) {
      records.push(draft);
      return;
    }
    const record = draft.record;
    if (end > record.span.offset + record.span.length)
      record.span = { ...record.span, length: end - start, text: text.slice(start, end) };
    const built = finishRoute(draft, before ?? after[i] ?? 'inet');
    before = built.family ?? before;
    records.push(built);
  });
  return records;
}

/** The span from the "id" after "nh_info" to the end of the unit: the nexthop object itself. */
function spanFrom(key: Token, unit: Span): Pick<Span, 'column' | 'offset' | 'length' | 'text'> {
  const skip = key.offset - unit.offset;
  return { column: key.col, offset: key.offset, length: unit.length - skip, text: unit.text.slice(skip) };
}
