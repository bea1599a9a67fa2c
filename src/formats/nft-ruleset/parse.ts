// Reads `nft list ruleset`, `nft -a list ruleset`, `nft list table …` and `nft list chain …` text:
// one unit per line, with a stack of the table, chain or set each line sits in (nftables
// src/rule.c prints one statement, head or property per line, blocks closed by "}").
import { isAnnotation, UnitReader, type Token } from '../engine/unit-reader';
import type { Diagnostic, Span } from '../../core';
import type { Parsed } from '../format';
import grammar from './grammar.gen';
import { lexer, describeToken } from './lexer';
import { handleOf, priorityValue, typeRule, unquote, type NftUnit } from './build';
import { NftFamily, type NftRecord, type NftSet } from './schema';

let reader: UnitReader<NftUnit> | undefined;

/** The shared reader (its shape cache is kept across calls); `cache: false` for property tests. */
export function nftRulesetReader(options: { cache?: boolean } = {}): UnitReader<NftUnit> {
  if (options.cache === false) return new UnitReader<NftUnit>({ lexer, grammar, describe: describeToken, cache: false });
  reader ??= new UnitReader<NftUnit>({ lexer, grammar, describe: describeToken });
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

  const where = () => ({ family, table, chain });
  const misplaced = (span: Span, what: string, expected: string) =>
    diagnostics.push({
      code: 'unexpected-token', severity: 'error',
      message: `${what} is not expected here; expected ${expected}. The line was not read.`,
      span, expected: [expected],
    });

  let start = 0;
  let line = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const contentEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const lineText = text.slice(start, contentEnd);
    const lead = lineText.length - lineText.trimStart().length;
    const trail = lineText.trimEnd().length;
    if (trail > lead) {
      const lineSpan = spanOf(text, start + lead, start + trail, line, lead + 1);
      const lineDiagnostics: Diagnostic[] = [];
      const units = read.readLineText(text, lineText, start, line, lineDiagnostics);
      const only = units.length === 1 && lineDiagnostics.length === 0 ? units[0] : undefined;
      if (!only) {
        // one line is one unit: anything else is not nft's output (a prompt, a remark, a cut line)
        const annotation = isAnnotation(lineSpan.text);
        diagnostics.push({
          code: annotation ? 'annotation' : 'unexpected-token', severity: annotation ? 'info' : 'error',
          message: annotation ? 'A remark mixed into the output was set aside.' : 'Expected a line of nft list ruleset; this line was not read.',
          span: lineSpan,
        });
      } else {
        const unit = only.unit;
        const span = only.span;
        if (set?.elementText && unit.kind === 'statement') {
          set.elementText.push(lineSpan.text);
          set.end = start + trail;
          if (lineSpan.text.endsWith('}')) closeElements(set);
        } else if (set && unit.kind !== 'close') {
          readSetLine(set, unit, span, lineSpan, start + trail);
        } else {
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
              records.push({ kind: 'table', ...where(), handle: handleOf(unit.handle), span });
              break;
            }
            case 'chain':
              if (!inTable || chain !== null) {
                misplaced(span, 'A chain outside a table', 'a table');
                break;
              }
              chain = unquote(unit.name);
              records.push({ kind: 'chain', ...where(), handle: handleOf(unit.handle), span });
              break;
            case 'set':
            case 'map':
              if (!inTable || chain !== null) {
                misplaced(span, `A ${unit.kind} outside a table`, 'a table');
                break;
              }
              set = {
                record: {
                  kind: unit.kind, ...where(), name: unquote(unit.name), keyword: null, type: null, flags: [], comment: null,
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
                kind: 'chain-spec', ...where(), type: unit.type.text, hook: unit.hook.text,
                device: unit.device ? unquote(unit.device) : null, priority, priorityValue: priorityValue(priority),
                policy: unit.policy ? unit.policy.text : null, span,
              });
              break;
            }
            case 'comment':
              if (!inTable) misplaced(span, 'A comment line', 'a table, chain or set');
              else records.push({ kind: 'comment', ...where(), form: 'property', text: unquote(unit.text), span });
              break;
            case 'warning':
              records.push({ kind: 'comment', ...where(), form: 'warning', text: unit.text.text.slice(2), span });
              break;
            case 'statement': {
              if (chain === null) {
                misplaced(span, 'A statement outside a chain', 'a chain, set or map');
                break;
              }
              const last = unit.words[unit.words.length - 1] as Token;
              // from the line's first character after its tabs: iptables-nft rules may start with a blank
              const from = start + lineText.length - lineText.replace(/^\t+/, '').length;
              const ruleSpan = spanOf(text, from, span.offset + span.length, line, from - start + 1);
              records.push({
                kind: 'rule', ...where(), text: text.slice(from, endOf(last)), ...typeRule(unit.words),
                handle: handleOf(unit.handle), span: ruleSpan,
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
                records.push({ kind: 'close', ...where(), closes: set.record.kind, span });
                set = null;
              } else if (chain !== null) {
                records.push({ kind: 'close', ...where(), closes: 'chain', span });
                chain = null;
              } else if (inTable) {
                records.push({ kind: 'close', ...where(), closes: 'table', span });
                inTable = false;
                family = null;
                table = null;
              } else misplaced(span, 'A "}" with no open block', 'a table');
              break;
            case 'set-type':
            case 'set-flags':
            case 'elements':
              misplaced(span, `A ${unit.kind === 'elements' ? 'elements' : unit.kind === 'set-flags' ? 'flags' : 'type'} line`, 'a set or map');
              break;
          }
        }
      }
    }
    if (end === text.length) break;
    start = end + 1;
    line++;
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

  function readSetLine(open: OpenSet, unit: NftUnit, span: Span, lineSpan: Span, lineEnd: number): void {
    const record = open.record;
    const words = (tokens: readonly Token[]) => text.slice((tokens[0] as Token).offset, endOf(tokens[tokens.length - 1] as Token));
    if (unit.kind === 'set-type' && record.type === null) {
      record.keyword = unit.keyword.text === 'typeof' ? 'typeof' : 'type';
      record.type = words(unit.words);
    } else if (unit.kind === 'set-flags') record.flags = words(unit.words).split(',').map((flag) => flag.trim());
    else if (unit.kind === 'comment') record.comment = unquote(unit.text);
    else if (unit.kind === 'elements' && record.elements === null) {
      record.elements = [];
      open.elementText = [text.slice(endOf(unit.open), lineEnd).trim()];
      if (lineSpan.text.endsWith('}')) closeElements(open);
    } else {
      misplaced(span, 'This line', `a property of ${record.kind} ${record.name} (type, flags, comment, elements)`);
      return;
    }
    open.end = lineEnd;
  }
}

function endOf(token: Token): number {
  return token.offset + token.text.length;
}

function closeElements(open: OpenSet): void {
  const lines = open.elementText ?? [];
  const elements: string[] = [];
  const counts: number[] = [];
  lines.forEach((raw, i) => {
    const body = i === lines.length - 1 ? raw.slice(0, -1) : raw;
    const parts = splitElements(body);
    elements.push(...parts);
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
