// A line's skeleton: what the fast path of the UnitReader (unit-reader.ts) keys its cache on.
// Two lines of one skeleton lex to the same token types, at offsets that map one to the other,
// so the second reuses the first's tokenization and parse and only re-reads token text.
// test/fast-path.test.ts checks this against moo on every corpus line and on changed lines.
//
// Every format's skeleton abstracts "numeric" fields (runs of non-blanks made only of hex digits
// and . : / - with at least one decimal digit: addresses, MACs, prefixes, counters): the digits
// 1-9 become 1 and hex letters a or A ("0" stays, since lexers match it literally). Lexers treat
// those alike inside such fields (classes like \d and [0-9a-fA-F]; keywords are never numeric),
// and the field keeps its length, so offsets stay as they were.
//
// A format may abstract more (SkeletonOptions), as *segments*: one marker in the skeleton
// whatever the segment's length and text. A segment must be exactly one token for its lexer,
// of a type that does not depend on its text, and no token around it may look into it; the
// option's lexer says why that holds (src/formats/shared/iptables/lexer.ts). Offsets after a
// segment are kept relative to its end (`anchor`), so segments may change length.

/** What a skeleton abstracts besides numeric fields: each is one segment of any length. */
export interface SkeletonOptions {
  /**
   * A field that starts with `"` and ends at the first unescaped `"` followed by a blank or the
   * end of the line, blanks inside (xtables_save_string: `\` escapes the next character).
   */
  quoted?: boolean;
  /** With `quoted`: at most this many characters between the quotes, as the lexer's string rule is bounded. */
  maxQuoted?: number;
  /** The last 16 characters of a field when they are [A-Z0-9] after a "-": kube-proxy's chain hashes. */
  hashes?: boolean;
  /**
   * Every field of printable ASCII without "(" or ")" that this accepts, as a segment of its class:
   * digits, digits and one of K M G T (iptables -L's rounded counters), or other.
   */
  fields?: (field: string) => boolean;
  /**
   * `fields` without cutting the field out of the line: the field is `text` from `start` to `end`,
   * and `seen` says what the scanner saw in it as it read it (FIELD_LOWERCASE, FIELD_QUOTE_HASH_SEMI).
   * A number (1 to FIELD_CLASSES) puts the field in a class of that number: fields of different
   * classes never share a skeleton (for a lexer that gives each class its own token type); true is
   * class 1, which is split into digits, counts and other fields as `fields` does.
   */
  fieldAt?: (text: string, start: number, end: number, seen: number) => boolean | number;
  /** Runs of two or more blanks (column padding). */
  padding?: boolean;
  /**
   * false: hex letters of numeric fields stay as they are (only digits are abstracted), for a lexer
   * that tells letters a-f apart inside such a field (kubectl's ages: "12d" is a duration, "12e" not).
   */
  hexLetters?: boolean;
}

/** `seen` of fieldAt: the field is made of a-z only. */
export const FIELD_LOWERCASE = 1;
/** `seen` of fieldAt: the field holds a `"`, `#` or `;`. */
export const FIELD_QUOTE_HASH_SEMI = 2;

/** What the scanner sees in a field as it reads it (fieldAt's `seen`), computed alone: for the tests. */
export function fieldSeen(text: string, start: number, end: number): number {
  let lowercase = true;
  let quoteHashSemi = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 35 || c === 59) quoteHashSemi = true;
    if (!(c >= 97 && c <= 122)) lowercase = false;
  }
  return (lowercase ? FIELD_LOWERCASE : 0) | (quoteHashSemi ? FIELD_QUOTE_HASH_SEMI : 0);
}

/** What a segment stands for (the markers' names, for tests). */
export type SegmentKind = 'quoted' | 'hash' | 'digits' | 'count' | 'field' | 'padding' | 'field2' | 'field3';

// Markers stand for segments; a line holding one of them (U+FFF0 to U+FFF7, unassigned) has no
// skeleton: it is never cached.
const MARKERS: readonly SegmentKind[] = ['quoted', 'hash', 'digits', 'count', 'field', 'padding', 'field2', 'field3'];
const QUOTED = 0xfff0;
const HASH = 0xfff1;
const DIGITS = 0xfff2;
const COUNT = 0xfff3;
const FIELD = 0xfff4;
const PADDING = 0xfff5;
/** The markers of fieldAt's classes 2 and 3 (class 1 is FIELD, DIGITS or COUNT). */
const FIELD_CLASS_MARKERS = [0, 0, 0xfff6, 0xfff7];
const LAST_MARKER = 0xfff7;
/** How many classes fieldAt may give fields. */
export const FIELD_CLASSES = FIELD_CLASS_MARKERS.length - 1;
const HASH_LENGTH = 16;

