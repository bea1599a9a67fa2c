// Reading one input for the CLI: a file, or standard input for "-". At most MAX_INPUT_BYTES: a
// device that never ends (/dev/zero) or a file larger than a string may hold is refused, not read
// until memory runs out.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { decodeText } from '../core/text-bytes';

export const EXIT_USAGE = 2;

/** The longest text V8 holds as one string (2^29 - 24 characters), in bytes of one-byte text. */
export const MAX_INPUT_BYTES = 2 ** 29 - 24;

const CHUNK = 1 << 20;

/** An input's text: UTF-8, or UTF-16 where its bytes say so (decodeText). */
export function readInput(file: string | undefined, limit = MAX_INPUT_BYTES): string {
  return decodeText(readInputBytes(file, limit));
}

/** An input's bytes, at most `limit`. */
export function readInputBytes(file: string | undefined, limit = MAX_INPUT_BYTES): Buffer {
  const fd = file === undefined || file === '-' ? 0 : openSync(file, 'r');
  try {
    const stats = fstatSync(fd);
    if (stats.isFile() && stats.size > limit) throw tooLarge(limit);
    // a regular file in one read (its size and one more byte, to see its end); a pipe, a terminal, a
    // device or a file that says it is empty (procfs, one still being written) a chunk at a time,
    // until its end or the limit
    let buffer = Buffer.allocUnsafe(stats.isFile() && stats.size > 0 ? stats.size + 1 : CHUNK);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      total += read;
      if (total > limit) throw tooLarge(limit);
      if (read * 2 >= buffer.length) {
        // mostly filled: kept as it is, and the next read gets a buffer of its own
        chunks.push(buffer.subarray(0, read));
        buffer = Buffer.allocUnsafe(CHUNK);
      } else chunks.push(Buffer.from(buffer.subarray(0, read)));
    }
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}

function tooLarge(limit: number): Error {
  return Object.assign(new Error(`more than ${limit} bytes`), { code: 'EFBIG' });
}
