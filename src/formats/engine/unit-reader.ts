// Drives a format's nearley grammar over moo tokens, one line at a time, and remembers the
// parse of each line shape (its sequence of token types) so that every later line of that
// shape skips the Earley parser. Grammars match token types only (keywords have their own
// type), so a shape fully determines the parse: the cache cannot change a result.
import nearley from 'nearley';
import type { Lexer, Token } from 'moo';
import type { Diagnostic, DiagnosticCode, Span } from '../../core';

export type { Token } from 'moo';

// The caches live as long as a format's shared reader, across parses: bound what hostile input
// can make them hold (entries, and the size of each: at most ~20 MB per format).
const MAX_SKELETONS = 10_000;
const MAX_CACHED_LINE = 1024;
const MAX_SHAPES = 10_000;
const MAX_CACHED_TOKENS = 512;

/** A grammar's result for one unit, with moo tokens at its leaves. */
export type Unit = { readonly kind: string } & Record<string, unknown>;

/** One unit read from the input, with its tokens and where it sits. */
export interface ReadUnit<U extends Unit> {
  unit: U;
  /** All tokens of the unit (whitespace excluded), offsets in the whole text. */
  tokens: Token[];
  span: Span;
  /** 1-based line where the unit starts. */
  line: number;
  /** True when the unit is the first thing on its line (false inside a flattened paste). */
  startsLine: boolean;
  /** Column (1-based) of the unit's first token. */
  column: number;
}

export interface UnitReaderOptions {
  lexer: Lexer;
  grammar: nearley.CompiledRules;
  /** Token types that separate tokens and are dropped (whitespace). */
  skip?: readonly string[];
  /** Turn the shape cache off (property tests compare both paths). */
  cache?: boolean;
  /** Names for token types in `expected` lists; the type itself otherwise. */
  describe?: (type: string) => string;
}

interface TemplateLeaf { readonly token: number }
type Template = TemplateLeaf | { readonly object: [string, Template][] } | { readonly array: Template[] } | { readonly constant: unknown };

/** Cached outcome of parsing one shape as a whole line. */
type ShapeResult = { ok: true; template: Template } | { ok: false };

/** Token feed for nearley: the parser pulls pre-lexed tokens from here. */
class TokenFeed {
  private tokens: Token[] = [];
  private index = 0;
  load(tokens: Token[]): void {
    this.tokens = tokens;
    this.index = 0;
  }
  reset(): void {}
  next(): Token | undefined {
    return this.tokens[this.index++];
  }
  save(): undefined {
    return undefined;
  }
  formatError(token: Token): string {
    return `unexpected ${token.type}`;
  }
  has(): boolean {
    return true;
  }
}

interface ScannableState { rule: { symbols: unknown[] }; dot: number }
interface ParserInternals { table: { scannable: ScannableState[] }[]; current: number }

export class UnitReader<U extends Unit> {
  private readonly lexer: Lexer;
  private readonly grammar: nearley.Grammar;
  private readonly skip: Set<string>;
  private readonly useCache: boolean;
  private readonly shapes = new Map<string, ShapeResult>();
  /** Line skeleton → where its tokens are and what they are (see `skeletonOf`). */
  private readonly skeletons = new Map<number, SkeletonEntry[]>();
  private skeletonCount = 0;
  private readonly feed = new TokenFeed();
  private readonly describe: (type: string) => string;
  /** Token types that can start a unit, for "expected" lists. */
  private startTypes: string[] | undefined;

  constructor(options: UnitReaderOptions) {
    this.lexer = options.lexer;
    this.grammar = nearley.Grammar.fromCompiled(options.grammar);
    this.skip = new Set(options.skip ?? ['ws']);
    this.useCache = options.cache ?? true;
    this.describe = options.describe ?? ((type) => type);
  }

  /** Splits one line (no line break inside) into tokens, offsets relative to the whole text. */
  tokenize(lineText: string, lineStart: number, line: number): Token[] {
    const tokens: Token[] = [];
    this.lexer.reset(lineText);
    for (let token = this.lexer.next(); token !== undefined; token = this.lexer.next()) {
      if (this.skip.has(token.type as string)) continue;
      token.col = token.offset + 1;
      token.offset += lineStart;
      token.line = line;
      tokens.push(token);
    }
    return tokens;
  }

