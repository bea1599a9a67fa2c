// Drives a format's nearley grammar over moo tokens, one line at a time, and remembers the
// parse of each line shape (its sequence of token types) so that every later line of that
// shape skips the Earley parser. Grammars match token types only (keywords have their own
// type), so a shape fully determines the parse: the cache cannot change a result.
import nearley from 'nearley';
import type { Diagnostic, DiagnosticCode, Span } from '../../core';
import { lexLine, type CompiledGrammar, type Lexer, type Token } from './lex';
import { SkeletonScanner, type SkeletonOptions } from './skeleton';

export { lexLine, LEX_WINDOW, type CompiledGrammar, type Lexer, type Token } from './lex';
export { lineSkeleton, lineSkeletonOf, type SkeletonOptions } from './skeleton';

// The caches live as long as a format's shared reader, across parses: bound what hostile input
// can make them hold (entries, the size of each, and the tokens of all: some 30 MB per format at
// most). A full cache is emptied and filled again, so that a later input gets its own shapes
// cached (one that stopped taking new entries left every later input to moo and nearley).
const MAX_SKELETONS = 10_000;
const MAX_CACHED_LINE = 1024;
const MAX_SKELETON_TOKENS = 500_000;
const MAX_SHAPES = 10_000;
const MAX_CACHED_TOKENS = 512;
const MAX_SHAPE_TOKENS = 200_000;
// A unit of more tokens is not read as one: nearley's lists (:+, :*) copy themselves at every token,
// so a unit costs the square of its length ("mac dev eth0" and 10,000 "self" took 5.7 s). The rest
// of a longer run is reported unread. No output of these tools puts a thousand tokens in one unit;
// the formats whose units may be that long (nft's elements, sysctl's values) read them their own way.
const MAX_UNIT_TOKENS = 1000;

/**
 * The longest line a reader reads, in UTF-16 code units. A longer line never reaches the lexer: it
 * is one `line-too-long` diagnostic spanning it (lineTooLong), and reading goes on with the next
 * line. moo is handed a long line a window at a time (lexLine), so no length overflows V8's regexp
 * stack (one line of 8,388,600 blanks did, and parseIpRoute threw RangeError); the bound caps what
 * one line may cost (a line of short fields is millions of tokens). It lies above the long lines
 * the formats are tested to read (an nft chain of 700,000 pieces flattened into 4.9 million
 * characters); no tool's own line comes near it.
 */
export const MAX_LINE_LENGTH = 6_000_000;

/** The diagnostic for a line longer than MAX_LINE_LENGTH: `source` from `start` to `end`, line `line`, column `column`. */
export function lineTooLong(source: string, start: number, end: number, line: number, column = 1): Diagnostic {
  return {
    code: 'line-too-long', severity: 'error',
    message: `This line is ${end - start} characters long, more than the ${MAX_LINE_LENGTH} netsift reads in one line; it was not read.`,
    span: { line, column, offset: start, length: end - start, text: source.slice(start, end) },
    expected: [`a line of at most ${MAX_LINE_LENGTH} characters`],
  };
}

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

/** How readLineText reads a line: `scan` false never runs the longest-match scan (a line is one unit or none); `transient`: see forEachUnit. */
export interface LineOptions {
  scan?: boolean;
  transient?: boolean;
}

export interface UnitReaderOptions {
  lexer: Lexer;
  grammar: CompiledGrammar;
  /** Token types that separate tokens and are dropped (whitespace). */
  skip?: readonly string[];
  /** Turn the shape cache off (property tests compare both paths). */
  cache?: boolean;
  /** Names for token types in `expected` lists; the type itself otherwise. */
  describe?: (type: string) => string;
  /** What line skeletons abstract besides numeric fields (skeleton.ts); the lexer must allow it. */
  skeleton?: SkeletonOptions;
}

interface TemplateLeaf { readonly token: number }
type Template = TemplateLeaf | { readonly object: [string, Template][] } | { readonly array: Template[] } | { readonly constant: unknown };

/** Cached outcome of parsing one shape as a whole line. */
type ShapeResult = { ok: true; build: Build } | { ok: false };

