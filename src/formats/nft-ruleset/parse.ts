// Reads `nft list ruleset`, `nft -a list ruleset`, `nft list table …` and `nft list chain …` text:
// one unit per line, with a stack of the table, chain or set each line sits in (nftables
// src/rule.c prints one statement, head or property per line, blocks closed by "}"). A line that
// holds several units (a flattened paste, or lines joined in part) is cut where nft's layout ends
// each unit (cut.ts), into the same records.
import { forEachLineRange } from '../engine/read-units';
import { isAnnotation, lexLine, lineTooLong, MAX_LINE_LENGTH, UnitReader, type ReadUnit, type Token } from '../engine/unit-reader';
import type { Diagnostic, Span } from '../../core';
import type { Parsed } from '../format';
import grammar from './grammar.gen';
import { lexer, flatLexer, describeToken, NFT_SKELETON } from './lexer';
import { cutUnit, type NftContext } from './cut';
import { handleOf, nftTimeSeconds, priorityValue, typeRule, unquote, type NftUnit } from './build';
import { NftFamily, type NftRecord, type NftSet } from './schema';

let reader: UnitReader<NftUnit> | undefined;

/** The shared reader (its shape cache is kept across calls); `cache: false` for property tests. */
export function nftRulesetReader(options: { cache?: boolean } = {}): UnitReader<NftUnit> {
  if (options.cache === false) return new UnitReader<NftUnit>({ lexer, grammar, describe: describeToken, cache: false });
  reader ??= new UnitReader<NftUnit>({ lexer, grammar, describe: describeToken, skeleton: NFT_SKELETON });
  return reader;
}

interface OpenSet {
  record: NftSet;
  /** Where the block's head starts, and where its last property line ends. */
  start: Span;
  end: number;
  /** Raw text of each elements line, while "elements = { …" is not yet closed. */
  elementText: string[] | null;
}

function spanOf(text: string, start: number, end: number, line: number, column: number): Span {
  return { line, column, offset: start, length: end - start, text: text.slice(start, end) };
}

/** Splits one printed line of elements at its top-level commas ("a . tcp . 80 : goto x, b"). */
function splitElements(raw: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let from = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(raw.slice(from, i).trim());
      from = i + 1;
    }
  }
  const rest = raw.slice(from).trim();
  if (rest !== '') out.push(rest);
  return out;
}

// Earley parsing of `any:*` copies the list at every token (nearley's EBNF), so a unit of hundreds of
// tokens costs their square. Only a rule or an elements list is that long (a vmap of many endpoints, a
// flattened set): those are built here straight from the grammar's own token classes, which is what
// the grammar gives them (tested in nft-ruleset.test.ts); no other unit of nft's is.
const LONG_UNIT = 64;
const LONG_LINE = 1024;
function grammarTypes(rule: string): Set<string> {
  const types = new Set<string>();
  for (const production of grammar.ParserRules) {
    if (production.name !== rule) continue;
    for (const symbol of production.symbols) {
      if (typeof symbol === 'string') for (const type of grammarTypes(symbol)) types.add(type);
      else if ('type' in symbol && typeof symbol.type === 'string') types.add(symbol.type);
    }
  }
  return types;
}
const FIRST = grammarTypes('first');
const ANY = grammarTypes('any');

/** A rule or elements list of more than LONG_UNIT tokens as the grammar reads it, or null. */
export function readLongUnit(text: string, tokens: Token[]): ReadUnit<NftUnit> | null {
  const first = tokens[0] as Token;
  const last = tokens[tokens.length - 1] as Token;
  let unit: NftUnit | null = null;
  if (FIRST.has(first.type as string)) {
    const handle = last.type === 'handle' ? last : null;
    const words = handle ? tokens.slice(0, -1) : tokens;
    if (words.every((token, i) => i === 0 || ANY.has(token.type as string))) unit = { kind: 'statement', words, handle };
  } else if (first.type === 'kw_elements' && tokens[1]?.type === 'equals' && tokens[2]?.type === 'lbrace') {
    const words = tokens.slice(3);
    if (words.every((token) => ANY.has(token.type as string))) unit = { kind: 'elements', open: tokens[2], words };
  }
  if (!unit) return null;
  const end = last.offset + last.text.length;
  return {
    unit, tokens, line: first.line, startsLine: true, column: first.col,
    span: { line: first.line, column: first.col, offset: first.offset, length: end - first.offset, text: text.slice(first.offset, end) },
  };
}