// What the scanner asks of each character of a field, as bits of a table (characters above ASCII
// have none): a decimal digit; allowed in a numeric field (hex digits and . : / -); printable for
// `fields` (33 to 126 but "(" and ")"); a-z; one of " # ;.
const DIGIT = 1;
const NUMERIC = 2;
const PRINTABLE = 4;
const LOWER = 8;
const QUOTE_HASH_SEMI = 16;
const ALL_CLASSES = DIGIT | NUMERIC | PRINTABLE | LOWER | QUOTE_HASH_SEMI;
// The table has an entry for every UTF-16 code unit (64 KiB): the blanks that end a field are
// BLANK and the markers MARKER (both above every class bit), so that one lookup and one comparison
// per character tell a field's character from its end and from a line that has no skeleton.
const BLANK = 64;
const MARKER = 128;
const CHAR_CLASS = new Uint8Array(65536);
for (let c = QUOTED; c <= LAST_MARKER; c++) CHAR_CLASS[c] = MARKER;
for (let c = 0; c < 128; c++) {
  let bits = 0;
  if (c >= 48 && c <= 57) bits |= DIGIT | NUMERIC;
  if ((c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === 46 || c === 58 || c === 47 || c === 45) bits |= NUMERIC;
  if (c >= 33 && c <= 126 && c !== 40 && c !== 41) bits |= PRINTABLE;
  if (c >= 97 && c <= 122) bits |= LOWER;
  if (c === 34 || c === 35 || c === 59) bits |= QUOTE_HASH_SEMI;
  CHAR_CLASS[c] = bits;
}
CHAR_CLASS[32] = BLANK;
CHAR_CLASS[9] = BLANK;

/** A skeleton as the fast path computes it: into reusable buffers, without allocating. */
export class SkeletonScanner {
  /** The skeleton's characters (codes), `length` of them (and a 0 after an odd number: see copy). */
  key = new Uint16Array(256);
  /** `key` two characters at a time, for comparing skeletons a word, not a character, at a time. */
  private words = new Uint32Array(this.key.buffer);
  length = 0;
  /** Start and end (line offsets) of each segment, `segments` of them. */
  starts: Int32Array = new Int32Array(32);
  ends: Int32Array = new Int32Array(32);
  segments = 0;
  /** Numeric fields the skeleton abstracts (a digit 1-9 or hex letter in them), `changed` of them. */
  changedStarts: Int32Array = new Int32Array(32);
  changedEnds: Int32Array = new Int32Array(32);
  changed = 0;
  /** A hash of the skeleton. */
  hash = 0;
  private readonly quoted: boolean;
  private readonly maxQuoted: number;
  private readonly hashes: boolean;
  private readonly fields: ((text: string, start: number, end: number, seen: number) => boolean | number) | null;
  private readonly padding: boolean;
  private readonly hexLetters: boolean;

  constructor(options: SkeletonOptions = {}) {
    this.quoted = options.quoted === true;
    this.maxQuoted = options.maxQuoted ?? Infinity;
    this.hashes = options.hashes === true;
    const fields = options.fields;
    this.fields = options.fieldAt ?? (fields ? (text, start, end) => fields(text.slice(start, end)) : null);
    this.padding = options.padding === true;
    this.hexLetters = options.hexLetters !== false;
  }

  /**
   * Computes the skeleton of the line `text` holds from `from` to `to` (the whole text by default);
   * false when the line has none (it holds a marker character). Offsets it records are the line's.
   * Reading the line in its text rather than as a slice of it halves the cost of each character.
   */
  scan(text: string, from = 0, to = text.length): boolean {
    const length = to - from;
    if (this.key.length < length + 2) {
      this.key = new Uint16Array(length * 2 + 2);
      this.words = new Uint32Array(this.key.buffer);
    }
    const key = this.key;
    const fields = this.fields;
    let k = 0;
    let segments = 0;
    let changed = 0;
    let i = from;
    while (i < to) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9) {
        if (this.padding && i + 1 < to && isBlank(text.charCodeAt(i + 1))) {
          let end = i + 2;
          while (end < to && isBlank(text.charCodeAt(end))) end++;
          key[k++] = PADDING;
          this.segment(segments++, i - from, end - from);
          i = end;
          continue;
        }
        key[k++] = c;
        i++;
        continue;
      }
      if (c === 34 && this.quoted) {
        const end = quotedEnd(text, i, to);
        if (end !== -1 && end - i - 2 <= this.maxQuoted) {
          key[k++] = QUOTED;
          this.segment(segments++, i - from, end - from);
          i = end;
          continue;
        }
        // a quote that opens no segment (too long for the lexer's string, or closed before a "," or
        // "}") may still be a string to the lexer, which then reads the fields inside it as text: the
        // line has no skeleton (abstracting them let one line decide how a later one was read)
        return false;
      }
      // each character read once: written as it is, and classified by one table lookup (every bit
      // the field keeps, any bit it has); a field the skeleton abstracts is rewritten in the key
      const fieldKey = k;
      let end = i;
      let every = ALL_CLASSES;
      let some = 0;
      for (; end < to; end++) {
        const d = text.charCodeAt(end);
        const cls = CHAR_CLASS[d] as number;
        if (cls >= BLANK) {
          if (cls === BLANK) break;
          return false;
        }
        key[k++] = d;
        every &= cls;
        some |= cls;
      }
      if (fields !== null && (every & PRINTABLE) !== 0) {
        // what fieldAt would otherwise read the field again for
        const seen = ((every & LOWER) !== 0 ? FIELD_LOWERCASE : 0) | ((some & QUOTE_HASH_SEMI) !== 0 ? FIELD_QUOTE_HASH_SEMI : 0);
        const classOf = fields(text, i, end, seen);
        if (classOf === true || (typeof classOf === 'number' && classOf >= 1 && classOf <= FIELD_CLASSES)) {
          k = fieldKey;
          key[k++] = classOf === true || classOf === 1 ? fieldClass(text, i, end, (every & DIGIT) !== 0) : (FIELD_CLASS_MARKERS[classOf] as number);
          this.segment(segments++, i - from, end - from);
          i = end;
          continue;
        }
      }
      if ((every & NUMERIC) !== 0 && (some & DIGIT) !== 0) {
        let isChanged = false;
        // digits 1-9 become "1", hex letters "a" or "A" ("1", "a" and "A" stand for their whole class
        // too): only "0" and . : / - (and letters, without hexLetters) are the same in every line;
        // "0" keeps its identity since lexers match it literally ("0x…", "0/0", "from 0/8")
        for (let j = fieldKey; j < k; j++) {
          const c = key[j] as number;
          if (c >= 49 && c <= 57) {
            key[j] = 49;
            isChanged = true;
          } else if (this.hexLetters && ((c >= 97 && c <= 102) || (c >= 65 && c <= 70))) {
            key[j] = c >= 97 ? 97 : 65;
            isChanged = true;
          }
        }
        if (isChanged) {
          if (changed === this.changedEnds.length) {
            this.changedStarts = grown(this.changedStarts);
            this.changedEnds = grown(this.changedEnds);
          }
          this.changedStarts[changed] = i - from;
          this.changedEnds[changed++] = end - from;
        }
        i = end;
        continue;
      }
      const hashStart = end - HASH_LENGTH;
      if (this.hashes && hashStart - 1 > i && text.charCodeAt(hashStart - 1) === 45 && isHash(text, hashStart, end)) {
        k = fieldKey + (hashStart - i);
        key[k++] = HASH;
        this.segment(segments++, hashStart - from, end - from);
      }
      i = end;
    }
    // the half word after an odd length is 0, so that two skeletons of one length compare whole words
    key[k] = 0;
    // FNV-1a of the skeleton, two characters at a time; a small integer (30 bits): a larger one may be
    // a heap number, slower as a map key
    const words = this.words;
    const count = (k + 1) >> 1;
    let hash = 2166136261;
    for (let w = 0; w < count; w++) hash = Math.imul(hash ^ (words[w] as number), 16777619);
    this.hash = (hash ^ k) & 0x3fffffff;
    this.length = k;
    this.segments = segments;
    this.changed = changed;
    return true;
  }

  /** The last scanned skeleton, to keep: its characters two at a time (see equals). */
  copy(): Uint32Array {
    return this.words.slice(0, (this.length + 1) >> 1);
  }

  /** Whether the last scanned skeleton is `skeleton` (a copy), of `length` characters. */
  equals(skeleton: Uint32Array, length: number): boolean {
    if (length !== this.length) return false;
    const words = this.words;
    const count = skeleton.length;
    for (let i = 0; i < count; i++) if (words[i] !== skeleton[i]) return false;
    return true;
  }

  /** Line offset a position is kept relative to: the line start (anchor -1) or a segment's end. */
  anchorOffset(anchor: number): number {
    return anchor < 0 ? 0 : (this.ends[anchor] as number);
  }

  /** The anchor of a line offset: the last segment ending at or before it. */
  anchorOf(offset: number): number {
    let anchor = -1;
    while (anchor + 1 < this.segments && (this.ends[anchor + 1] as number) <= offset) anchor++;
    return anchor;
  }

  /** Whether a token boundary at `offset` falls inside a segment (the lexer disagrees with it). */
  splitsSegment(offset: number): boolean {
    for (let s = 0; s < this.segments; s++) if (offset > (this.starts[s] as number) && offset < (this.ends[s] as number)) return true;
    return false;
  }

  /**
   * Whether the text from `start` to `end` is the same in every line of this skeleton: it meets
   * no segment and no numeric field with a character the skeleton abstracts.
   */
  isFixed(start: number, end: number): boolean {
    for (let s = 0; s < this.segments; s++) if ((this.starts[s] as number) < end && (this.ends[s] as number) > start) return false;
    for (let s = 0; s < this.changed; s++) if ((this.changedStarts[s] as number) < end && (this.changedEnds[s] as number) > start) return false;
    return true;
  }

  private segment(index: number, start: number, end: number): void {
    if (index === this.ends.length) {
      this.starts = grown(this.starts);
      this.ends = grown(this.ends);
    }
    this.starts[index] = start;
    this.ends[index] = end;
  }
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** Digits, digits and one of K M G T, or another field (`allDigits`: the scanner saw only digits in it). */
function fieldClass(text: string, start: number, end: number, allDigits: boolean): number {
  if (allDigits) return DIGITS;
  const last = end - 1;
  if (last <= start) return FIELD;
  const c = text.charCodeAt(last);
  if (!(c === 75 || c === 77 || c === 71 || c === 84)) return FIELD;
  for (let j = start; j < last; j++) {
    const d = text.charCodeAt(j);
    if (d < 48 || d > 57) return FIELD;
  }
  return COUNT;
}

