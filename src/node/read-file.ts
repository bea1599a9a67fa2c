// parseFile: one file read as ingestPath reads a report's files. Only a regular file is read (a FIFO
// blocked the read until a writer came; /dev/zero was read until the string could grow no more), and
// at most `maxBytes` of it.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from '../formats/registry';
import type { FormatId, Parsed } from '../formats/format';
import { DEFAULT_ARCHIVE_LIMITS } from './archive';
import { kindOf } from './sos';

export interface ParseFileOptions {
  /** The most bytes read; a larger file is refused. Default: DEFAULT_ARCHIVE_LIMITS.maxFileBytes (256 MiB). */
  maxBytes?: number;
}

/**
 * Reads a file (UTF-8; invalid bytes become U+FFFD) and parses it as `format` ("auto" sniffs).
 * Rejects, reading nothing, when `path` is no regular file (a directory, a FIFO, a device, a socket)
 * or holds more than `maxBytes`; and when it cannot be read (ENOENT, EACCES).
 */
export async function parseFile(format: FormatId | 'auto', path: string, options: ParseFileOptions = {}): Promise<Parsed<unknown>> {
  const maxBytes = options.maxBytes ?? DEFAULT_ARCHIVE_LIMITS.maxFileBytes;
  // O_NONBLOCK: opening a FIFO with no writer does not wait for one (it is refused below)
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new Error(`parseFile: ${path} is not a regular file (${stats.isDirectory() ? 'directory' : kindOf(stats)}); it was not read.`);
    if (stats.size > maxBytes) throw new Error(`parseFile: ${path} is ${stats.size} bytes, more than the ${maxBytes} it reads; it was not read.`);
    // its size and one byte more (a file that says it is empty, as procfs's do, is read up to the bound)
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, stats.size > 0 ? stats.size + 1 : 64 * 1024));
    const chunks: Buffer[] = [];
    let length = 0;
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (total + length > maxBytes) throw new Error(`parseFile: ${path} grew past the ${maxBytes} bytes it reads; it was not read.`);
      if (length === buffer.length) {
        chunks.push(Buffer.from(buffer));
        total += length;
        length = 0;
      }
    }
    chunks.push(buffer.subarray(0, length));
    return parse(format, Buffer.concat(chunks).toString('utf8'));
  } finally {
    await handle.close();
  }
}
