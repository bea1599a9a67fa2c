// Where JSON values sit in a text, for records read from JSON to carry exact spans: each
// top-level {…} value, the elements of one array under a key of it ("items" of a List, "kvs" of
// etcdctl -w json), and the text between values. A scan, not a parser: JSON.parse decides validity.

export interface JsonValueRange {
  start: number;
  /** Exclusive; the text's end when the value is not closed. */
  end: number;
  /** Whether the value's braces balance. */
  complete: boolean;
  /** [start, end) of each object element of the array under the key asked for; null without such an array. */
  items: [number, number][] | null;
}

export interface JsonScan {
  values: JsonValueRange[];
  /** [start, end) of the text outside every value, blanks excluded at both ends. */
  gaps: [number, number][];
}

const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/** Scans `text` for top-level objects and the object elements of their `arrayKey` array. Linear. */
export function scanJsonValues(text: string, arrayKey: string): JsonScan {
  const values: JsonValueRange[] = [];
  const gaps: [number, number][] = [];
  let i = 0;
  const n = text.length;
  let gapStart = -1;
  const closeGap = (end: number): void => {
    if (gapStart === -1) return;
    let e = end;
    while (e > gapStart && isBlank(text.charCodeAt(e - 1))) e--;
    if (e > gapStart) gaps.push([gapStart, e]);
    gapStart = -1;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c !== 123) { // not "{": text between values
      if (gapStart === -1 && !isBlank(c)) gapStart = i;
      i++;
      continue;
    }
    closeGap(i);
    const start = i;
    let depth = 0;
    let items: [number, number][] | null = null;
    let itemsDepth = -1;
    let itemStart = -1;
    let lastKey: string | null = null;
    let complete = false;
    for (; i < n; i++) {
      const d = text.charCodeAt(i);
      if (d === 34) { // a string: maybe a key of the top-level object
        const from = i + 1;
        for (i++; i < n; i++) {
          const e = text.charCodeAt(i);
          if (e === 92) i++;
          else if (e === 34) break;
        }
        if (depth === 1) {
          let j = i + 1;
          while (j < n && isBlank(text.charCodeAt(j))) j++;
          lastKey = text.charCodeAt(j) === 58 ? text.slice(from, i) : lastKey;
        }
        continue;
      }
      if (d === 123 || d === 91) { // { [
        if (d === 91 && depth === 1 && lastKey === arrayKey && items === null) {
          items = [];
          itemsDepth = 2;
        } else if (d === 123 && depth === itemsDepth && items !== null) itemStart = i;
        depth++;
      } else if (d === 125 || d === 93) { // } ]
        depth--;
        if (d === 125 && depth === itemsDepth && itemStart !== -1 && items !== null) {
          items.push([itemStart, i + 1]);
          itemStart = -1;
        }
        if (d === 93 && depth === 1 && itemsDepth === 2) itemsDepth = -1;
        if (depth === 0) {
          complete = true;
          i++;
          break;
        }
      }
    }
    values.push({ start, end: complete ? i : n, complete, items });
  }
  closeGap(n);
  return { values, gaps };
}
