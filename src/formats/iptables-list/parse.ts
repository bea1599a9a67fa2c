// Reads iptables -L output (-n, -v, -x, --line-numbers), also flattened into one line: a
// flattened line is cut where a chain header, a column header or a rule starts (a rule starts
// its lead columns before an opt column "--"), and each piece is read as one unit.
import type { Diagnostic, Span } from '../../core';
import { append } from '../../core/append';
import type { ParseOptions, Parsed } from '../format';
import { forEachLine } from '../engine/read-units';
import { defineReader, UnitReader, type ReadUnit } from '../engine/unit-reader';
import type { IptablesRecord } from '../shared/iptables/schema';
import { STREAMED_PARTS } from '../shared/iptables/rule';
import grammar from './grammar.gen';
import { describeToken, HEADER_WORDS, lexer, skeleton } from './lexer';
import { buildChain, buildRule, headerLayout, SharedListParts, type IptablesListUnit, type ListLayout } from './build';

/** The shared reader (its caches are kept across calls); `{ cache: false }` for property tests. */
export const iptablesListReader = defineReader<IptablesListUnit>({ lexer, grammar, describe: describeToken, skeleton });

export interface ParseIptablesListOptions {
  /** The table listed (`iptables -t nat -L`): -L output does not say it. */
  table?: string | null;
  /** Receives each record as it is read, instead of the result's `records` (which stays empty): the records of a large listing need not all be alive at once. */
  sink?: (record: IptablesRecord) => void;
  /**
   * The chain listed (`iptables -t nat -L KUBE-NODEPORTS`): rules before any "Chain …" header
   * belong to it (pastes often lose the header line).
   */
  chain?: string | null;
  reader?: UnitReader<IptablesListUnit>;
  /** The rule parts to build from, a fresh set by default (bounded with a sink: STREAMED_PARTS). */
  shared?: SharedListParts;
}

interface Field { text: string; start: number; end: number }

const FIELD = /[^ \t\u00a0\f\v\r]+/g;
const HEADERS = Object.entries(HEADER_WORDS) as [string, readonly string[]][];
// where unitStarts may start a unit past a line's first field: a chain header, a column header
const STARTING_WORDS: readonly string[] = [...new Set(['Chain', ...HEADERS.map(([, words]) => words[0] as string)])];

/** The opt column's field: "--", "-f", "!-", "!f" (text from `start` to `end`). */
function isOptField(text: string, start: number, end: number): boolean {
  if (end - start !== 2) return false;
  const c0 = text.charCodeAt(start);
  const c1 = text.charCodeAt(start + 1);
  return (c0 === 45 || c0 === 33) && (c1 === 45 || c1 === 102);
}

function fieldsOf(line: string): Field[] {
  const fields: Field[] = [];
  FIELD.lastIndex = 0;
  for (let m = FIELD.exec(line); m !== null; m = FIELD.exec(line)) fields.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return fields;
}

function headerAt(fields: readonly Field[], i: number): readonly string[] | null {
  for (const [, words] of HEADERS) if (words.every((word, k) => fields[i + k]?.text === word)) return words;
  return null;
}

/**
 * Where the units of one line start (field indices): the first field, chain headers, column
 * headers, and rules (their lead columns before each opt outside comments). `layout` is the
 * one in force when the line starts; the result carries the one in force after it.
 */
function unitStarts(fields: readonly Field[], layout: ListLayout | null): { starts: number[]; layout: ListLayout | null } {
  const starts = [0];
  let floor = 0; // no unit starts before the end of the last chain or column header
  let inComment = false;
  let commentEnd = -1; // the field that ended the last comment
  let sawOpt = false;
  for (let i = 0; i < fields.length; i++) {
    const text = (fields[i] as Field).text;
    if (inComment) {
      if (text.endsWith('*/')) {
        inComment = false;
        commentEnd = i;
      }
      continue;
    }
    if (text.startsWith('/*')) {
      inComment = !(text.endsWith('*/') && text.length >= 4);
      if (!inComment) commentEnd = i;
      continue;
    }
    if (text === 'Chain' && fields[i + 2]?.text.startsWith('(')) {
      if (i > 0) starts.push(i);
      let j = i + 2;
      while (j < fields.length && j < i + 9 && !(fields[j] as Field).text.endsWith(')')) j++;
      floor = j + 1;
      sawOpt = false;
      if (floor < fields.length) starts.push(floor);
      i = j;
      continue;
    }
    const header = headerAt(fields, i);
    if (header) {
      if (i > 0) starts.push(i);
      layout = { lineNumbers: header[0] === 'num', verbose: header.includes('pkts') };
      floor = i + header.length;
      sawOpt = false;
      if (floor < fields.length) starts.push(floor);
      i = floor - 1;
      continue;
    }
    if (isOptField(text, 0, text.length)) {
      if (sawOpt) {
        // a rule with no target (kube-proxy's fall-through "all -- anywhere anywhere /* … */") has one lead field fewer
        const lead = 2 + (layout?.lineNumbers ? 1 : 0) + (layout?.verbose ? 2 : 0) - (hasTarget(fields, i, layout, commentEnd) ? 0 : 1);
        const start = Math.max(floor, i - lead);
        if (start > (starts[starts.length - 1] as number)) starts.push(start);
      }
      sawOpt = true;
    }
  }
  return { starts: [...new Set(starts)].sort((a, b) => a - b), layout };
}

const PROTOCOL = /^!?(?:all|tcp|udp|udplite|icmp|icmpv6|ipv6-icmp|sctp|esp|ah|gre|ipip|\d{1,3})$/;
const COUNT = /^\d+[KMGT]?$/;

