// ip -j / bridge -j output: where each top-level object of a JSON array starts and ends, so records read
// from JSON carry exact spans like records read from text. A scan, not a parser: JSON.parse
// decides validity; this only tracks strings and nesting depth.

/** [start, end) offsets of the objects that are elements of the top-level array (or the one top-level object). */
export function topLevelObjects(text: string): [number, number][] {
  const out: [number, number][] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  let arrayDepth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 91) { // [
      if (depth === 0) arrayDepth = 1;
      depth++;
    } else if (c === 123) { // {
      if (depth === arrayDepth) start = i;
      depth++;
    } else if (c === 93 || c === 125) { // ] }
      depth--;
      if (c === 125 && depth === arrayDepth && start !== -1) {
        out.push([start, i + 1]);
        start = -1;
      }
    }
  }
  return out;
}

/**
 * The elements of ip -j / bridge -j output (a JSON array, or one object read as a one-element
 * list), or why the text is not JSON (JSON.parse's message) for the caller's invalid-json diagnostic.
 */
export function readJsonItems(text: string): { items: unknown[] } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  return { items: Array.isArray(value) ? value : [value] };
}