/**
 * A rule of nft -a: it ends with its handle, and no other handle, block head or unmatched "}" is in
 * it (nft -a prints a handle after every rule and head, so two rules joined show two).
 */
function isOneRule(tokens: readonly Token[]): boolean {
  const n = tokens.length;
  if (n < 2 || tokens[n - 1]?.type !== 'handle' || tokens[0]?.type === 'kw_comment' || tokens[0]?.type === 'kw_type') return false;
  let depth = 0;
  for (let k = 0; k < n - 1; k++) {
    const type = (tokens[k] as Token).type;
    if (type === 'handle' || type === 'kw_table' || type === 'kw_chain') return false;
    if (type === 'lbrace') depth++;
    else if (type === 'rbrace' && --depth < 0) return false;
  }
  return depth === 0;
}

/** The lines nft prints in a set or map block (src/rule.c, set_print_declaration and do_set_print). */
const SET_PROPERTY_NAMES = 'type, policy, size, flags, counter, auto-merge, timeout, gc-interval, comment, elements';
// the statements nft may give every element of a set (nft(8) SETS: "counter", "quota", "limit", "ct count", "last")
const SET_STATEMENTS = new Set(['counter', 'quota', 'limit', 'ct', 'last']);

/** What a block holds, for the diagnostics of text cut from a flattened paste that reads as nothing. */
const EXPECTED: Record<NftContext, string> = {
  top: 'a table ("table <family> <name> {")',
  table: 'a chain, set or map, or "}" closing the table',
  chain: 'a rule, or "}" closing the chain',
  set: `a property of the set or map (${SET_PROPERTY_NAMES}), or "}"`,
  elements: 'elements up to "}"',
};

// one line, one unit (never the longest-match scan), read transiently: take copies what it keeps
const LINE_OPTIONS = { scan: false, transient: true };