/**
 * Whether the rule whose opt column is field `opt` of a flattened line has a target: the field
 * before its protocol is a target name, not what ends the rule before it (its comment, an address,
 * "anywhere", "dpt:80") nor, with -v or --line-numbers, the count or number column before an empty target.
 */
function hasTarget(fields: readonly Field[], opt: number, layout: ListLayout | null, commentEnd: number): boolean {
  const protocol = fields[opt - 1]?.text;
  const before = fields[opt - 2]?.text;
  if (protocol === undefined || before === undefined || !PROTOCOL.test(protocol)) return true;
  if (layout?.verbose || layout?.lineNumbers) return !COUNT.test(before);
  return opt - 2 !== commentEnd && before !== 'anywhere' && !/[/:.,*]/.test(before);
}

const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 0xa0 || c === 12 || c === 11 || c === 13;

/**
 * Whether unitStarts would find one unit at most in the line `text` holds from `from` to `to`
 * (read in place: no slice), decided without cutting it into fields: none of the words a chain or
 * column header starts with anywhere, and at most one field that reads like the opt column.
 * Nearly every line of a listing is such a line; the others (chain and column headers, flattened
 * pastes) go the long way.
 */
function isOneUnitLine(text: string, from: number, to: number): boolean {
  let opts = 0;
  let i = from;
  while (i < to) {
    while (i < to && isBlank(text.charCodeAt(i))) i++;
    const start = i;
    while (i < to && !isBlank(text.charCodeAt(i))) i++;
    if (isOptField(text, start, i) && ++opts > 1) return false;
    for (const word of STARTING_WORDS) if (i - start === word.length && text.startsWith(word, start)) return false;
  }
  return true;
}

/** Moves a unit read from a piece of a line to its real column in that line. */
function shift(unit: ReadUnit<IptablesListUnit>, delta: number): void {
  unit.startsLine = false;
  unit.column += delta;
  unit.span.column += delta;
  for (const token of unit.tokens) token.col += delta;
}

/** Parses iptables -L output. Never throws. */
export function parseIptablesList(text: string, options: ParseIptablesListOptions = {}): Parsed<IptablesRecord> {
  const table = options.table ?? null;
  const read = options.reader ?? iptablesListReader();
  const records: IptablesRecord[] = [];
  const emit = options.sink ?? ((record: IptablesRecord): void => { records.push(record); });
  const diagnostics: Diagnostic[] = [];
  let splitLayout: ListLayout | null = null;
  let layout: ListLayout | null = null;
  let chain: string | null = options.chain ?? null;
  let position = 0;
  const shared = options.shared ?? new SharedListParts(options.sink ? STREAMED_PARTS : Infinity);
  let warnedHeadless = false;

  const take = ({ unit, span }: { unit: IptablesListUnit; span: Span }): void => {
    switch (unit.kind) {
      case 'header':
        layout = headerLayout(unit.layout);
        break;
      case 'warning':
        emit({ type: 'meta', kind: 'warning', table, text: unit.text.text, span });
        break;
      case 'chain':
        chain = unit.name.text;
        position = 0;
        emit(buildChain(unit, span, table));
        break;
      case 'rule': {
        if (chain === null && !warnedHeadless) {
          warnedHeadless = true;
          diagnostics.push({
            code: 'incomplete', severity: 'warning', span,
            message: 'Rules before any "Chain …" header: their chain is unknown and was left empty.',
            expected: ['a chain header'],
          });
        }
        position++;
        const built = buildRule(unit, span, layout, { table, chain: chain ?? '', position }, shared);
        if (built.record) {
          emit(built.record);
          position = built.record.position;
        } else position--;
        append(diagnostics, built.diagnostics);
        break;
      }
    }
  };

  // lines of one unit are read transiently: take copies what it keeps
  const oneUnit = { transient: true };
  const readLine = (lineText: string, start: number, line: number): void => {
    if (lineText.length === 0) return;
    if (isOneUnitLine(text, start, start + lineText.length)) {
      for (const unit of read.readLineText(text, lineText, start, line, diagnostics, oneUnit)) take(unit);
      return;
    }
    const fields = fieldsOf(lineText);
    const cut = unitStarts(fields, splitLayout);
    splitLayout = cut.layout;
    if (cut.starts.length <= 1) {
      for (const unit of read.readLineText(text, lineText, start, line, diagnostics)) take(unit);
    } else {
      for (let k = 0; k < cut.starts.length; k++) {
        const first = fields[cut.starts[k] as number] as Field;
        const last = fields[(cut.starts[k + 1] ?? fields.length) - 1] as Field;
        const pieceDiagnostics: Diagnostic[] = [];
        const units = read.readLineText(text, lineText.slice(first.start, last.end), start + first.start, line, pieceDiagnostics);
        for (const d of pieceDiagnostics) d.span.column += first.start;
        append(diagnostics, pieceDiagnostics);
        for (const unit of units) {
          if (first.start > 0) shift(unit, first.start);
          take(unit);
        }
      }
    }
  };
  try {
    forEachLine(text, readLine);
  } finally {
    read.releaseLive();
  }
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { format: 'iptables-list', records, diagnostics };
}

/** The registry's parse: ParseOptions from the command ({ table, chain }). */
export const parseIptablesListWith = (text: string, options?: ParseOptions, sink?: (record: IptablesRecord) => void): Parsed<IptablesRecord> =>
  parseIptablesList(text, { table: options?.table, chain: options?.chain, ...(sink ? { sink } : {}) });
