// Reads the members of a tarball (plain, gzip, xz or bzip2) as a stream, never extracting it: a
// member's bytes are kept only when the caller wants them. The tar layout is POSIX ustar with pax
// extended headers and GNU long names (POSIX.1-2001 pax, GNU tar manual "Basic Tar Format").
// Everything in it is hostile input: every size is bounded and every refusal is reported.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import * as xzModule from 'xz-decompress';
import { looksBinary } from '../core';

// xz-decompress is a CommonJS (webpack) bundle whose named exports Node's ESM loader cannot see:
// under ESM its exports are the default export, under CommonJS and bundlers the named ones
const XzReadableStream: typeof xzModule.XzReadableStream =
  (xzModule as unknown as { default?: typeof xzModule }).default?.XzReadableStream ?? xzModule.XzReadableStream;

export type Compression = 'xz' | 'gzip' | 'bzip2' | 'none';

/** Limits on what one archive may make us read. */
export interface ArchiveLimits {
  /**
   * Bytes decompressed from one archive, in all: past it reading stops. A plain .tar decompresses
   * nothing: there the members kept count, and skipped ones (a 2 GB log) do not.
   */
  maxTotalBytes: number;
  /** Bytes of one member kept in memory: a larger member is skipped. */
  maxFileBytes: number;
  /** Decompressed bytes per compressed byte above which the archive is taken for a bomb… */
  maxRatio: number;
  /** …once this many bytes have been decompressed (small archives of zeros are not bombs). */
  ratioAfterBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxTotalBytes: 2 * 1024 ** 3,
  maxFileBytes: 256 * 1024 ** 2,
  maxRatio: 200,
  ratioAfterBytes: 32 * 1024 ** 2,
};

export type MemberType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'character device' | 'block device' | 'fifo' | 'other';

export interface ArchiveMember {
  /** The member's name as written in the archive (pax/GNU long names applied). */
  name: string;
  type: MemberType;
  /** The header's type flag as written ('0', '5', 'D'…): what an 'other' member is. */
  typeFlag: string;
  size: number;
  /** Target of a symlink or hard link. */
  linkname: string;
}

/** What happened while reading an archive that the caller must tell the user. */
export type ArchiveEvent =
  | { kind: 'bomb'; decompressed: number; compressed: number; ratio: number }
  /** `bytes` decompressed, or of members kept from a plain .tar (`isKept`), went past the limit. */
  | { kind: 'total-limit'; bytes: number; isKept: boolean }
  | { kind: 'truncated'; member: string | null }
  | { kind: 'corrupt'; message: string }
  /** Decompression failed after `decompressed` bytes, inside `member` when one was being read. */
  | { kind: 'decompress-failed'; message: string; decompressed: number; member: string | null };

/** The first bytes of a file tell its compression (xz, gzip and bzip2 magic numbers; "ustar" at 257). */
export function detectCompression(head: Uint8Array): Compression | null {
  if (head.length >= 6 && head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58 && head[4] === 0x5a && head[5] === 0) return 'xz';
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 3 && head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) return 'bzip2';
  if (head.length >= 262 && String.fromCharCode(...head.subarray(257, 262)) === 'ustar') return 'none';
  return null;
}

/** What a file's first bytes say it is: a tarball (compressed or not, whatever its name), a zip, a binary, or text. */
export function fileKind(bytes: Uint8Array): 'tarball' | 'zip' | 'binary' | 'text' {
  if (detectCompression(bytes.subarray(0, 512)) !== null) return 'tarball';
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'zip';
  return looksBinary(bytes) ? 'binary' : 'text';
}

export async function readHead(path: string, length = 512): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * A stream's chunks, pulled one at a time (paused mode, so a slow reader holds the stream back). On an
 * error the chunks already decoded come first, then the error: node's own async iterator drops them.
 * Stopping early (return) destroys the stream; no event of it is left unhandled.
 */
async function* chunksOf(stream: Readable): AsyncGenerator<Uint8Array> {
  let failure: unknown = null;
  let finished = false;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  stream.on('readable', notify);
  stream.on('end', () => { finished = true; notify(); });
  stream.on('close', () => { finished = true; notify(); });
  stream.on('error', (error) => { failure ??= error; notify(); });
  try {
    for (;;) {
      // read() still hands over what was buffered after an error destroyed the stream
      const chunk = stream.read() as Uint8Array | null;
      if (chunk !== null) {
        yield chunk;
        continue;
      }
      if (failure !== null) throw failure;
      if (finished) return;
      await new Promise<void>((resolve) => { wake = resolve; });
    }
  } finally {
    stream.destroy();
  }
}