/** A template compiled: builds the unit of a line of its shape from the line's tokens. */
type Build = (tokens: Token[]) => unknown;

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
  /** Hash of a line skeleton → where its tokens are and what they are (see skeleton.ts). */
  private readonly skeletons = new Map<number, SkeletonEntry[]>();
  private skeletonCount = 0;
  /** Tokens of every skeleton entry, and of every cached shape (the budgets above). */
  private skeletonTokens = 0;
  private shapeTokens = 0;
  private readonly scanner: SkeletonScanner;
  /** Lines read through the skeleton cache (the bench and the tests look). */
  skeletonHits = 0;
  /** Entries holding a live unit for the transient read under way (released when it ends). */
  private readonly liveEntries: SkeletonEntry[] = [];
  private readonly feed = new TokenFeed();
  private readonly describe: (type: string) => string;
  /** Token types that can start a unit, for "expected" lists. */
  private startTypes: string[] | undefined;

  constructor(options: UnitReaderOptions) {
    this.lexer = options.lexer;
    this.grammar = nearley.Grammar.fromCompiled(options.grammar as nearley.CompiledRules);
    this.skip = new Set(options.skip ?? ['ws']);
    this.useCache = options.cache ?? true;
    this.describe = options.describe ?? ((type) => type);
    this.scanner = new SkeletonScanner(options.skeleton);
  }

  /**
   * Splits one line (no line break inside) into tokens, offsets relative to the whole text. A line
   * longer than MAX_LINE_LENGTH gives none (it never reaches the lexer): a caller that tokenizes
   * lines itself reports such a line with lineTooLong first.
   */
  tokenize(lineText: string, lineStart: number, line: number): Token[] {
    const tokens: Token[] = [];
    if (lineText.length > MAX_LINE_LENGTH) return tokens;
    lexLine(this.lexer, lineText, (token) => {
      if (this.skip.has(token.type as string)) return;
      token.col = token.offset + 1;
      token.offset += lineStart;
      token.line = line;
      tokens.push(token);
    });
    return tokens;
  }

  /**
   * Reads the units of one line of `source` (`lineText` starts at `lineStart`). Lines whose
   * skeleton was seen before reuse its tokenization and parse; the rest go through moo.
   */
  readLineText(source: string, lineText: string, lineStart: number, line: number, diagnostics: Diagnostic[], options: LineOptions = {}): ReadUnit<U>[] {
    return this.readLineIn(source, lineStart, lineStart + lineText.length, lineText, line, diagnostics, options);
  }

  /**
   * `readLineText` for the line of `source` from `lineStart` to `lineEnd`, not cut out of it: a line
   * of a known skeleton is read without a string of its own (only the text its tokens and span keep).
   */
  readLineAt(source: string, lineStart: number, lineEnd: number, line: number, diagnostics: Diagnostic[], options: LineOptions = {}): ReadUnit<U>[] {
    return this.readLineIn(source, lineStart, lineEnd, null, line, diagnostics, options);
  }

  private readLineIn(source: string, lineStart: number, lineEnd: number, lineText: string | null, line: number, diagnostics: Diagnostic[], options: LineOptions): ReadUnit<U>[] {
    if (lineEnd - lineStart > MAX_LINE_LENGTH) {
      diagnostics.push(lineTooLong(source, lineStart, lineEnd, line));
      return [];
    }
    const scan = options.scan ?? true;
    if (!this.useCache) {
      const tokens = this.tokenize(lineText ?? source.slice(lineStart, lineEnd), lineStart, line);
      if (!scan) return this.wholeOrNone(source, tokens);
      return tokens.length === 0 ? [] : this.readLine(source, tokens, diagnostics);
    }
    const scanner = this.scanner;
    const hasSkeleton = lineEnd - lineStart <= MAX_CACHED_LINE && scanner.scan(source, lineStart, lineEnd);
    const chain = hasSkeleton ? this.skeletons.get(scanner.hash) : undefined;
    if (chain) {
      for (const entry of chain) {
        if (scanner.equals(entry.skeleton, entry.skeletonLength)) {
          this.skeletonHits++;
          if (!scan && entry.build === null) return [];
          if (options.transient === true && entry.build !== null) return this.reuseLive(source, entry, lineStart, lineText, line);
          return this.reuse(source, entry, lineStart, lineEnd, lineText, line, diagnostics);
        }
      }
    }
    const tokens = this.tokenize(lineText ?? source.slice(lineStart, lineEnd), lineStart, line);
    const whole = tokens.length > 0 ? this.parseWhole(tokens) : null;
    if (hasSkeleton && (chain?.length ?? 0) < 16) this.remember(scanner.hash, chain, tokens, lineStart, whole !== null);
    if (tokens.length === 0) return [];
    if (whole) return [this.makeUnit(source, whole, tokens, true)];
    return scan ? this.scan(source, tokens, diagnostics) : [];
  }

  /**
   * The tokens read as exactly one unit, or null; never the longest-match scan (a format that cuts
   * its units itself, such as nft-ruleset's flattened pastes, reports what does not read).
   */
  readWhole(source: string, tokens: Token[]): ReadUnit<U> | null {
    return this.wholeOrNone(source, tokens)[0] ?? null;
  }

  private wholeOrNone(source: string, tokens: Token[]): ReadUnit<U>[] {
    const whole = tokens.length > 0 ? this.parseWhole(tokens) : null;
    return whole ? [this.makeUnit(source, whole, tokens, true)] : [];
  }

  /** Reads a line of a known skeleton: its tokens where the entry says, its text re-read from the line. */
  private reuse(source: string, entry: SkeletonEntry, lineStart: number, lineEnd: number, lineText: string | null, line: number, diagnostics: Diagnostic[]): ReadUnit<U>[] {
    if (entry.types.length === 0) return [];
    if (entry.build === null) return this.readLine(source, this.tokenize(lineText ?? source.slice(lineStart, lineEnd), lineStart, line), diagnostics);
    const tokens = blankTokens(entry);
    this.placeTokens(entry, tokens, source, lineStart, line);
    return [this.makeUnit(source, entry.build(tokens) as U, tokens, true, lineText)];
  }

  /**
   * `reuse` for a reader that does not keep units past their line: the entry's one unit and
   * tokens, their text and offsets rewritten for this line. No tokens or unit are built per line
   * (on large listings most lines take this path, and building them was most of the parse).
   */
  private reuseLive(source: string, entry: SkeletonEntry, lineStart: number, lineText: string | null, line: number): ReadUnit<U>[] {
    if (entry.types.length === 0) return [];
    let live = entry.live;
    if (live === null) {
      const tokens = blankTokens(entry);
      const unit = (entry.build as Build)(tokens) as U;
      const read: ReadUnit<U> = { unit, tokens, span: { line: 0, column: 0, offset: 0, length: 0, text: '' }, line: 0, startsLine: true, column: 0 };
      live = { tokens, unit, read, list: [read] };
      entry.live = live;
      this.liveEntries.push(entry);
    }
    this.placeTokens(entry, live.tokens, source, lineStart, line);
    // the read unit and its list are the entry's too; only the span is new (records keep it)
    const read = live.read as ReadUnit<U>;
    read.span = spanOver(source, live.tokens, lineText);
    read.line = line;
    read.column = read.span.column;
    return live.list as ReadUnit<U>[];
  }

  /** Writes where each token of the entry lies in the line at `lineStart`, and its text (re-read from `source` unless fixed), into `tokens`. */
  private placeTokens(entry: SkeletonEntry, tokens: Token[], source: string, lineStart: number, line: number): void {
    const scanner = this.scanner;
    for (let i = 0; i < tokens.length; i++) {
      const start = scanner.anchorOffset(entry.startAnchors[i] as number) + (entry.starts[i] as number);
      const text = entry.texts[i] ?? source.slice(lineStart + start, lineStart + scanner.anchorOffset(entry.endAnchors[i] as number) + (entry.ends[i] as number));
      const token = tokens[i] as Token;
      token.value = text;
      token.text = text;
      token.offset = lineStart + start;
      token.line = line;
      token.col = start + 1;
    }
  }

  /** Ends a transient read: the live units let go of their tokens (and of the text those point into). */
  releaseLive(): void {
    for (const entry of this.liveEntries) entry.live = null;
    this.liveEntries.length = 0;
  }

  /** Caches the tokenization (and the parse, when whole) of the line the scanner holds. */
  private remember(hash: number, chain: SkeletonEntry[] | undefined, tokens: Token[], lineStart: number, isWhole: boolean): void {
    const scanner = this.scanner;
    const count = tokens.length;
    if (this.skeletonCount >= MAX_SKELETONS || this.skeletonTokens + count > MAX_SKELETON_TOKENS) {
      // entries a transient read holds live stay usable: they are released through liveEntries
      this.skeletons.clear();
      this.skeletonCount = 0;
      this.skeletonTokens = 0;
      chain = undefined;
    }
    const entry: SkeletonEntry = {
      skeleton: scanner.copy(),
      skeletonLength: scanner.length,
      types: new Array<string>(count),
      texts: new Array<string | null>(count),
      startAnchors: new Int16Array(count),
      starts: new Int32Array(count),
      endAnchors: new Int16Array(count),
      ends: new Int32Array(count),
      build: isWhole ? ((this.shapes.get(this.shapeKey(tokens)) as { build: Build } | undefined)?.build ?? null) : null,
      live: null,
    };
    for (let i = 0; i < count; i++) {
      const token = tokens[i] as Token;
      const start = token.offset - lineStart;
      const end = start + token.text.length;
      // a token boundary inside a segment: the skeleton's premise fails for this lexer, so no entry
      if (scanner.splitsSegment(start) || scanner.splitsSegment(end)) return;
      entry.types[i] = token.type as string;
      entry.texts[i] = scanner.isFixed(start, end) ? detached(token.text) : null;
      const startAnchor = scanner.anchorOf(start);
      const endAnchor = scanner.anchorOf(end);
      entry.startAnchors[i] = startAnchor;
      entry.starts[i] = start - scanner.anchorOffset(startAnchor);
      entry.endAnchors[i] = endAnchor;
      entry.ends[i] = end - scanner.anchorOffset(endAnchor);
    }
    if (chain) chain.push(entry);
    else this.skeletons.set(hash, [entry]);
    this.skeletonCount++;
    this.skeletonTokens += count;
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
    if (tokens.length > MAX_UNIT_TOKENS) return null;
    if (!this.useCache) return this.parseTokens(tokens)?.unit ?? null;
    const key = this.shapeKey(tokens);
    let result = this.shapes.get(key);
    if (result === undefined) {
      const parsed = this.parseTokens(tokens);
      result = parsed ? { ok: true, build: compileTemplate(toTemplate(parsed.unit, tokens)) } : { ok: false };
      if (tokens.length <= MAX_CACHED_TOKENS) {
        if (this.shapes.size >= MAX_SHAPES || this.shapeTokens + tokens.length > MAX_SHAPE_TOKENS) {
          // skeleton entries keep the builds they took from here
          this.shapes.clear();
          this.shapeTokens = 0;
        }
        this.shapes.set(key, result);
        this.shapeTokens += tokens.length;
      }
      if (parsed) return parsed.unit;
    }
    return result.ok ? (result.build(tokens) as U) : null;
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
      for (let j = i; j < tokens.length && j - i < MAX_UNIT_TOKENS; j++) {
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

  /** A read unit of `tokens`, spanning them (spanOver). */
  private makeUnit(source: string, unit: U, tokens: Token[], startsLine: boolean, lineText?: string | null): ReadUnit<U> {
    const span = spanOver(source, tokens, lineText);
    return { unit, tokens, span, line: span.line, startsLine, column: span.column };
  }
}

/**
 * The span from the first token to the end of the last; `lineText`, when given, is the line the
 * tokens are from: its text serves a span that covers it whole.
 */
function spanOver(source: string, tokens: readonly Token[], lineText?: string | null): Span {
  const first = tokens[0] as Token;
  const last = tokens[tokens.length - 1] as Token;
  const start = first.offset;
  const end = last.offset + last.text.length;
  const text = lineText != null && end - start === lineText.length ? lineText : source.slice(start, end);
  return { line: first.line, column: first.col, offset: start, length: end - start, text };
}

/** One token object per token of the entry, to be placed (the fields builders read; moo's lineBreaks and toString are not needed on one line). */
function blankTokens(entry: SkeletonEntry): Token[] {
  const count = entry.types.length;
  const tokens = new Array<Token>(count);
  for (let i = 0; i < count; i++) tokens[i] = { type: entry.types[i], value: '', text: '', offset: 0, line: 0, col: 0 } as Token;
  return tokens;
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

/**
 * The string, not a slice of the text it was cut from (the cache outlives that text). V8 copies
 * slices shorter than 13 characters and keeps longer ones as views on their parent.
 */
function detached(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}

/**
 * A template as a function (closures, not generated code: the core runs where eval is barred), so
 * that a line of a known shape builds its unit without walking the template.
 */
function compileTemplate(template: Template): Build {
  if ('token' in template) {
    const index = template.token;
    return (tokens) => tokens[index];
  }
  if ('array' in template) {
    const items = template.array.map(compileTemplate);
    const count = items.length;
    if (count === 0) return () => [];
    return (tokens) => {
      const out = new Array<unknown>(count);
      for (let i = 0; i < count; i++) out[i] = (items[i] as Build)(tokens);
      return out;
    };
  }
  if ('object' in template) {
    const keys = template.object.map(([key]) => key);
    const items = template.object.map(([, item]) => compileTemplate(item));
    const count = keys.length;
    return (tokens) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < count; i++) out[keys[i] as string] = (items[i] as Build)(tokens);
      return out;
    };
  }
  const value = template.constant;
  return () => value;
}

interface SkeletonEntry {
  /** The skeleton's characters, two to a word (SkeletonScanner.copy), and how many. */
  skeleton: Uint32Array;
  skeletonLength: number;
  types: string[];
  /** The text of each token that is the same in every line of the skeleton (shared), or null. */
  texts: (string | null)[];
  /**
   * Where each token starts and ends: a distance from an anchor, the line's start (-1) or the end
   * of a segment of the skeleton (its k-th), since segments differ in length from line to line.
   */
  startAnchors: Int16Array;
  starts: Int32Array;
  endAnchors: Int16Array;
  ends: Int32Array;
  /** The whole line's parse, or null when the line is not one unit (it is scanned each time). */
  build: Build | null;
  /** During a transient read: the one unit, tokens and read unit every line of this skeleton is read into. */
  live: { tokens: Token[]; unit: unknown; read: unknown; list: unknown[] } | null;
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