/** Parses nft list ruleset text. Never throws. */
export function parseNftRuleset(text: string, options: { reader?: UnitReader<NftUnit> } = {}): Parsed<NftRecord> {
  const read = options.reader ?? nftRulesetReader();
  const records: NftRecord[] = [];
  const diagnostics: Diagnostic[] = [];
  let family: NftFamily | null = null;
  let table: string | null = null;
  let inTable = false;
  let chain: string | null = null;
  let set: OpenSet | null = null;

  const misplaced = (span: Span, what: string, expected: string) =>
    diagnostics.push({
      code: 'unexpected-token', severity: 'error',
      message: `${what} is not expected here; expected ${expected}. The line was not read.`,
      span, expected: [expected],
    });
  const wholeUnit = (tokens: Token[]): ReadUnit<NftUnit> | null =>
    tokens.length === 0 ? null : tokens.length > LONG_UNIT ? readLongUnit(text, tokens) : read.readWhole(text, tokens);
  const context = (): NftContext => (set ? (set.elementText ? 'elements' : 'set') : chain !== null ? 'chain' : inTable ? 'table' : 'top');
  // a line read as one unit that nft's layout ends early (lines joined in part): the grammar takes
  // anything after a rule's or an elements list's first word, so the block's layout decides
  const holdsSeveral = (tokens: readonly Token[]) => !(context() === 'chain' && isOneRule(tokens)) && cutUnit(tokens, 0, context(), false).end < tokens.length;

  /**
   * Reads a line that holds several units (a flattened paste): cuts it unit by unit, each where nft's
   * layout ends it in the current block. False when no unit of it reads (the caller reports the line).
   */
  function readJoined(lineText: string, lineStart: number, line: number, firstFrom: number): boolean {
    const tokens = tokenizeFlattened(lineText, lineStart, line);
    const pieces: Diagnostic[] = [];
    let readAny = false;
    let previousEnd = -1;
    for (let i = 0; i < tokens.length; ) {
      const where = context();
      const cut = cutUnit(tokens, i, where, true);
      const first = tokens[i] as Token;
      const last = tokens[cut.end - 1] as Token;
      const pieceSpan = spanOf(text, first.offset, endOf(last), line, first.col);
      const unit = wholeUnit(tokens.slice(i, cut.end));
      if (unit) {
        take(unit.unit, unit.span, previousEnd === -1 ? firstFrom : ruleStart(previousEnd, first.offset), lineStart, first.offset, endOf(last));
        readAny = true;
      } else {
        const annotation = isAnnotation(pieceSpan.text);
        pieces.push({
          code: annotation ? 'annotation' : 'unexpected-token', severity: annotation ? 'info' : 'error',
          message: annotation ? 'A remark mixed into the output was set aside.' : `Expected ${EXPECTED[where]}; this text was not read.`,
          span: pieceSpan, ...(annotation ? {} : { expected: [EXPECTED[where]] }),
        });
      }
      if (cut.ambiguous) {
        const next = tokens[cut.end] as Token;
        pieces.push({
          code: 'ambiguous', severity: 'info',
          message: `Line breaks lost: "${next.text}" may start a rule or go on with the one before; read as a new rule (nft -a prints the handles that tell).`,
          span: { line, column: next.col, offset: next.offset, length: next.text.length, text: next.text },
          expected: ['a new rule', 'the rule before, continued'],
        });
      }
      previousEnd = endOf(last);
      i = cut.end;
    }
    // one by one: a flattened line can hold more pieces than push(...pieces) takes as arguments
    if (readAny) for (const piece of pieces) diagnostics.push(piece);
    return readAny;
  }

  /**
   * Where a rule's text starts after blanks that stood for a line break: after the last tab (nft
   * indents with tabs), else after the one blank that replaced the break. A blank more is the rule's
   * own (iptables-nft prints some rules with a leading blank).
   */
  function ruleStart(previousEnd: number, tokenStart: number): number {
    const gap = text.slice(previousEnd, tokenStart);
    const tab = gap.lastIndexOf('\t');
    if (tab !== -1) return previousEnd + tab + 1;
    return gap.length >= 2 ? previousEnd + 1 : tokenStart;
  }

  /**
   * Reads one unit in the current block: `ruleFrom` is where a rule's text starts, the unit's line
   * or part of one (blanks around it left out) runs from `pieceStart` to `pieceEnd`, on a line
   * that starts at `lineStart`.
   */
  function take(unit: NftUnit, span: Span, ruleFrom: number, lineStart: number, pieceStart: number, pieceEnd: number): void {
    const line = span.line;
    if (set?.elementText && unit.kind === 'statement') {
      set.elementText.push(text.slice(pieceStart, pieceEnd));
      set.end = pieceEnd;
      if (text.charCodeAt(pieceEnd - 1) === 125) closeElements(set);
      return;
    }
    if (set && unit.kind !== 'close') {
      readSetLine(set, unit, span, pieceEnd);
      return;
    }
    switch (unit.kind) {
      case 'table': {
        if (inTable) {
          misplaced(span, 'A table inside a table', '"}" closing the table');
          break;
        }
        const name = unit.family.text;
        const parsedFamily = NftFamily.safeParse(name);
        if (!parsedFamily.success)
          diagnostics.push({
            code: 'invalid-value', severity: 'warning',
            message: `"${name}" is not an nftables family; family is null.`,
            span: { line, column: unit.family.col, offset: unit.family.offset, length: name.length, text: name },
            expected: NftFamily.options,
          });
        family = parsedFamily.success ? parsedFamily.data : null;
        table = unquote(unit.name);
        inTable = true;
        records.push({ kind: 'table', family, table, chain, handle: handleOf(unit.handle), span });
        break;
      }
      case 'chain':
        if (!inTable || chain !== null) {
          misplaced(span, 'A chain outside a table', 'a table');
          break;
        }
        chain = unquote(unit.name);
        records.push({ kind: 'chain', family, table, chain, handle: handleOf(unit.handle), span });
        break;
      case 'set':
      case 'map':
        if (!inTable || chain !== null) {
          misplaced(span, `A ${unit.kind} outside a table`, 'a table');
          break;
        }
        set = {
          record: {
            kind: unit.kind, family, table, chain, name: unquote(unit.name), keyword: null, type: null, policy: null, size: null, flags: [],
            statements: null, autoMerge: false, timeout: null, timeoutSeconds: null, gcInterval: null, gcIntervalSeconds: null, comment: null,
            elements: null, elementLines: [], handle: handleOf(unit.handle), span,
          },
          start: span, end: span.offset + span.length, elementText: null,
        };
        break;
      case 'chain-spec': {
        if (chain === null) {
          misplaced(span, 'A base chain specification', 'a chain');
          break;
        }
        const priority = text.slice((unit.priority[0] as Token).offset, endOf(unit.priority[unit.priority.length - 1] as Token));
        records.push({
          kind: 'chain-spec', family, table, chain, type: unit.type.text, hook: unit.hook.text,
          device: unit.device ? unquote(unit.device) : null, priority, priorityValue: priorityValue(priority),
          policy: unit.policy ? unit.policy.text : null, span,
        });
        break;
      }
      case 'comment':
        if (!inTable) misplaced(span, 'A comment line', 'a table, chain or set');
        else records.push({ kind: 'comment', family, table, chain, form: 'property', text: unquote(unit.text), span });
        break;
      case 'warning':
        records.push({ kind: 'comment', family, table, chain, form: 'warning', text: unit.text.text.slice(2), span });
        break;
      case 'statement': {
        if (chain === null) {
          misplaced(span, 'A statement outside a chain', 'a chain, set or map');
          break;
        }
        const last = unit.words[unit.words.length - 1] as Token;
        // from the line's first character after its tabs: iptables-nft rules may start with a blank
        const from = Math.min(ruleFrom, span.offset);
        const end = span.offset + span.length;
        const typed = typeRule(unit.words);
        records.push({
          kind: 'rule', family, table, chain, text: text.slice(from, endOf(last)),
          counter: typed.counter, verdict: typed.verdict, dnat: typed.dnat, comment: typed.comment, handle: handleOf(unit.handle),
          // the unit's span when the rule starts where it does (it is made for this line alone)
          span: from === span.offset ? span : { line, column: from - lineStart + 1, offset: from, length: end - from, text: text.slice(from, end) },
        });
        break;
      }
      case 'close':
        if (set) {
          if (set.elementText) {
            diagnostics.push({
              code: 'incomplete', severity: 'error',
              message: `The elements of ${set.record.kind} ${set.record.name} end without "}"; they were not read.`,
              span, expected: ['"}" closing the elements'],
            });
            set.elementText = null;
          }
          records.push(finishSet(text, set));
          records.push({ kind: 'close', family, table, chain, closes: set.record.kind, span });
          set = null;
        } else if (chain !== null) {
          records.push({ kind: 'close', family, table, chain, closes: 'chain', span });
          chain = null;
        } else if (inTable) {
          records.push({ kind: 'close', family, table, chain, closes: 'table', span });
          inTable = false;
          family = null;
          table = null;
        } else misplaced(span, 'A "}" with no open block', 'a table');
        break;
      case 'set-type':
      case 'set-flags':
      case 'set-policy':
      case 'elements':
        misplaced(span, `A ${unit.kind === 'elements' ? 'elements' : unit.kind === 'set-flags' ? 'flags' : unit.kind === 'set-policy' ? 'policy' : 'type'} line`, 'a set or map');
        break;
    }
  }

  const lineDiagnostics: Diagnostic[] = [];
  // units are read transiently: take copies what it keeps
  const readLine = (start: number, end: number, line: number): void => {
    // blanks around the line, read in the text: the line is not cut out of it unless read by moo
    let lead = 0;
    while (start + lead < end && isBlank(text.charCodeAt(start + lead))) lead++;
    let trail = end - start;
    while (trail > lead && isBlank(text.charCodeAt(start + trail - 1))) trail--;
    if (end - start > MAX_LINE_LENGTH) {
      diagnostics.push(lineTooLong(text, start, end, line));
      return;
    }
    if (trail > lead) {
      // emptied only when it holds something: setting an array's length is a call into the runtime
      if (lineDiagnostics.length !== 0) lineDiagnostics.length = 0;
      // one line is one unit, or several cut by nft's layout (readJoined): never the grammar's longest-match scan
      const units = end - start > LONG_LINE
        ? [wholeUnit(read.tokenize(text.slice(start, end), start, line))].filter((unit) => unit !== null)
        : read.readLineAt(text, start, end, line, lineDiagnostics, LINE_OPTIONS);
      const only = units.length === 1 && lineDiagnostics.length === 0 ? units[0] : undefined;
      let tabs = 0;
      while (start + tabs < end && text.charCodeAt(start + tabs) === 9) tabs++;
      const ruleFrom = start + tabs;
      if (only && !holdsSeveral(only.tokens)) {
        take(only.unit, only.span, ruleFrom, start, start + lead, start + trail);
      } else if (!readJoined(text.slice(start, end), start, line, ruleFrom)) {
        // one line is one unit: anything else is not nft's output (a prompt, a remark, a cut line)
        const lineSpan = spanOf(text, start + lead, start + trail, line, lead + 1);
        const annotation = isAnnotation(lineSpan.text);
        diagnostics.push({
          code: annotation ? 'annotation' : 'unexpected-token', severity: annotation ? 'info' : 'error',
          message: annotation ? 'A remark mixed into the output was set aside.' : 'Expected a line of nft list ruleset; this line was not read.',
          span: lineSpan,
        });
      }
    }
  };
  let line = 0;
  try {
    line = forEachLineRange(text, readLine);
  } finally {
    read.releaseLive();
  }
  if (set) records.push(finishSet(text, set));
  if (set || inTable)
    diagnostics.push({
      code: 'incomplete', severity: 'info',
      message: 'The text ends inside a block: the ruleset is cut short.',
      span: { line, column: 1, offset: text.length, length: 0, text: '' }, expected: ['"}"'],
    });
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  return { format: 'nft-ruleset', records, diagnostics };

  function readSetLine(open: OpenSet, unit: NftUnit, span: Span, lineEnd: number): void {
    const record = open.record;
    const words = (tokens: readonly Token[]) => text.slice((tokens[0] as Token).offset, endOf(tokens[tokens.length - 1] as Token));
    if (unit.kind === 'set-type' && record.type === null) {
      record.keyword = unit.keyword.text === 'typeof' ? 'typeof' : 'type';
      record.type = words(unit.words);
    } else if (unit.kind === 'set-flags') record.flags = words(unit.words).split(',').map((flag) => flag.trim());
    else if (unit.kind === 'set-policy' && record.policy === null) record.policy = unit.word.text;
    else if (unit.kind === 'comment') record.comment = unquote(unit.text);
    else if (unit.kind === 'elements' && record.elements === null) {
      record.elements = [];
      open.elementText = [text.slice(endOf(unit.open), lineEnd).trim()];
      if (text.charCodeAt(lineEnd - 1) === 125) closeElements(open);
    } else if (!(unit.kind === 'statement' && unit.handle === null && readSetProperty(record, unit.words, span))) {
      misplaced(span, 'This line', `a property of ${record.kind} ${record.name} (${SET_PROPERTY_NAMES})`);
      return;
    }
    open.end = lineEnd;
  }

  /** The lines of a set that read as statements: "size 65535", "timeout 3h", "gc-interval 1m", "auto-merge", "counter". */
  function readSetProperty(record: NftSet, words: readonly Token[], span: Span): boolean {
    const first = words[0] as Token;
    const value = words[1];
    if (words.length === 1 && first.text === 'auto-merge') {
      if (record.autoMerge) return false;
      record.autoMerge = true;
      return true;
    }
    if (SET_STATEMENTS.has(first.text)) {
      if (first.text === 'ct' && words[1]?.text !== 'count') return false;
      // nft prints them on one line ("counter quota 10 mbytes"); a flattened paste cuts them apart
      const statements = text.slice(first.offset, endOf(words[words.length - 1] as Token));
      record.statements = record.statements === null ? statements : `${record.statements} ${statements}`;
      return true;
    }
    if (words.length !== 2 || value === undefined) return false;
    if (first.text === 'size' && value.type === 'int' && record.size === null) {
      const size = Number(value.text);
      if (!Number.isSafeInteger(size) || size < 0) return false;
      record.size = size;
      return true;
    }
    const time = first.text === 'timeout' && record.timeout === null ? 'timeout' : first.text === 'gc-interval' && record.gcInterval === null ? 'gcInterval' : null;
    if (time === null || value.type === 'string') return false;
    const seconds = nftTimeSeconds(value.text);
    if (seconds === null)
      diagnostics.push({
        code: 'invalid-value', severity: 'warning',
        message: `"${value.text}" is not a time as nft prints one (such as 3h, 1d2h3m4s, 500ms); ${time}Seconds is null.`,
        span: { line: span.line, column: value.col, offset: value.offset, length: value.text.length, text: value.text },
        expected: ['a time: days d, hours h, minutes m, seconds s, milliseconds ms'],
      });
    if (time === 'timeout') {
      record.timeout = value.text;
      record.timeoutSeconds = seconds;
    } else {
      record.gcInterval = value.text;
      record.gcIntervalSeconds = seconds;
    }
    return true;
  }
}