/** The decompressed bytes of a file, as chunks; `counter.compressed` follows the bytes read from disk. */
async function* decompressedChunks(path: string, compression: Compression, counter: { compressed: number }): AsyncGenerator<Uint8Array> {
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  if (compression === 'none' || compression === 'xz') {
    const compressed = (async function* counted() {
      for await (const chunk of chunksOf(file)) {
        counter.compressed += chunk.length;
        yield chunk;
      }
    })();
    try {
      if (compression === 'none') yield* compressed;
      else yield* xzChunks(compressed);
    } finally {
      await compressed.return(undefined);
    }
    return;
  }
  file.on('data', (chunk: Buffer | string) => { counter.compressed += chunk.length; });
  if (compression === 'gzip') {
    // zlib hands over a call's output only when the call succeeds: 4 KiB outputs (not 16) lose
    // less before corrupt data, or a tail of garbage it takes for another gzip member
    const gunzip = createGunzip({ chunkSize: 4096 });
    file.on('error', (error) => gunzip.destroy(error));
    file.pipe(gunzip);
    try {
      yield* chunksOf(gunzip);
    } finally {
      file.destroy();
    }
    return;
  }
  // bzip2: the system's bzip2 (no shell; its stdin is the file, its stdout read as a stream)
  const child = spawn('bzip2', ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  const spawnError = new Promise<Error | null>((resolve) => {
    child.on('error', (error) => resolve(error));
    // bzip2's first line says what failed ("Data integrity error when decompressing."); the rest is advice
    child.on('close', (code) => resolve(code === 0 || code === null ? null
      : new Error(`bzip2 exited with ${code}: ${stderr.trim().split('\n')[0]?.replace(/^bzip2: /, '').replace(/[;:]$/, '') ?? ''}`)));
  });
  child.stderr.on('data', (chunk: Buffer) => { if (stderr.length < 1000) stderr += chunk.toString(); });
  child.stdin.on('error', () => undefined); // bzip2 stopped reading (we stopped early, or it failed)
  file.on('error', () => child.kill());
  file.pipe(child.stdin);
  try {
    yield* chunksOf(child.stdout);
    const error = await spawnError;
    if (error) throw error;
  } finally {
    file.destroy();
    if (child.exitCode === null) child.kill();
  }
}

// xz-embedded's return codes (xz.h, enum xz_ret), as xz-decompress's get_next_output gives them
const XZ_OK = 0;
const XZ_STREAM_END = 1;
const XZ_ERRORS = new Map<number, string>([
  [2, 'an xz integrity check of a type the decoder does not know'],
  [3, 'the xz decoder ran out of memory'],
  [5, 'no xz data at the start (not an xz file)'],
  [6, 'xz options the decoder does not support'],
  [7, 'corrupt xz data'],
  [8, 'the xz data ends early (truncated)'],
]);
// XZ_MEMLIMIT_ERROR: xz-decompress 0.2.3 refuses dictionaries above 64 MiB (found with stored .xz
// files of each dictionary size: 64 MiB reads, 96 MiB does not); xz -9 uses 64 MiB
const XZ_MEMLIMIT_ERROR = 4;
const XZ_MAX_DICTIONARY_MIB = 64;

// xz-embedded hands over a call's output only when the call succeeds: input goes in 1 KiB at a time,
// so a corrupt block loses what 1 KiB decodes to before the error, not the whole 64 KiB buffer
const XZ_INPUT_PIECE = 1024;

interface XzExports {
  memory: { buffer: ArrayBuffer };
  create_context(): number;
  destroy_context(context: number): void;
  supply_input(context: number, length: number): void;
  get_next_output(context: number): number;
}
interface XzModule { _moduleInstance?: { exports: unknown }; _getModuleInstance(): Promise<void> }
let xzExports: Promise<XzExports> | null = null;

/**
 * xz, decoded by xz-decompress's WebAssembly build of xz-embedded, driven here rather than through its
 * XzReadableStream: that stream drops what the decoder wrote before an error (a corrupt .tar.xz read
 * nothing where xz -dc gives several files), and it needs a web stream of the file, whose node adapter
 * (Readable.toWeb) throws where nothing can catch it when reading stops early. The context layout
 * (words: buffer size, input, input position, input size, output, output position) is that of
 * xz-decompress 0.2.3's XzContext, the version package.json pins.
 */
async function* xzChunks(compressed: AsyncGenerator<Uint8Array>): AsyncGenerator<Uint8Array> {
  const module = XzReadableStream as unknown as XzModule;
  xzExports ??= module._getModuleInstance().then(() => module._moduleInstance?.exports as XzExports);
  const xz = await xzExports;
  const context = xz.create_context();
  // memory can grow at any call (this context's or another's): views are made afresh each time
  const words = (): Uint32Array => new Uint32Array(xz.memory.buffer, context, 6);
  const bytes = (): Uint8Array => new Uint8Array(xz.memory.buffer);
  const bufferSize = words()[0] as number;
  let ended = false;
  try {
    for await (const chunk of compressed) {
      for (let at = 0; at < chunk.length && !ended;) {
        const piece = chunk.subarray(at, at + Math.min(bufferSize, XZ_INPUT_PIECE));
        at += piece.length;
        bytes().set(piece, words()[1] as number);
        xz.supply_input(context, piece.length);
        for (;;) {
          const result = xz.get_next_output(context);
          const state = words();
          const out = bytes().slice(state[4] as number, (state[4] as number) + (state[5] as number));
          state[5] = 0;
          // what was decoded before an error is yielded first: the tar members in it are read
          if (out.length > 0) yield out;
          if (result === XZ_STREAM_END) {
            ended = true;
            break;
          }
          if (result !== XZ_OK) throw new Error(xzError(result));
          if (state[2] === state[3] && out.length < bufferSize) break; // all input used, output drained
        }
      }
      if (ended) return;
    }
    if (!ended) throw new Error(XZ_ERRORS.get(8) as string);
  } finally {
    xz.destroy_context(context);
  }
}

function xzError(code: number): string {
  if (code === XZ_MEMLIMIT_ERROR) {
    return `an xz dictionary larger than ${XZ_MAX_DICTIONARY_MIB} MiB, more than netsift's xz decoder takes: recompress it with xz -9 or less, or extract it and pass the directory`;
  }
  return XZ_ERRORS.get(code) ?? `xz error ${code}`;
}

/** A pull reader over chunks: exact reads and skips, and a count of every byte pulled. */
class ByteReader {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private done = false;
  pulled = 0;
  /** Bytes handed out (read or skipped): where the next read starts in the decompressed tarball. */
  get position(): number {
    return this.pulled - this.buffered;
  }

  /** What the source threw: the bytes before it are still read, then the input ends. */
  failure: unknown = null;
  constructor(private readonly source: AsyncIterator<Uint8Array>, private readonly onPull: (pulled: number) => boolean) {}

  /** Pulls one more chunk; false at the end (or when onPull says stop). */
  private async pull(): Promise<boolean> {
    if (this.done) return false;
    let next;
    try {
      next = await this.source.next();
    } catch (error) {
      this.failure = error;
      this.done = true;
      return false;
    }
    if (next.done) {
      this.done = true;
      return false;
    }
    const chunk = next.value;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    this.pulled += chunk.length;
    if (!this.onPull(this.pulled)) {
      this.done = true;
      return false;
    }
    return true;
  }

  /** Exactly `length` bytes, or fewer at the end of the input. */
  async read(length: number): Promise<Uint8Array> {
    while (this.buffered < length && (await this.pull()));
    const size = Math.min(length, this.buffered);
    const out = new Uint8Array(size);
    let at = 0;
    while (at < size) {
      const head = this.chunks[0] as Uint8Array;
      const take = Math.min(head.length, size - at);
      out.set(head.subarray(0, take), at);
      at += take;
      if (take === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(take);
    }
    this.buffered -= size;
    return out;
  }

  /** Skips `length` bytes without keeping them; the number skipped (fewer at the end). */
  async skip(length: number): Promise<number> {
    let left = length;
    for (;;) {
      while (left > 0 && this.chunks.length > 0) {
        const head = this.chunks[0] as Uint8Array;
        if (head.length <= left) {
          left -= head.length;
          this.buffered -= head.length;
          this.chunks.shift();
        } else {
          this.chunks[0] = head.subarray(left);
          this.buffered -= left;
          left = 0;
        }
      }
      if (left === 0 || !(await this.pull())) return length - left;
    }
  }
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return Buffer.from(end === -1 ? bytes : bytes.subarray(0, end)).toString('utf8');
}

/** A numeric header field: octal text, or GNU base-256 when its first byte has the high bit. */
function tarNumber(bytes: Uint8Array): number | null {
  if (bytes.length > 0 && ((bytes[0] as number) & 0x80) !== 0) {
    if (((bytes[0] as number) & 0x40) !== 0) return null; // negative
    let value = (bytes[0] as number) & 0x3f;
    for (let i = 1; i < bytes.length; i++) value = value * 256 + (bytes[i] as number);
    return Number.isSafeInteger(value) ? value : null;
  }
  const text = cString(bytes).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) return null;
  const value = parseInt(text, 8);
  return Number.isSafeInteger(value) ? value : null;
}

function isPosixUstar(header: Uint8Array): boolean {
  const magic = 'ustar\u000000';
  for (let i = 0; i < magic.length; i++) if (header[257 + i] !== magic.charCodeAt(i)) return false;
  return true;
}

function checksumOk(header: Uint8Array): boolean {
  const stored = tarNumber(header.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] as number);
  return stored === sum;
}

