// Reads ip route output (ip -4/-6/-d/-o/-s route, show table all, BusyBox ip route), also
// flattened into one line, and ip -j route JSON. A route line starts a record; its "nexthop" and
// "cache" continuation lines (or, with ip -o, the "\"-joined rest of its line) attach to it.
import type { Token } from '../engine/lex';
import type { Diagnostic, Span } from '../../core';
import { append } from '../../core/append';
import type { Parsed } from '../format';
import { forEachUnit } from '../engine/read-units';
import { defineReader, type ReadUnit, type UnitReader } from '../engine/unit-reader';
import grammar from './grammar.gen';
import { lexer, describeToken, IP_ROUTE_SKELETON } from './lexer';
import {
  attachCache, attachNexthop, buildNexthopObject, buildRoute, finishRoute, orderNexthopObject, tokenSpan, type IpRouteUnit,
  type RouteDraft,
} from './build';
import { parseIpRouteJson } from './json';
import type { IpNexthopObject, IpRouteEntry } from './schema';

/** The shared reader (its caches are kept across calls); `{ cache: false }` for property tests. */
export const ipRouteReader = defineReader<IpRouteUnit>({ lexer, grammar, describe: describeToken, skeleton: IP_ROUTE_SKELETON });

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
export function parseIpRoute(
  text: string, options: { reader?: UnitReader<IpRouteUnit>; sink?: (record: IpRouteEntry) => void } = {},
): Parsed<IpRouteEntry> {
  if (isJson(text)) return { format: 'ip-route', ...parseIpRouteJson(text) };
  const diagnostics: Diagnostic[] = [];
  const records: IpRouteEntry[] = [];
  const finisher = new Finisher(text, options.sink ?? ((record) => { records.push(record); }));
  // a draft is complete once another one starts: no continuation line attaches to it any more
  let last: Pending | undefined;
  const push = (draft: Pending): void => {
    if (last) finisher.complete(last);
    last = draft;
  };
  let current: Pending | undefined;
  // ip -o's "\\" stands where a continuation line starts: on its own it is not ip's output. It is
  // settled when the next unit is read; units last only as long as their line, so what it needs is
  // taken out of it
  const settleJoin = (join: { span: Span; token: Span }, next: ReadUnit<IpRouteUnit> | undefined): void => {
    const { span } = join;
    if (!next || next.line !== span.line || !(next.unit.kind === 'nexthop' || next.unit.kind === 'cache' || next.unit.kind === 'nhinfo')) {
      diagnostics.push({
        code: 'unexpected-token', severity: 'error',
        message: 'Expected a "nexthop", "cache" or "nh_info" continuation after "\\"; it was not read.',
        span, expected: ['"nexthop"', '"cache"', '"nh_info"'],
      });
    } else if (!current || !('record' in current.draft)) {
      diagnostics.push({
        code: 'incomplete', severity: 'error', message: 'A "\\" continuation with no route before it was not read.', span: join.token, expected: ['a route'],
      });
    } else current.end = span.offset + span.length;
  };
  const handle = ({ unit, span }: ReadUnit<IpRouteUnit>): void => {
    const end = span.offset + span.length;
    switch (unit.kind) {
      case 'route': {
        const draft = buildRoute(unit, span, diagnostics);
        // A lone unreadable word (a remark such as "..." or ":") is not a route: it leaves the
        // route before it open, so continuation lines after the remark still attach to it.
        if (!draft && !unit.type && unit.attrs.length === 0) break;
        current = draft ? { draft, start: span.offset, end } : undefined;
        if (current) push(current);
        break;
      }
      case 'nhobject': {
        const object = { type: 'nexthop', ...buildNexthopObject(unit.object, span, diagnostics) } as IpNexthopObject;
        push({ draft: orderNexthopObject(object), start: span.offset, end });
        current = undefined;
        break;
      }
      case 'nexthop':
      case 'cache':
      case 'nhinfo':
        if (!current || !('record' in current.draft)) {
          diagnostics.push({
            code: 'incomplete', severity: 'error',
            message: `A "${unit.kind === 'nhinfo' ? 'nh_info' : unit.kind}" continuation with no route before it was not read.`,
            span, expected: ['a route'],
          });
          break;
        }
        if (unit.kind === 'nexthop') attachNexthop(current.draft, unit, span, diagnostics);
        else if (unit.kind === 'cache') attachCache(current.draft, unit, span, diagnostics);
        else if (unit.kind === 'nhinfo') {
          const record = current.draft.record as unknown as Record<string, unknown>;
          record.nhInfo = buildNexthopObject(unit.object, { ...span, ...spanFrom(unit.object.key, span) }, diagnostics);
        }
        current.end = end;
        break;
    }
  };
  let join: { span: Span; token: Span } | undefined;
  const readDiagnostics = forEachUnit(options.reader ?? ipRouteReader(), text, (read) => {
    if (join) settleJoin(join, read);
    join = undefined;
    if (read.unit.kind === 'join') join = { span: read.span, token: tokenSpan(read.unit.token) };
    else handle(read);
  }, { transient: true });
  if (join) settleJoin(join, undefined);
  if (last) finisher.complete(last);
  finisher.flush(true);
  append(diagnostics, readDiagnostics);
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { format: 'ip-route', records, diagnostics };
}

