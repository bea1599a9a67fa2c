// ip -c / -c=always colours names and addresses with ANSI escapes ("\e[36mlo: \e[0m"), even in
// the middle of "127.0.0.1/8". They are removed before reading, and spans point back into the
// text as given.
import type { Span } from '../../core';

/** The text without CSI escapes, and for each of its offsets the offset in the original. */
export function stripAnsi(text: string): { text: string; map: number[] } {
  let out = '';
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 0x1b && text[i + 1] === '[') {
      let j = i + 2;
      while (j < text.length && /[0-9;]/.test(text[j] as string)) j++;
      if (text[j] === 'm') {
        i = j;
        continue;
      }
    }
    out += text[i];
    map.push(i);
  }
  map.push(text.length);
  return { text: out, map };
}

function isSpan(value: unknown): value is Span {
  return value !== null && typeof value === 'object' && 'offset' in value && 'length' in value && 'text' in value && 'line' in value;
}

/** Rewrites every span (deeply) from offsets in the stripped text to offsets in `original`. */
export function remapSpans(value: unknown, original: string, map: readonly number[]): void {
  if (Array.isArray(value)) {
    for (const item of value) remapSpans(item, original, map);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, item] of Object.entries(value)) {
    if (key === 'span' && isSpan(item)) {
      const start = map[item.offset] ?? original.length;
      const end = item.length === 0 ? start : (map[item.offset + item.length - 1] ?? original.length - 1) + 1;
      const lineStart = original.lastIndexOf('\n', start - 1) + 1;
      Object.assign(item, { offset: start, length: end - start, column: start - lineStart + 1, text: original.slice(start, end) });
    } else remapSpans(item, original, map);
  }
}