function grown(array: Int32Array): Int32Array {
  const out = new Int32Array(array.length * 2);
  out.set(array);
  return out;
}


/**
 * End of the quoted field opening at `start`, or -1: the first `"` not escaped by `\`, when a
 * blank or the line's end (`length`) follows it. The iptables lexer's `quoted` rule reads the same: its
 * body takes no `"` but an escaped one, and `.` after `\` takes no line terminator.
 */
function quotedEnd(text: string, start: number, length: number): number {
  for (let i = start + 1; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) {
      const next = text.charCodeAt(i + 1);
      if (i + 1 >= length || next === 10 || next === 13 || next === 0x2028 || next === 0x2029) return -1;
      i++;
    } else if (c === 34) {
      if (i + 1 === length) return length;
      const after = text.charCodeAt(i + 1);
      return after === 32 || after === 9 ? i + 1 : -1;
    } else if (c === 10) return -1;
  }
  return -1;
}

function isHash(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return false;
  }
  return true;
}

/** A line's skeleton (segments as markers) and its segments, or null when it has none: for the tests. */
export function lineSkeletonOf(text: string, options: SkeletonOptions = {}): { skeleton: string; segments: { kind: SegmentKind; start: number; end: number }[] } | null {
  const scanner = new SkeletonScanner(options);
  if (!scanner.scan(text)) return null;
  const key = [...scanner.key.subarray(0, scanner.length)];
  const kinds = key.filter((c) => c >= QUOTED && c <= LAST_MARKER).map((c) => MARKERS[c - QUOTED] as SegmentKind);
  return {
    skeleton: String.fromCharCode(...key),
    segments: kinds.map((kind, s) => ({ kind, start: scanner.starts[s] as number, end: scanner.ends[s] as number })),
  };
}

/** The skeleton of a line with numeric fields abstracted only (every format's), for the tests. */
export function lineSkeleton(text: string): string {
  return lineSkeletonOf(text)?.skeleton ?? text;
}