// GNU's 'D' (dumpdir, written by tar -g) is a directory whose body lists its entries
const TYPES = new Map<string, MemberType>([
  ['0', 'file'], ['\0', 'file'], ['7', 'file'], ['1', 'hardlink'], ['2', 'symlink'], ['3', 'character device'],
  ['4', 'block device'], ['5', 'directory'], ['6', 'fifo'], ['D', 'directory'],
]);

/**
 * pax records "<length> <key>=<value>\n" (POSIX pax, "pax Extended Header"): the length counts bytes,
 * so records are cut from the bytes and only then is each key and value decoded as UTF-8.
 */
function paxRecords(bytes: Uint8Array): Map<string, string> {
  const records = new Map<string, string>();
  const text = (part: Uint8Array): string => Buffer.from(part).toString('utf8');
  let at = 0;
  while (at < bytes.length) {
    const space = bytes.indexOf(0x20, at);
    // a length of 20 digits is already far past MAX_META_BYTES
    if (space === -1 || space - at > 20) break;
    const digits = text(bytes.subarray(at, space));
    const length = /^\d+$/.test(digits) ? Number(digits) : NaN;
    if (!Number.isSafeInteger(length) || length <= space - at + 1 || at + length > bytes.length) break;
    const record = bytes.subarray(space + 1, at + length - 1); // without its closing newline
    const equals = record.indexOf(0x3d);
    if (equals > 0) records.set(text(record.subarray(0, equals)), text(record.subarray(equals + 1)));
    at += length;
  }
  return records;
}