  /**
   * Reads the units of one line of `source` (`lineText` starts at `lineStart`). Lines whose
   * skeleton was seen before reuse its tokenization and parse; the rest go through moo.
   */
  readLineText(source: string, lineText: string, lineStart: number, line: number, diagnostics: Diagnostic[]): ReadUnit<U>[] {
    if (this.useCache) {
      const hash = coarseHash(lineText);
      const chain = this.skeletons.get(hash);
      let entry: SkeletonEntry | undefined;
      if (chain) {
        for (const candidate of chain) {
          if (matchesSkeleton(lineText, candidate)) {
            entry = candidate;
            break;
          }
        }
      }
      if (entry) {
        if (entry.template === null || entry.types.length === 0) {
          const tokens = entry.types.length === 0 ? [] : this.tokenize(lineText, lineStart, line);
          return tokens.length === 0 ? [] : this.readLine(source, tokens, diagnostics);
        }
        const count = entry.types.length;
        const tokens = new Array<Token>(count);
        for (let i = 0; i < count; i++) {
          const start = entry.starts[i] as number;
          const text = lineText.slice(start, entry.ends[i]);
          // the fields builders read; moo's lineBreaks and toString are not needed on one line
          tokens[i] = { type: entry.types[i], value: text, text, offset: lineStart + start, line, col: start + 1 } as Token;
        }
        return [this.makeUnit(source, instantiate(entry.template, tokens) as U, tokens, true)];
      }
      const tokens = this.tokenize(lineText, lineStart, line);
      const whole = tokens.length > 0 ? this.parseWhole(tokens) : null;
      // interface names that differ only in digits share a coarse hash: keep chains short
      if (this.skeletonCount < MAX_SKELETONS && lineText.length <= MAX_CACHED_LINE && (chain?.length ?? 0) < 16) {
        const template = whole ? (this.shapes.get(this.shapeKey(tokens)) as { template: Template } | undefined)?.template ?? null : null;
        const skeleton = skeletonOf(lineText);
        const newEntry: SkeletonEntry = {
          skeleton,
          mapped: mappedPositions(lineText),
          types: tokens.map((token) => token.type as string),
          starts: tokens.map((token) => token.offset - lineStart),
          ends: tokens.map((token) => token.offset - lineStart + token.text.length),
          template,
        };
        if (chain) chain.push(newEntry);
        else this.skeletons.set(hash, [newEntry]);
        this.skeletonCount++;
      }
      if (tokens.length === 0) return [];
      if (whole) return [this.makeUnit(source, whole, tokens, true)];
      return this.scan(source, tokens, diagnostics);
    }
    const tokens = this.tokenize(lineText, lineStart, line);
    return tokens.length === 0 ? [] : this.readLine(source, tokens, diagnostics);
  }

  /**
   * Reads the units of one line: the whole line as one unit when it parses so, otherwise
   * the longest units found left to right, with unread runs of tokens reported.
   */
  readLine(source: string, tokens: Token[], diagnostics: Diagnostic[]): ReadUnit<U>[] {
    if (tokens.length === 0) return [];
    const whole = this.parseWhole(tokens);
    if (whole) return [this.makeUnit(source, whole, tokens, true)];
    return this.scan(source, tokens, diagnostics);
  }

  private shapeKey(tokens: Token[]): string {
    let key = '';
    for (let i = 0; i < tokens.length; i++) key += `${(tokens[i] as Token).type} `;
    return key;
  }

  private parseWhole(tokens: Token[]): U | null {
    if (!this.useCache) return this.parseTokens(tokens)?.unit ?? null;
    const key = this.shapeKey(tokens);
    let result = this.shapes.get(key);
    if (result === undefined) {
      const parsed = this.parseTokens(tokens);
      result = parsed ? { ok: true, template: toTemplate(parsed.unit, tokens) } : { ok: false };
      if (this.shapes.size < MAX_SHAPES && tokens.length <= MAX_CACHED_TOKENS) this.shapes.set(key, result);
      if (parsed) return parsed.unit;
    }
    return result.ok ? (instantiate(result.template, tokens) as U) : null;
  }

  /** Parses the tokens as exactly one unit; null when they are not one. */
  private parseTokens(tokens: Token[]): { unit: U } | null {
    const parser = new nearley.Parser(this.grammar, { lexer: this.feed as unknown as nearley.Lexer });
    for (const token of tokens) {
      if (!this.accepts(parser, token)) return null;
      this.feed.load([token]);
      parser.feed('');
    }
    const results = parser.results as U[];
    // More than one reading is a grammar bug; the first is used and a test fails on it.
    return results.length > 0 ? { unit: results[0] as U } : null;
  }

  /** Number of readings of the tokens as one unit (tests use it to prove grammars unambiguous). */
  countReadings(tokens: Token[]): number {
    const parser = new nearley.Parser(this.grammar, { lexer: this.feed as unknown as nearley.Lexer });
    for (const token of tokens) {
      if (!this.accepts(parser, token)) return 0;
      this.feed.load([token]);
      parser.feed('');
    }
    return parser.results.length;
  }

