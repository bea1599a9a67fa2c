// A JSON reader (RFC 8259) that keeps where every object and array starts and ends, so records read
// from `nft -j` carry exact spans, and says where and why a text stops being JSON (JSON.parse only
// gives a message). Objects have no prototype: keys such as "__proto__" stay data. Iterative and
// depth-bounded, linear in the input.

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Where an object or array sits in the text: [start, end); `complete` is false when the text ends or breaks inside it. */
export interface JsonExtent {
  start: number;
  end: number;
  complete: boolean;
}

export interface JsonScanError {
  /** Offset of the character that broke the JSON (the text's length when it ended too soon). */
  offset: number;
  /** What stood there: the next few characters, or '' at the end of the text. */
  found: string;
  expected: string[];
  /** True when the text ended before the JSON did (a truncated paste). */
  truncated: boolean;
}

export interface JsonScan {
  /** The value read; on an error, what was read up to it (open containers kept, marked incomplete). */
  value: JsonValue | undefined;
  extents: Map<object, JsonExtent>;
  error: JsonScanError | null;
}

/** Deeper nesting is refused: nft prints a few levels; a hostile text could nest thousands. */
export const MAX_DEPTH = 256;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

interface Frame {
  container: JsonValue[] | JsonObject;
  extent: JsonExtent;
  /** For an object: the key read, waiting for its value. */
  key: string | null;
  isArray: boolean;
  /** What may come next: a value (or the closing bracket right after the opening one), a comma or close, a key. */
  state: 'first' | 'value' | 'after' | 'key' | 'colon';
}

/** Reads one JSON value (with blanks around it) from `text`. Never throws. */
export function scanJson(text: string): JsonScan {
  const extents = new Map<object, JsonExtent>();
  const stack: Frame[] = [];
  let root: JsonValue | undefined;
  let i = 0;
  let error: JsonScanError | null = null;

  const blanks = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
  };
  const fail = (expected: string[]) => {
    const truncated = i >= text.length;
    error = { offset: Math.min(i, text.length), found: truncated ? '' : foundAt(text, i), expected, truncated };
  };
  /** Puts a value where the grammar expects it: the root, an array element or an object member. */
  const place = (value: JsonValue) => {
    const top = stack[stack.length - 1];
    if (!top) root = value;
    else if (top.isArray) (top.container as JsonValue[]).push(value);
    else (top.container as JsonObject)[top.key as string] = value;
    if (top) top.state = 'after';
  };
  const readString = (): string | null => {
    // at the opening quote
    let out = '';
    let from = ++i;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(from, i++);
        return out;
      }
      if (c < 32) {
        fail(['a character of a string, or "\\"" ending it']);
        return null;
      }
      if (c === 92) {
        out += text.slice(from, i);
        const e = text[i + 1];
        if (e === undefined) {
          i++;
          fail(['an escaped character']);
          return null;
        }
        if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[\da-fA-F]{4}$/.test(hex)) {
            i += 2;
            fail(['four hex digits after "\\u"']);
            return null;
          }
          out += String.fromCharCode(Number.parseInt(hex, 16));
          i += 6;
        } else {
          const mapped = ESCAPES[e];
          if (mapped === undefined || !Object.hasOwn(ESCAPES, e)) {
            i++;
            fail(['one of " \\ / b f n r t u after "\\"']);
            return null;
          }
          out += mapped;
          i += 2;
        }
        from = i;
        continue;
      }
      i++;
    }
    fail(['"\\"" ending the string']);
    return null;
  };
  const open = (isArray: boolean): boolean => {
    if (stack.length >= MAX_DEPTH) {
      fail([`at most ${MAX_DEPTH} levels of nesting`]);
      return false;
    }
    const container: JsonValue[] | JsonObject = isArray ? [] : (Object.create(null) as JsonObject);
    const extent: JsonExtent = { start: i, end: text.length, complete: false };
    extents.set(container, extent);
    place(container);
    stack.push({ container, extent, key: null, isArray, state: 'first' });
    i++;
    return true;
  };
  /** Reads a value that starts at i; false on an error. */
  const readValue = (): boolean => {
    const c = text[i];
    if (c === '{' || c === '[') return open(c === '[');
    if (c === '"') {
      const s = readString();
      if (s === null) return false;
      place(s);
      return true;
    }
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        place(value);
        return true;
      }
    }
    NUMBER.lastIndex = i;
    const number = c === '-' || (c !== undefined && c >= '0' && c <= '9') ? NUMBER.exec(text) : null;
    if (number) {
      i += number[0].length;
      place(Number(number[0]));
      return true;
    }
    // a cut "tru", "fals", "nul" at the end is truncation
    const rest = text.slice(i);
    if (rest !== '' && ['true', 'false', 'null'].some((w) => w.startsWith(rest))) i = text.length;
    fail(['a value: an object, an array, a string, a number, true, false or null']);
    return false;
  };
  const close = (frame: Frame) => {
    frame.extent.end = i + 1;
    frame.extent.complete = true;
    stack.pop();
    i++;
    const parent = stack[stack.length - 1];
    if (parent) parent.state = 'after';
  };

  blanks();
  if (i >= text.length) fail(['a JSON value']);
  else if (readValue()) {
    while (stack.length > 0 && error === null) {
      blanks();
      const frame = stack[stack.length - 1] as Frame;
      const c = text[i];
      if (c === undefined) {
        fail([frame.isArray ? '"]"' : '"}"']);
        break;
      }
      switch (frame.state) {
        case 'first':
          if ((frame.isArray && c === ']') || (!frame.isArray && c === '}')) close(frame);
          else if (frame.isArray) readValue();
          else if (c === '"') frame.state = 'key';
          else fail(['a "key" in quotes', '"}"']);
          break;
        case 'value':
          readValue();
          break;
        case 'key': {
          if (c !== '"') {
            fail(['a "key" in quotes']);
            break;
          }
          const key = readString();
          if (key === null) break;
          frame.key = key;
          frame.state = 'colon';
          break;
        }
        case 'colon':
          if (c !== ':') fail(['":" after the key']);
          else {
            i++;
            frame.state = 'value';
          }
          break;
        case 'after':
          if (c === ',') {
            i++;
            frame.state = frame.isArray ? 'value' : 'key';
          } else if ((frame.isArray && c === ']') || (!frame.isArray && c === '}')) close(frame);
          else fail(frame.isArray ? ['","', '"]"'] : ['","', '"}"']);
          break;
      }
    }
    if (error === null) {
      blanks();
      if (i < text.length) fail(['the end of the text after the JSON value']);
    }
  }
  return { value: root, extents, error };
}

/** The word or character that stands at `offset` (at most 24 characters, never past the line), for a diagnostic. */
function foundAt(text: string, offset: number): string {
  if (text[offset] === '"') {
    const close = text.indexOf('"', offset + 1);
    if (close !== -1 && close - offset < 24) return text.slice(offset, close + 1);
  }
  let end = offset;
  while (end < text.length && end - offset < 24 && !' \t\r\n,:{}[]"'.includes(text[end] as string)) end++;
  if (end === offset) end = offset + 1;
  // never split a surrogate pair
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff && end < text.length) end++;
  return text.slice(offset, end);
}
