// Synthetic tarballs for the archive tests, written here byte by byte: ustar, pax and GNU headers
// (POSIX.1-2001 pax; GNU tar manual "Basic Tar Format"), and xz files of stored LZMA2 chunks
// (xz file format 1.2.1; LZMA2 chunk layout as xz-embedded's xz_dec_lzma2.c reads it), so a test
// needs neither tar nor xz and can write what they refuse to.
import { execFileSync } from 'node:child_process';

/** Whether the system's bzip2 is there: netsift reads .tar.bz2 through it (docs/sos.md); without it those cases are skipped. */
export const hasBzip2 = ((): boolean => {
  try {
    execFileSync('bzip2', ['--help'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** One tar member; `size` overrides the size the header claims. */
export interface TarEntry {
  name: string;
  type?: string;
  body?: Uint8Array | string;
  linkname?: string;
  size?: number;
  /** 'ustar' (POSIX ustar\0 00, the default) or 'gnu' (ustar  \0, what tar --format=gnu writes). */
  magic?: 'ustar' | 'gnu';
  /** Bytes 345-500: POSIX's name prefix, GNU's atime/ctime (written raw). */
  prefix?: string;
}

function octal(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, '0') + '\0';
}

export function tarHeader(entry: TarEntry, size: number): Uint8Array {
  const block = new Uint8Array(512);
  const put = (text: string, at: number, length: number) => block.set(Buffer.from(text, 'utf8').subarray(0, length), at);
  put(entry.name, 0, 100);
  put(octal(0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(0, 12), 136, 12);
  put('        ', 148, 8);
  put(entry.type ?? '0', 156, 1);
  put(entry.linkname ?? '', 157, 100);
  put(entry.magic === 'gnu' ? 'ustar  \0' : 'ustar\u000000', 257, 8);
  if (entry.prefix !== undefined) put(entry.prefix, 345, 155);
  let sum = 0;
  for (const byte of block) sum += byte;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return block;
}

/** A tarball of `entries`, with the two zero blocks that end it unless `end` is false. */
export function tar(entries: TarEntry[], end = true): Buffer {
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    const body = typeof entry.body === 'string' ? Buffer.from(entry.body) : entry.body ?? new Uint8Array(0);
    parts.push(tarHeader(entry, entry.size ?? body.length));
    parts.push(body);
    parts.push(new Uint8Array((512 - (body.length % 512)) % 512));
  }
  if (end) parts.push(new Uint8Array(1024));
  return Buffer.concat(parts);
}

/** A pax extended header body: "<length> <key>=<value>\n" records, the length counted in bytes. */
export function paxBody(records: Record<string, string>): Buffer {
  const lines = Object.entries(records).map(([key, value]) => {
    const rest = Buffer.byteLength(` ${key}=${value}\n`);
    let length = rest + String(rest).length;
    if (String(length).length !== String(rest).length) length = rest + String(length).length;
    return `${length} ${key}=${value}\n`;
  });
  return Buffer.from(lines.join(''), 'utf8');
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function le32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32LE(value >>> 0);
  return out;
}

function varint(value: number): Buffer {
  const out: number[] = [];
  while (value >= 0x80) {
    out.push((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  out.push(value);
  return Buffer.from(out);
}

/**
 * An .xz file of one block holding `data` as stored (uncompressed) LZMA2 chunks, no check.
 * `dictionary` is the LZMA2 dictionary-size byte (0-40; 40 is 4 GiB - 1) the block header declares.
 */
export function xzStored(data: Uint8Array, dictionary = 0): Buffer {
  const flags = Buffer.from([0, 0]); // check type None
  const streamHeader = Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0]), flags, le32(crc32(flags))]);
  // block header: size byte, flags (one filter, no sizes), LZMA2 (id 0x21, 1 property byte), padding
  const headerBody = Buffer.from([2, 0, 0x21, 1, dictionary, 0, 0, 0]);
  const blockHeader = Buffer.concat([headerBody, le32(crc32(headerBody))]);
  const chunks: Buffer[] = [];
  for (let at = 0; at < data.length; at += 65536) {
    const piece = data.subarray(at, at + 65536);
    chunks.push(Buffer.from([at === 0 ? 1 : 2, (piece.length - 1) >> 8, (piece.length - 1) & 0xff]), Buffer.from(piece));
  }
  chunks.push(Buffer.from([0]));
  const compressed = Buffer.concat(chunks);
  const blockPadding = Buffer.alloc((4 - (compressed.length % 4)) % 4);
  const unpadded = blockHeader.length + compressed.length;
  const indexBody = Buffer.concat([Buffer.from([0]), varint(1), varint(unpadded), varint(data.length)]);
  const indexPadded = Buffer.concat([indexBody, Buffer.alloc((4 - (indexBody.length % 4)) % 4)]);
  const index = Buffer.concat([indexPadded, le32(crc32(indexPadded))]);
  const backward = Buffer.concat([le32(index.length / 4 - 1), flags]);
  const footer = Buffer.concat([le32(crc32(backward)), backward, Buffer.from('YZ')]);
  return Buffer.concat([streamHeader, blockHeader, compressed, blockPadding, index, footer]);
}