  /** Whether the parser's current column can take this token (checked before feeding, so nearley never throws). */
  private accepts(parser: nearley.Parser, token: Token): boolean {
    const internals = parser as unknown as ParserInternals;
    const column = internals.table[internals.current];
    if (!column) return false;
    for (const state of column.scannable) {
      if (symbolAccepts(state.rule.symbols[state.dot], token)) return true;
    }
    return false;
  }

  private expectedAt(parser: nearley.Parser): string[] {
    const internals = parser as unknown as ParserInternals;
    const column = internals.table[internals.current];
    const names = new Set<string>();
    for (const state of column?.scannable ?? []) {
      const symbol = state.rule.symbols[state.dot] as { type?: string; literal?: string } | undefined;
      if (symbol?.type) names.add(this.describe(symbol.type));
      else if (symbol?.literal) names.add(JSON.stringify(symbol.literal));
    }
    return [...names].sort();
  }

  private unitStartTypes(): string[] {
    if (!this.startTypes) {
      const parser = new nearley.Parser(this.grammar, { lexer: this.feed as unknown as nearley.Lexer });
      this.startTypes = this.expectedAt(parser);
    }
    return this.startTypes;
  }

  /** Longest-match scan with resynchronisation, for flattened pastes and lines with junk. */
  private scan(source: string, tokens: Token[], diagnostics: Diagnostic[]): ReadUnit<U>[] {
    const units: ReadUnit<U>[] = [];
    let unreadFrom = -1;
    let i = 0;
    while (i < tokens.length) {
      const parser = new nearley.Parser(this.grammar, { lexer: this.feed as unknown as nearley.Lexer });
      let best: { end: number; unit: U } | null = null;
      for (let j = i; j < tokens.length; j++) {
        const token = tokens[j] as Token;
        if (!this.accepts(parser, token)) break;
        this.feed.load([token]);
        parser.feed('');
        if (parser.results.length > 0) best = { end: j + 1, unit: parser.results[0] as U };
      }
      if (best) {
        if (unreadFrom !== -1) {
          diagnostics.push(this.unreadDiagnostic(source, tokens, unreadFrom, i));
          unreadFrom = -1;
        }
        units.push(this.makeUnit(source, best.unit, tokens.slice(i, best.end), i === 0));
        i = best.end;
      } else {
        if (unreadFrom === -1) unreadFrom = i;
        i++;
      }
    }
    if (unreadFrom !== -1) diagnostics.push(this.unreadDiagnostic(source, tokens, unreadFrom, tokens.length));
    return units;
  }

  private unreadDiagnostic(source: string, tokens: Token[], from: number, to: number): Diagnostic {
    const first = tokens[from] as Token;
    const last = tokens[to - 1] as Token;
    const start = first.offset;
    const end = last.offset + last.text.length;
    const text = source.slice(start, end);
    const code: DiagnosticCode = isAnnotation(text) ? 'annotation' : 'unexpected-token';
    const expected = this.unitStartTypes();
    return {
      code,
      severity: code === 'annotation' ? 'info' : 'error',
      message:
        code === 'annotation'
          ? 'A remark mixed into the output was set aside.'
          : `Expected one of ${expected.join(', ')}; this text was not read.`,
      span: { line: first.line, column: first.col, offset: start, length: end - start, text },
      expected,
    };
  }

  private makeUnit(source: string, unit: U, tokens: Token[], startsLine: boolean): ReadUnit<U> {
    const first = tokens[0] as Token;
    const last = tokens[tokens.length - 1] as Token;
    const start = first.offset;
    const end = last.offset + last.text.length;
    return {
      unit,
      tokens,
      span: { line: first.line, column: first.col, offset: start, length: end - start, text: source.slice(start, end) },
      line: first.line,
      startsLine,
      column: first.col,
    };
  }
}

function symbolAccepts(symbol: unknown, token: Token): boolean {
  if (symbol === undefined || typeof symbol === 'string') return false;
  const s = symbol as { type?: string; literal?: string; test?: (value: unknown) => boolean };
  if (s.test) return s.test(token);
  if (s.type) return s.type === token.type;
  return s.literal === token.text;
}

/** Remarks people type into pastes: "###…", "----…", "//…", "【…】", "<--". */
export function isAnnotation(text: string): boolean {
  return (
    text.startsWith('#') ||
    text.startsWith('--') ||
    text.startsWith('//') ||
    text.startsWith('【') ||
    text.startsWith('<--') ||
    text.startsWith('←')
  );
}

function toTemplate(value: unknown, tokens: Token[]): Template {
  if (value !== null && typeof value === 'object') {
    const index = tokens.indexOf(value as Token);
    if (index !== -1) return { token: index };
    if (Array.isArray(value)) return { array: value.map((item) => toTemplate(item, tokens)) };
    return { object: Object.entries(value).map(([key, item]) => [key, toTemplate(item, tokens)]) };
  }
  return { constant: value };
}

