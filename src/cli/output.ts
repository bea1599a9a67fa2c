import { fstatSync, writeSync } from 'node:fs';
// `netsift parse` output, written as the records come: the JSON of a large listing is several times
// the size of its records (a 45 MB iptables -L holds 300k rules), and neither it nor, where the
// format streams, the records themselves need to be alive all at once. What is written is byte for
// byte JSON.stringify({ format, records, …the rest of the result }, null, pretty ? 2 : undefined).

// records per JSON.stringify: few enough that a slice dies young (1,000 kept whole slices alive
// through scavenges into the old generation: route -n 100k 121 → 111 MB and 0.43 → 0.38 s with
// 50; iptables -L 20k 3.2 → 2.5 s), many enough that one call per record costs nothing
const SLICE = 50;
// elements per JSON.stringify in writeJsonStreamed: a report's records are alive anyway (its model holds them)
const ARRAY_SLICE = 1000;
// pieces shorter than this are joined into one write (a slice of 50 -L records, 30 KB, is a write
// of its own). 64 KiB held more: -L 5k 91 → 107 MB, the joined pieces living past a scavenge
export const CHUNK = 16_384;

export class ParsedJsonWriter {
  private readonly out: Chunks;
  private batch: unknown[] = [];
  private records = 0;

  constructor(private readonly pretty: boolean, write: (chunk: string) => void) {
    this.out = new Chunks(write);
  }

  /** The result's format: written first. */
  start(format: string): void {
    this.emit(this.pretty ? `{\n  "format": ${JSON.stringify(format)},\n  "records": ` : `{"format":${JSON.stringify(format)},"records":`);
  }

  record(record: unknown): void {
    this.batch.push(record);
    if (this.batch.length === SLICE) this.flushRecords();
  }

  /** The result: records it still holds come after those streamed, then its other keys (diagnostics). */
  end(result: Record<string, unknown>): void {
    const records = result['records'];
    if (Array.isArray(records)) for (const record of records) this.record(record);
    this.flushRecords();
    this.emit(this.records === 0 ? '[]' : this.pretty ? '\n  ]' : ']');
    for (const key of Object.keys(result)) {
      if (key === 'format' || key === 'records') continue;
      const text = JSON.stringify(result[key], null, this.pretty ? 2 : undefined);
      if (text === undefined) continue;
      this.emit(this.pretty ? `,\n  ${JSON.stringify(key)}: ${text.replaceAll('\n', '\n  ')}` : `,${JSON.stringify(key)}:${text}`);
    }
    this.emit(this.pretty ? '\n}\n' : '}\n');
    this.out.flush();
  }

  /** A slice of records at a time: one JSON.stringify per record costs more than the slice saves. */
  private flushRecords(): void {
    if (this.batch.length === 0) return;
    const text = JSON.stringify(this.batch, null, this.pretty ? 2 : undefined);
    // "[…]" without its brackets; pretty: "[\n  …\n]", its elements two spaces further in
    const inner = this.pretty ? `  ${text.slice(2, -2).replaceAll('\n', '\n  ')}` : text.slice(1, -1);
    const opening = this.records === 0 ? (this.pretty ? '[\n' : '[') : this.pretty ? ',\n' : ',';
    this.records += this.batch.length;
    this.batch = [];
    this.emit(opening);
    this.emit(inner);
  }

  private emit(chunk: string): void {
    this.out.emit(chunk);
  }
}

/** Gathers small pieces of output; a large one (a slice of records) goes out as it is: joining it would copy it. */
class Chunks {
  private pending = '';

  constructor(private readonly write: (chunk: string) => void) {}

  emit(chunk: string): void {
    if (chunk.length >= CHUNK) {
      this.flush();
      this.write(chunk);
      return;
    }
    this.pending += chunk;
    if (this.pending.length >= CHUNK) this.flush();
  }

  flush(): void {
    if (this.pending.length > 0) this.write(this.pending);
    this.pending = '';
  }
}

// the exit status the command decided before it wrote (see decideExitStatus)
let decided: number | undefined;

/**
 * Says the run's exit status before its output is written, and gives it back: a reader that stops
 * early (`| head`) then ends the run with it, as the whole run would have ended (not 0 because the
 * command had not returned yet).
 */
export function decideExitStatus(code: number): number {
  decided = code;
  return code;
}

/** Ends the run quietly when the reader has stopped (EPIPE): no error, the status the command decided. */
export function endAsReaderStopped(): never {
  process.exit(decided ?? process.exitCode ?? 0);
}

