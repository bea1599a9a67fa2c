// How deep YAML may nest before it is read. eemeli's yaml composes nodes recursively: a thousand
// nested "[" or a few thousand indented keys overflowed the stack, at a column that depended on how
// deep the caller already was, and the whole document (a Node's valid name and podCIDR with it) was
// lost. Here the nesting is counted before yaml sees the text, and what lies deeper than the bound
// is blanked out (line breaks kept, so every offset stays; lines of a block cut become comments):
// yaml reads the rest, and each part cut is one diagnostic at the exact place the bound is passed.
import type { Diagnostic } from '../../core';
import type { SourceText } from '../../core';

/**
 * Levels of nesting read; kubectl's objects take a dozen or two. Counted per line: the indentation
 * levels open (the line's own included), each "- " marker at its start, and each flow "[" or "{" open
 * (so a sequence item's line counts its indentation and its marker, a level twice: the count errs high).
 */
export const MAX_YAML_DEPTH = 128;

export interface DepthCut {
  /** `text` with every part deeper than MAX_YAML_DEPTH replaced by blanks or comments (line breaks kept). */
  text: string;
  diagnostics: Diagnostic[];
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/**
 * One character inside a quoted scalar: the index of the last character it takes (a "\\" escape in
 * double quotes, a doubled '' in single ones take two) and the quote still open (null: it closed).
 */
function insideQuote(text: string, i: number, quote: string): [number, string | null] {
  const c = text[i];
  if (quote === '"' && c === '\\') return [i + 1, quote];
  if (c !== quote) return [i, quote];
  if (quote === "'" && text[i + 1] === "'") return [i + 1, quote];
  return [i, null];
}

/** Where the flow collection opened at `open` ends (after its closing bracket), quotes and comments skipped; the end of the document when it does not. */
function flowEnd(text: string, open: number, docEnd: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < docEnd; i++) {
    const c = text[i];
    if (quote !== null) {
      [i, quote] = insideQuote(text, i, quote);
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) {
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? docEnd : eol;
    } else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return docEnd;
}

/** Counts the nesting of YAML text and cuts what lies deeper than MAX_YAML_DEPTH (see the top of the file). */
export function cutDeepYaml(text: string, source: SourceText): DepthCut {
  const diagnostics: Diagnostic[] = [];
  const cuts: [number, number, 'flow' | 'block'][] = [];
  const cut = (start: number, end: number, kind: 'flow' | 'block'): void => {
    cuts.push([start, end, kind]);
    diagnostics.push({
      code: 'invalid-value', severity: 'error', span: source.spanBetween(start, end), expected: [`at most ${MAX_YAML_DEPTH} levels of nesting`],
      message: `YAML nested deeper than ${MAX_YAML_DEPTH} levels; this part was not read.`,
    });
  };
  // block collections open: the indentation of each
  let indents: number[] = [];
  let flow = 0;
  let quote: string | null = null;
  // a block scalar (| or >): its lines are text while more indented than this
  let scalarIndent = -1;
  // a block cut: its lines are blanked while more indented than this
  let cutIndent = -1;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let indent = 0;
    while (text[start + indent] === ' ') indent++;
    const first = start + indent;
    const blankLine = first >= end || text[first] === '\r' || (text[first] === '#' && flow === 0 && quote === null);
    if (flow === 0 && quote === null && !blankLine && indent === 0 && /^(?:---|\.\.\.)(?:\s|$)/.test(text.slice(first, first + 4))) {
      indents = [];
      scalarIndent = -1;
      cutIndent = -1;
    } else if (scalarIndent >= 0 && (blankLine || indent > scalarIndent)) {
      // text of a block scalar
    } else if (cutIndent >= 0 && (blankLine || indent > cutIndent)) {
      if (!blankLine) {
        const last = cuts[cuts.length - 1] as [number, number, 'block'];
        last[1] = end;
        (diagnostics[diagnostics.length - 1] as Diagnostic).span = source.spanBetween(last[0], end);
      }
    } else if (!blankLine) {
      scalarIndent = -1;
      cutIndent = -1;
      let i = first;
      if (flow === 0 && quote === null) {
        while (indents.length > 0 && (indents[indents.length - 1] as number) >= indent) indents.pop();
        indents.push(indent);
      }
      let depth = indents.length;
      let cutAt = -1;
      if (flow === 0 && quote === null) {
        // "- - - x": each item marker on the line opens one more level
        while (text[i] === '-' && (isBlank(text[i + 1]) || i + 1 === end)) {
          depth++;
          if (depth > MAX_YAML_DEPTH) {
            cutAt = i;
            break;
          }
          i++;
          while (isBlank(text[i])) i++;
        }
        if (depth > MAX_YAML_DEPTH && cutAt === -1) cutAt = first;
      }
      if (cutAt !== -1) {
        // the line from there, and the lines under it
        cut(cutAt, end, 'block');
        cutIndent = indent;
      } else {
        for (; i < end; i++) {
          const c = text[i];
          if (quote !== null) {
            [i, quote] = insideQuote(text, i, quote);
            continue;
          }
          if (c === '#' && (i === first || isBlank(text[i - 1]))) break;
          // a quote opens a quoted scalar where a value starts (not "it's" inside a plain one)
          if ((c === '"' || c === "'") && (i === first || /[\s[{,:-]/.test(text[i - 1] as string))) quote = c;
          else if (c === '[' || c === '{') {
            flow++;
            if (depth + flow > MAX_YAML_DEPTH) {
              const docEnd = nextDocument(text, i);
              const close = flowEnd(text, i, docEnd);
              cut(i, close, 'flow');
              flow--;
              // go on after the collection cut (on its line, or on the line it ends on)
              if (close > end) {
                end = text.indexOf('\n', close);
                if (end === -1) end = text.length;
              }
              i = close - 1;
            }
          } else if ((c === ']' || c === '}') && flow > 0) flow--;
        }
        // a block scalar starts after "key: |" / "- >-" (indicators and a comment may follow)
        if (flow === 0 && quote === null && /(?:^|[\s:-])[|>][-+0-9]*[ \t]*(?:#.*)?\r?$/.test(text.slice(first, end))) scalarIndent = indent;
      }
    }
    if (end === text.length) break;
    start = end + 1;
  }
  if (cuts.length === 0) return { text, diagnostics };
  let out = '';
  let from = 0;
  for (const [s, e, kind] of cuts) {
    out += text.slice(from, s) + (kind === 'flow' ? blanked(text.slice(s, e)) : text.slice(s, e).split('\n').map(commented).join('\n'));
    from = e;
  }
  return { text: out + text.slice(from), diagnostics };
}

const blanked = (part: string): string => part.replace(/[^\r\n]/g, ' ');

/**
 * A line of a block cut, as a comment: its first character "#", the rest blanks. Lines of blanks
 * alone would not do: yaml counts them into the next implicit key ("must be at most 1024 chars").
 */
function commented(line: string): string {
  const at = line.search(/[^ \t\r]/);
  const out = blanked(line);
  return at === -1 ? out : `${out.slice(0, at)}#${out.slice(at + 1)}`;
}

/** Where the document holding `at` ends: the next "---" or "..." line, or the end of the text. */
function nextDocument(text: string, at: number): number {
  const marker = /^(?:---|\.\.\.)(?:[ \t\r]|$)/gm;
  marker.lastIndex = at;
  const found = marker.exec(text);
  return found ? found.index : text.length;
}
