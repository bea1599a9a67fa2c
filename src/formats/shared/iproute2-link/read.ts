// What the ip addr and ip link parsers share before assembling records: their two readers (the
// block layout and ip -br), telling -br output apart, colour escapes, and span helpers.
import type { Token } from '../../engine/lex';
import type { Span } from '../../../core';
import { remapSpans, stripAnsi } from '../../engine/ansi';
import { UnitReader, type CompiledGrammar, type Unit } from '../../engine/unit-reader';
import { describeToken, lexer, LINK_SKELETON } from './lexer';

export interface LinkReaders<U extends Unit> {
  full: UnitReader<U>;
  brief: UnitReader<U>;
}

/** A format's readers: shared ones (caches kept across calls), or fresh ones with `{ cache: false }`. */
export function defineLinkReaders<U extends Unit>(grammar: CompiledGrammar): (options?: { cache?: boolean }) => LinkReaders<U> {
  let shared: LinkReaders<U> | undefined;
  const make = (start: string, cache: boolean): UnitReader<U> =>
    new UnitReader<U>({ lexer, grammar: { ...grammar, ParserStart: start }, describe: describeToken, cache, skeleton: LINK_SKELETON });
  return (options = {}) => {
    if (options.cache === false) return { full: make('unit', false), brief: make('brief', false) };
    shared ??= { full: make('unit', true), brief: make('brief', true) };
    return shared;
  };
}

/** ip -br output has no "2:" index: its lines start with a name and an operstate. */
export function isBriefOutput<U extends Unit>(text: string, reader: UnitReader<U>): boolean {
  let start = 0;
  for (let line = 1; line <= 20 && start < text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const tokens = reader.tokenize(text.slice(start, end), start, line);
    if (tokens.length >= 2) {
      const [first, second] = tokens as [Token, Token];
      if (first.type === 'index' || first.type === 'linktype' || first.type === 'kw_inet' || first.type === 'kw_inet6') return false;
      if (second.type === 'operstate') return true;
    }
    start = end + 1;
  }
  return false;
}

/**
 * ip -c colours names and addresses, even inside "127.0.0.1/8": the escapes are removed before
 * reading, and every span then points back into the text as given.
 */
export function readWithoutColours<P extends object>(text: string, read: (plain: string) => P): P {
  if (!text.includes('\u001b')) return read(text);
  const stripped = stripAnsi(text);
  const parsed = read(stripped.text);
  remapSpans(parsed, text, stripped.map);
  return parsed;
}

export function spanOf(source: string, tokens: readonly Token[]): Span {
  const first = tokens[0] as Token;
  const last = tokens[tokens.length - 1] as Token;
  const end = last.offset + last.text.length;
  return { line: first.line, column: first.col, offset: first.offset, length: end - first.offset, text: source.slice(first.offset, end) };
}

export function spanTo(source: string, start: Span, end: number): Span {
  return { line: start.line, column: start.column, offset: start.offset, length: end - start.offset, text: source.slice(start.offset, end) };
}