/**
 * Writes to standard output at once, waiting while a pipe is full. process.stdout queues what a
 * full pipe does not take until the event loop runs, which it does not during a parse: the whole
 * JSON would sit in memory (40 MB for a 100k-route table). Null when stdout is not a pipe (a file
 * or a terminal: process.stdout writes those at once already). Sockets count as pipes.
 */
export function pipeWriter(fd = 1): ((chunk: string) => void) | null {
  let isPipe = false;
  try {
    // node's child_process gives its children socket pairs, shells give pipes
    const stat = fstatSync(fd);
    isPipe = stat.isFIFO() || stat.isSocket();
  } catch {
    return null;
  }
  if (!isPipe) return null;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  return (chunk) => {
    const bytes = Buffer.from(chunk);
    let offset = 0;
    while (offset < bytes.length) {
      try {
        offset += writeSync(fd, bytes, offset);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // a reader that stops early (`| head`) is no error
        if (code === 'EPIPE') endAsReaderStopped();
        if (code !== 'EAGAIN') throw error;
        // the reader is slower: give it 20 µs (a blocking wait, as the parse is synchronous anyway)
        Atomics.wait(pause, 0, 0, 0.02);
      }
    }
  };
}

/**
 * Writes JSON.stringify(value) (compact) through `write` in pieces: objects and arrays down to a few
 * levels are walked here, long arrays (records) go a slice at a time, the rest through
 * JSON.stringify. A report of a hundred nodes' records is more JSON than one string may hold, and
 * so may a slice or a single deep value (a thousand findings citing a thousand lines each): what
 * one string cannot hold (RangeError) is walked instead, piece by piece. As JSON.stringify does,
 * a value's toJSON(key) is called once, and what is undefined, a function or a symbol is left out
 * of an object and null in an array. `stringify` is JSON.stringify; tests give one that holds less.
 */
export function writeJsonStreamed(value: unknown, write: (chunk: string) => void, stringify: (value: unknown) => string | undefined = JSON.stringify): void {
  const out = new Chunks(write);
  const emit = (chunk: string): void => out.emit(chunk);
  const skipped = (item: unknown): boolean => item === undefined || typeof item === 'function' || typeof item === 'symbol';
  const hasToJSON = (item: unknown): boolean => item !== null && typeof item === 'object' && typeof (item as { toJSON?: unknown }).toJSON === 'function';
  /** The value JSON.stringify serialises for `item` under `key`: its toJSON(key), if it has one. */
  const prepared = (item: unknown, key: string): unknown => (hasToJSON(item) ? (item as { toJSON(key: string): unknown }).toJSON(key) : item);
  /** JSON.stringify(item), or null when the text is longer than a string may be. */
  const whole = (item: unknown): string | null => {
    try {
      return stringify(item) ?? 'null';
    } catch (error) {
      if (error instanceof RangeError) return null;
      throw error;
    }
  };
  // `item` is prepared already: its own toJSON, if the one it came from returned another, is not called again
  const walk = (item: unknown, depth: number): void => {
    if (item === null || typeof item !== 'object' || item instanceof Number || item instanceof String || item instanceof Boolean) {
      emit(stringify(item) ?? 'null');
      return;
    }
    if (depth > 6 && !hasToJSON(item)) {
      const text = whole(item);
      if (text !== null) {
        emit(text);
        return;
      }
    }
    if (Array.isArray(item)) {
      emit('[');
      // a slice through JSON.stringify would give its elements' toJSON the index in the slice, not in the array
      if (item.length > ARRAY_SLICE && !item.some(hasToJSON)) {
        for (let from = 0; from < item.length; from += ARRAY_SLICE) {
          const slice = item.slice(from, from + ARRAY_SLICE);
          const text = whole(slice);
          if (text !== null) emit(from === 0 ? text.slice(1, -1) : `,${text.slice(1, -1)}`);
          else elements(slice, from, depth);
        }
      } else elements(item, 0, depth);
      emit(']');
      return;
    }
    emit('{');
    let first = true;
    for (const key of Object.keys(item)) {
      const child = prepared((item as Record<string, unknown>)[key], key);
      if (skipped(child)) continue;
      emit(`${first ? '' : ','}${JSON.stringify(key)}:`);
      first = false;
      walk(child, depth + 1);
    }
    emit('}');
  };
  // every index, holes too (JSON.stringify writes null for them; forEach would skip them)
  const elements = (items: readonly unknown[], offset: number, depth: number): void => {
    for (let i = 0; i < items.length; i++) {
      if (i + offset > 0) emit(',');
      const element = prepared(items[i], String(i + offset));
      walk(skipped(element) ? null : element, depth + 1);
    }
  };
  const top = prepared(value, '');
  if (!skipped(top)) walk(top, 0);
  out.flush();
}
