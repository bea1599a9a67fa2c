// Where a record or diagnostic came from in the text as given: 1-based line and column,
// 0-based offset, length in UTF-16 code units, and the exact source substring.
import { z } from 'zod';

export const Span = z
  .object({
    line: z.int().positive(),
    column: z.int().positive(),
    offset: z.int().nonnegative(),
    length: z.int().nonnegative(),
    text: z.string().meta({ description: 'the exact source substring' }),
  })
  .meta({ id: 'span', title: 'A stretch of the input text' });
export type Span = z.infer<typeof Span>;

/**
 * Line starts of a text, so offsets turn into line and column in O(log n).
 * Lines end at "\n"; a "\r" before it belongs to the line break, not to the line.
 */
export class SourceText {
  readonly text: string;
  private readonly lineStarts: number[];

  constructor(text: string) {
    this.text = text;
    const starts = [0];
    let at = text.indexOf('\n');
    while (at !== -1) {
      starts.push(at + 1);
      at = text.indexOf('\n', at + 1);
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** 1-based line number of an offset. */
  lineOf(offset: number): number {
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }

  lineStart(line: number): number {
    return this.lineStarts[line - 1] ?? this.text.length;
  }

  /** The span of `length` characters from `offset`. */
  span(offset: number, length: number): Span {
    const line = this.lineOf(offset);
    return {
      line,
      column: offset - this.lineStart(line) + 1,
      offset,
      length,
      text: this.text.slice(offset, offset + length),
    };
  }

  /** The span from `start` to `end` (exclusive). */
  spanBetween(start: number, end: number): Span {
    return this.span(start, Math.max(0, end - start));
  }
}

/** A span built when line and column are already known (hot paths). */
export function makeSpan(line: number, column: number, offset: number, text: string): Span {
  return { line, column, offset, length: text.length, text };
}
