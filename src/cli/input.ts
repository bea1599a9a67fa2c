// Reading one input for the CLI: a file, or standard input for "-". At most MAX_INPUT_BYTES: a
// device that never ends (/dev/zero) or a file larger than a string may hold is refused, not read
// until memory runs out.
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

export const EXIT_USAGE = 2;

/** The longest text V8 holds as one string (2^29 - 24 characters), in bytes of one-byte text. */
export const MAX_INPUT_BYTES = 2 ** 29 - 24;

const CHUNK = 1 << 20;

export function readInput(file: string | undefined, limit = MAX_INPUT_BYTES): string {
  const fd = file === undefined || file === '-' ? 0 : openSync(file, 'r');
  try {
    const stats = fstatSync(fd);
    if (stats.isFile()) {
      if (stats.size > limit) throw tooLarge(limit);
      return readFileSync(fd, 'utf8');
    }
    // a pipe, a terminal, a device: read until its end or the limit
    // one buffer read into, each read copied out at its size (a pipe gives 4-64 KiB at a time)
    const buffer = Buffer.allocUnsafe(CHUNK);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK, null);
      if (read === 0) break;
      total += read;
      if (total > limit) throw tooLarge(limit);
      chunks.push(Buffer.from(buffer.subarray(0, read)));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}

function tooLarge(limit: number): Error {
  return Object.assign(new Error(`more than ${limit} bytes`), { code: 'EFBIG' });
}