/** Tokens of a line that holds several units, remarks cut at blanks (lexer.ts, flatLexer). */
function tokenizeFlattened(lineText: string, lineStart: number, line: number): Token[] {
  const tokens: Token[] = [];
  lexLine(flatLexer, lineText, (token) => {
    if (token.type === 'ws') return;
    token.col = token.offset + 1;
    token.offset += lineStart;
    token.line = line;
    tokens.push(token);
  });
  return tokens;
}

/** What String.prototype.trim removes (ECMAScript WhiteSpace and LineTerminator), one code unit at a time. */
function isBlank(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 5760 || (c >= 8192 && c <= 8202) || c === 8232 || c === 8233 || c === 8239 || c === 8287 || c === 12288 || c === 65279;
}

function endOf(token: Token): number {
  return token.offset + token.text.length;
}

/**
 * nft goes on with a long elements list on a new line indented by three tabs and five blanks; pasted
 * without its line breaks, a comma followed by two blanks or more is where a line ended.
 */
function elementLines(raw: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let from = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ',' && /^[ \t]{2}/.test(raw.slice(i + 1, i + 3))) {
      out.push(raw.slice(from, i + 1).trim());
      from = i + 1;
    }
  }
  out.push(raw.slice(from).trim());
  return out;
}

function closeElements(open: OpenSet): void {
  const lines = (open.elementText ?? []).flatMap(elementLines);
  const elements: string[] = [];
  const counts: number[] = [];
  lines.forEach((raw, i) => {
    const body = i === lines.length - 1 ? raw.slice(0, -1) : raw;
    const parts = splitElements(body);
    // one by one: push(...parts) passes every element as an argument, and a long line overflows the stack
    for (const part of parts) elements.push(part);
    counts.push(parts.length);
  });
  open.record.elements = elements;
  open.record.elementLines = counts;
  open.elementText = null;
}

function finishSet(text: string, open: OpenSet): NftSet {
  const { start } = open;
  return { ...open.record, span: spanOf(text, start.offset, open.end, start.line, start.column) };
}