/** What the caller does with a member: keep its bytes (up to the per-file limit) or skip them. */
export type MemberChoice = 'keep' | 'skip';

export interface ArchiveReadOptions {
  limits: ArchiveLimits;
  /** Called for every member; only 'keep' members are read into memory. */
  choose(member: ArchiveMember): MemberChoice;
  /**
   * A kept member and its bytes (or null when it was over the per-file limit). `isCutShort`: the
   * archive ended, or reading it stopped, inside the member, and `body` is the part before that.
   */
  onMember(member: ArchiveMember, body: Uint8Array | null, isCutShort?: boolean): void;
  onEvent(event: ArchiveEvent): void;
}

// pax and GNU meta headers are small; a larger one is hostile
const MAX_META_BYTES = 1024 * 1024;

/** Streams a tarball's members to `options`; never throws (failures become events). */
export async function readArchive(path: string, compression: Compression, options: ArchiveReadOptions): Promise<void> {
  const { limits } = options;
  const counter = { compressed: 0 };
  let stopped = false;
  const onPull = (pulled: number): boolean => {
    if (compression !== 'none' && pulled > limits.maxTotalBytes) {
      options.onEvent({ kind: 'total-limit', bytes: pulled, isKept: false });
      stopped = true;
      return false;
    }
    if (compression !== 'none' && pulled >= limits.ratioAfterBytes && counter.compressed > 0) {
      const ratio = pulled / counter.compressed;
      if (ratio > limits.maxRatio) {
        options.onEvent({ kind: 'bomb', decompressed: pulled, compressed: counter.compressed, ratio });
        stopped = true;
        return false;
      }
    }
    return true;
  };
  const source = decompressedChunks(path, compression, counter);
  const reader = new ByteReader(source, onPull);
  let current: string | null = null;
  let kept = 0;
  // the input ended inside the archive: a decompression error says so, a limit said so already
  const endedEarly = (member: string | null): void => {
    if (reader.failure !== null) {
      const message = reader.failure instanceof Error ? reader.failure.message : String(reader.failure);
      options.onEvent({ kind: 'decompress-failed', message, decompressed: reader.pulled, member });
    } else if (!stopped) {
      options.onEvent({ kind: 'truncated', member });
    }
  };
  try {
    let pax = new Map<string, string>();
    let longName: string | null = null;
    let longLink: string | null = null;
    for (;;) {
      // the header's own place: reader.pulled also counts the chunks read ahead of it
      const at = reader.position;
      const header = await reader.read(512);
      if (header.length < 512) {
        if (header.length > 0 || reader.failure !== null) endedEarly(current);
        break;
      }
      if (header.every((byte) => byte === 0)) break; // end-of-archive blocks
      if (!checksumOk(header)) {
        options.onEvent({ kind: 'corrupt', message: `a tar header with a bad checksum at byte ${at}` });
        break;
      }
      const size = tarNumber(header.subarray(124, 136));
      if (size === null) {
        options.onEvent({ kind: 'corrupt', message: `a tar header with an unreadable size at byte ${at}` });
        break;
      }
      const padded = Math.ceil(size / 512) * 512;
      const flag = String.fromCharCode(header[156] as number);
      if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
        if (size > MAX_META_BYTES) {
          options.onEvent({ kind: 'corrupt', message: `a ${size}-byte tar meta header (pax or GNU long name)` });
          break;
        }
        const body = await reader.read(padded);
        if (body.length < padded) {
          endedEarly(current);
          break;
        }
        const data = body.subarray(0, size);
        if (flag === 'x') pax = paxRecords(data);
        else if (flag === 'L') longName = cString(data);
        else if (flag === 'K') longLink = cString(data);
        continue; // 'g' (global pax) carries nothing we use
      }
      // only POSIX ustar ("ustar\0", version "00") has a name prefix at 345; GNU's "ustar  \0"
      // keeps its atime and ctime there (tar -g, --atime-preserve), which are no directory
      const shortName = cString(header.subarray(0, 100));
      const prefix = isPosixUstar(header) ? cString(header.subarray(345, 500)) : '';
      const name = pax.get('path') ?? longName ?? (prefix ? `${prefix}/${shortName}` : shortName);
      const linkname = pax.get('linkpath') ?? longLink ?? cString(header.subarray(157, 257));
      const paxSize = pax.has('size') ? Number(pax.get('size')) : null;
      const realSize = paxSize !== null && Number.isSafeInteger(paxSize) && paxSize >= 0 ? paxSize : size;
      const realPadded = Math.ceil(realSize / 512) * 512;
      pax = new Map();
      longName = null;
      longLink = null;
      const member: ArchiveMember = { name, type: TYPES.get(flag) ?? 'other', typeFlag: flag, size: realSize, linkname };
      current = name;
      const wanted = options.choose(member) === 'keep' && member.type === 'file';
      const keep = wanted && realSize <= limits.maxFileBytes;
      if (keep && compression === 'none') {
        kept += realSize;
        if (kept > limits.maxTotalBytes) {
          options.onEvent({ kind: 'total-limit', bytes: kept, isKept: true });
          break;
        }
      }
      if (wanted && !keep) options.onMember(member, null);
      if (keep) {
        const body = await reader.read(realPadded);
        if (body.length < realPadded) {
          // what was read of it is kept, marked cut short (tar keeps it too, and says so)
          if (body.length > 0 && body.length < realSize) options.onMember(member, body, true);
          else if (body.length >= realSize) options.onMember(member, body.subarray(0, realSize));
          endedEarly(name);
          break;
        }
        options.onMember(member, body.subarray(0, realSize));
      } else if (realPadded > 0) {
        const skipped = await reader.skip(realPadded);
        if (skipped < realPadded) {
          endedEarly(name);
          break;
        }
      }
      current = null;
    }
  } catch (error) {
    options.onEvent({ kind: 'decompress-failed', message: error instanceof Error ? error.message : String(error), decompressed: reader.pulled, member: current });
  } finally {
    await source.return(undefined).catch(() => undefined);
  }
}
