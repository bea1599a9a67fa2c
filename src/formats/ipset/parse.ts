// Reads ipset list (and its -t, -o plain and -o save forms) and ipset save, also flattened into
// one line: a set's header lines become one record, each member a record naming its set.
import type { Diagnostic, Span } from '../../core';
import { append } from '../../core/append';
import type { Parsed } from '../format';
import { forEachUnit } from '../engine/read-units';
import { defineReader, type UnitReader } from '../engine/unit-reader';
import type { Token } from '../engine/lex';
import grammar from './grammar.gen';
import { lexer, describeToken } from './lexer';
import { headerOptions, memberParts, type IpsetUnit } from './build';
import type { IpsetEntry, IpsetMember, IpsetSet } from './schema';

/** The shared reader (its caches are kept across calls); `{ cache: false }` for property tests. */
export const ipsetReader = defineReader<IpsetUnit>({ lexer, grammar, describe: describeToken });

interface Pending {
  set: Omit<IpsetSet, 'span' | 'membersListed'>;
  start: Span;
  end: number;
}

/** The header's "family inet" or "family inet6"; null for a type without a family (bitmap:port, list:set). */
const familyOf = (options: IpsetSet['options']): IpsetSet['family'] => {
  const family = options.find((o) => o.key === 'family')?.value;
  return family === 'inet' || family === 'inet6' ? family : null;
};

const number = (token: Token): number | null => {
  const value = Number(token.text);
  return Number.isSafeInteger(value) ? value : null;
};

/** Parses ipset output. Never throws. */
export function parseIpset(text: string, options: { reader?: UnitReader<IpsetUnit> } = {}): Parsed<IpsetEntry> {
  const records: IpsetEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  let pending: Pending | null = null;
  // the set whose members follow, and its type (members are checked against it)
  let current: { name: string; type: string | null } | null = null;
  let listing = false;
  const finish = (membersListed: boolean): void => {
    if (!pending) return;
    const { start, end } = pending;
    records.push({ ...pending.set, membersListed, span: { ...start, length: end - start.offset, text: text.slice(start.offset, end) } });
    current = { name: pending.set.name, type: pending.set.setType || null };
    listing = membersListed;
    pending = null;
  };
  const savedSets = new Map<string, IpsetSet>();
  const member = (set: string | null, type: string | null, element: Token, options: { key: Token; value: Token | null }[], span: Span): void => {
    const parts = memberParts(element.text, type);
    if (parts === null) {
      // a save prints no count of its members: one not read leaves its set's members not all shown
      const saved = set === null ? undefined : savedSets.get(set);
      if (saved) saved.membersListed = false;
      diagnostics.push({
        code: 'unexpected-token', severity: 'error',
        message: `"${element.text}" is not a member of a ${type ?? 'set'} set; this text was not read.`,
        span, expected: [`a member of a ${type ?? ''} set`],
      });
      return;
    }
    const comment = options.find((o) => o.key.text === 'comment')?.value?.text ?? null;
    const timeout = options.find((o) => o.key.text === 'timeout')?.value;
    const record: IpsetMember = {
      type: 'member', set, element: element.text, parts,
      options: options.map((o) => ({ key: o.key.text, value: o.value?.text ?? null })),
      comment: comment === null ? null : comment.replace(/^"|"$/g, ''),
      timeout: timeout ? number(timeout) : null,
      nomatch: options.some((o) => o.key.text === 'nomatch'),
      span,
    };
    records.push(record);
  };
  const readDiagnostics = forEachUnit(options.reader ?? ipsetReader(), text, ({ unit, span }) => {
    const at = (): void => {
      if (pending) pending.end = span.offset + span.length;
    };
    switch (unit.kind) {
      case 'name':
        finish(false);
        pending = {
          set: {
            type: 'set', layout: 'list', name: unit.value.text, setType: '', revision: null, header: '', options: [], family: null,
            memorySize: null, references: null, entries: null,
          },
          start: span, end: span.offset + span.length,
        };
        break;
      case 'type':
        if (pending) pending.set.setType = unit.value.text;
        at();
        break;
      case 'revision':
      case 'memory':
      case 'references':
      case 'entries': {
        if (pending) {
          const field = unit.kind === 'memory' ? 'memorySize' : unit.kind;
          pending.set[field] = number(unit.value);
        }
        at();
        break;
      }
      case 'header':
        if (pending) {
          const words = unit.words.map((w) => w.text);
          pending.set.header = words.join(' ');
          pending.set.options = headerOptions(words);
          pending.set.family = familyOf(pending.set.options);
        }
        at();
        break;
      case 'members':
        at();
        if (pending) finish(true);
        else listing = current !== null;
        break;
      case 'member':
        if (!listing || current === null) {
          diagnostics.push({
            code: 'unexpected-token', severity: 'error',
            message: 'A member outside any set\'s "Members:" list; this text was not read.',
            span, expected: ['a "Name:" line, or "Members:"'],
          });
          break;
        }
        member(current.name, current.type, unit.element, unit.options, span);
        break;
      case 'create': {
        finish(false);
        const words = unit.words.map((w) => w.text);
        const setOptions = headerOptions(words);
        const saved: IpsetSet = {
          type: 'set', layout: 'save', name: unit.set.text, setType: unit.type.text, revision: null, header: words.join(' '), options: setOptions,
          family: familyOf(setOptions), memorySize: null, references: null, entries: null, membersListed: true, span,
        };
        records.push(saved);
        savedSets.set(saved.name, saved);
        current = { name: unit.set.text, type: unit.type.text };
        listing = false;
        break;
      }
      case 'add': {
        finish(false);
        // a save names each member's set; its type is the one its create gave
        const type = current?.name === unit.set.text ? current.type : null;
        member(unit.set.text, type, unit.element, unit.options, span);
        break;
      }
      case 'error':
        finish(false);
        records.push({ type: 'error', message: span.text, span });
        break;
    }
  });
  finish(false);
  append(diagnostics, readDiagnostics);
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { format: 'ipset', records, diagnostics };
}