function instantiate(template: Template, tokens: Token[]): unknown {
  if ('token' in template) return tokens[template.token];
  if ('array' in template) return template.array.map((item) => instantiate(item, tokens));
  if ('object' in template) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of template.object) out[key] = instantiate(item, tokens);
    return out;
  }
  return template.constant;
}

interface SkeletonEntry {
  skeleton: string;
  /** 1 where the skeleton abstracts the line's character (a digit or hex letter of a numeric field). */
  mapped: Uint8Array;
  types: string[];
  starts: number[];
  ends: number[];
  /** The whole line's parse, or null when the line is not one unit (it is scanned each time). */
  template: Template | null;
}

// The fast path. A line's skeleton keeps every character except inside "numeric" fields (runs
// of non-blanks made only of hex digits and . : / - with at least one decimal digit: addresses,
// MACs, prefixes, counters), where the digits 1-9 become 1 and hex letters a or A ("0" stays,
// since lexers match it literally). The lexers treat those alike inside such fields (classes
// like \d and [0-9a-fA-F]; keywords are never numeric), so two lines with the same skeleton lex
// to the same token types at the same offsets. test/fast-path.test.ts checks this on every line
// of the corpus and on generated lines, against moo itself.

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

function isNumericChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === 46 || c === 58 || c === 47 || c === 45;
}

/** End of the field starting at `start`, and whether it is numeric (see above). */
function fieldEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length && !isBlank(text.charCodeAt(i))) i++;
  return i;
}

function isNumericField(text: string, start: number, end: number): boolean {
  let digit = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!isNumericChar(c)) return false;
    if (c >= 48 && c <= 57) digit = true;
  }
  return digit;
}

function mapNumeric(c: number): number {
  // "0" keeps its identity: lexers match it literally ("0x…", "0/0", "from 0/8")
  if (c >= 49 && c <= 57) return 49;
  if (c >= 97 && c <= 102) return 97;
  if (c >= 65 && c <= 70) return 65;
  return c;
}

/**
 * A hash that lines of one skeleton share, computed without finding fields: every digit 1-9,
 * every hex letter is abstracted wherever it stands. Lines of different skeletons may share it
 * too ("eth1", "eth2"); the chain lookup then tells them apart with `matchesSkeleton`.
 */
function coarseHash(text: string): number {
  let hash = 2166136261;
  const length = text.length;
  for (let i = 0; i < length; i++) hash = Math.imul(hash ^ mapNumeric(text.charCodeAt(i)), 16777619);
  return (hash ^ length) >>> 0;
}

function skeletonOf(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (isBlank(text.charCodeAt(i))) {
      out += text[i];
      i++;
      continue;
    }
    const end = fieldEnd(text, i);
    if (isNumericField(text, i, end)) for (; i < end; i++) out += String.fromCharCode(mapNumeric(text.charCodeAt(i)));
    else {
      out += text.slice(i, end);
      i = end;
    }
  }
  return out;
}

/**
 * Whether a line has the entry's skeleton. Positions the skeleton abstracts must map to the same
 * class, all others must be equal; that keeps each field numeric or not as it was (a mapped class
 * character only comes from a numeric character), so one pass without finding fields is exact.
 */
function matchesSkeleton(text: string, entry: SkeletonEntry): boolean {
  const { skeleton, mapped } = entry;
  const length = text.length;
  if (length !== skeleton.length) return false;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if ((mapped[i] === 1 ? mapNumeric(c) : c) !== skeleton.charCodeAt(i)) return false;
  }
  return true;
}

function mappedPositions(text: string): Uint8Array {
  const mapped = new Uint8Array(text.length);
  let i = 0;
  while (i < text.length) {
    if (isBlank(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const end = fieldEnd(text, i);
    if (isNumericField(text, i, end)) mapped.fill(1, i, end);
    i = end;
  }
  return mapped;
}

/** The skeleton of a line, exported for the fast-path tests. */
export function lineSkeleton(text: string): string {
  return skeletonOf(text);
}

/**
 * A format's reader: one shared instance (its caches are kept across parses), or with
 * `{ cache: false }` a fresh one without the shape and skeleton caches (property tests compare both).
 */
export function defineReader<U extends Unit>(options: Omit<UnitReaderOptions, 'cache'>): (settings?: { cache?: boolean }) => UnitReader<U> {
  let shared: UnitReader<U> | undefined;
  return (settings = {}) => {
    if (settings.cache === false) return new UnitReader<U>({ ...options, cache: false });
    shared ??= new UnitReader<U>(options);
    return shared;
  };
}