/** Finishes every route: family of "default" from the routes around it, span over its continuation lines. */
const familyOf = (draft: RouteDraft | IpNexthopObject): 'inet' | 'inet6' | null =>
  ('record' in draft ? draft.family : (draft.family ?? null)) ?? null;

/**
 * Finishes complete drafts in order, as soon as each one's family is settled: a route that does
 * not say its family (a default route in ip route show table all) takes the last family finished
 * before it, or else the next one after it. Records go to `emit` as they are finished.
 */
class Finisher {
  private readonly queue: Pending[] = [];
  private before: 'inet' | 'inet6' | null = null;

  constructor(private readonly text: string, private readonly emit: (record: IpRouteEntry) => void) {}

  complete(pending: Pending): void {
    this.queue.push(pending);
    if (this.before !== null || familyOf(pending.draft) !== null) this.flush(false);
  }

  /** Finishes what is settled: everything once a family is known or the input has ended (`end`). */
  flush(end: boolean): void {
    const queue = this.queue;
    let count = queue.length;
    if (this.before === null && !end) {
      count = 0;
      for (let i = queue.length - 1; i >= 0; i--) {
        if (familyOf((queue[i] as Pending).draft) !== null) {
          count = i + 1;
          break;
        }
      }
    }
    if (count === 0) return;
    // the family of the nearest later draft that has one, for each queued draft
    const after = new Array<'inet' | 'inet6' | null>(queue.length);
    let next: 'inet' | 'inet6' | null = null;
    for (let i = queue.length - 1; i >= 0; i--) {
      after[i] = next;
      next = familyOf((queue[i] as Pending).draft) ?? next;
    }
    for (let i = 0; i < count; i++) {
      const { draft, start, end: last } = queue[i] as Pending;
      if (!('record' in draft)) {
        this.emit(draft);
        continue;
      }
      const record = draft.record;
      if (last > record.span.offset + record.span.length)
        record.span = { ...record.span, length: last - start, text: this.text.slice(start, last) };
      const built = finishRoute(draft, this.before ?? after[i] ?? 'inet');
      this.before = built.family ?? this.before;
      this.emit(built);
    }
    queue.splice(0, count);
  }
}

/** The span from the "id" after "nh_info" to the end of the unit: the nexthop object itself. */
function spanFrom(key: Token, unit: Span): Pick<Span, 'column' | 'offset' | 'length' | 'text'> {
  const skip = key.offset - unit.offset;
  return { column: key.col, offset: key.offset, length: unit.length - skip, text: unit.text.slice(skip) };
}
