// readArchive on synthetic tarballs written by test/support/tarball.ts: stopping early on every
// compression, and the tar header layouts (ustar, pax, GNU) it must tell apart.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ARCHIVE_LIMITS, readArchive, type ArchiveEvent, type ArchiveLimits, type ArchiveMember, type Compression } from './archive';
import { hasBzip2, paxBody, tar, xzStored, type TarEntry } from '../../test/support/tarball';

const scratch = mkdtempSync(join(tmpdir(), 'netsift-archive-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));


function write(name: string, data: Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, data);
  return path;
}

interface Read { members: { member: ArchiveMember; body: string | null; isCutShort?: boolean }[]; events: ArchiveEvent[] }

async function read(path: string, compression: Compression, limits: Partial<ArchiveLimits> = {}): Promise<Read> {
  const out: Read = { members: [], events: [] };
  await readArchive(path, compression, {
    limits: { ...DEFAULT_ARCHIVE_LIMITS, ...limits },
    choose: (member) => {
      if (member.type !== 'file') out.members.push({ member, body: null });
      return 'keep';
    },
    onMember: (member, body, isCutShort) => out.members.push({
      member, body: body === null ? null : Buffer.from(body).toString('latin1'), ...(isCutShort ? { isCutShort } : {}),
    }),
    onEvent: (event) => out.events.push(event),
  });
  return out;
}

type Compressor = [Compression, string, (data: Buffer) => Buffer];
const bzip2: Compressor = ['bzip2', 'tar.bz2', (data) => execFileSync('bzip2', ['-c', '-1'], { input: data, maxBuffer: 64 * 1024 ** 2 })];
const compressors: Compressor[] = [
  ['none', 'tar', (data) => data],
  ['gzip', 'tar.gz', (data) => gzipSync(data, { level: 1 })],
  ['xz', 'tar.xz', (data) => xzStored(data)],
  ...(hasBzip2 ? [bzip2] : []),
];

describe('stopping early', () => {
  // random bytes do not compress: the compressed file is read in several chunks, and the stop
  // lands between them (an xz read stopped so used to kill the process from node's Readable.toWeb)
  const members: TarEntry[] = Array.from({ length: 4 }, (_, i) => ({ name: `sosreport-r/var/junk${i}`, body: randomBytes(400 * 1024) }));
  const plain = tar([...members, { name: 'sosreport-r/hostname', body: 'r\n' }]);
  for (const [compression, extension, compress] of compressors) {
    it(`stops a ${extension} at 80 points without an unhandled error, and reads it whole after`, async () => {
      const path = write(`random.${extension}`, compress(plain));
      for (let i = 0; i < 80; i++) {
        const stopped = await read(path, compression, { maxTotalBytes: 1000 + i * 20011 });
        expect(stopped.events.map((event) => event.kind)).toEqual(['total-limit']);
      }
      const whole = await read(path, compression);
      expect(whole.events).toEqual([]);
      expect(whole.members.map(({ member }) => member.name)).toEqual([...members.map((m) => m.name), 'sosreport-r/hostname']);
      await new Promise((resolve) => setTimeout(resolve, 100)); // a late error of a stopped read lands here
    });
  }
});

describe('pax extended headers', () => {
  it('cut records by their length in bytes: a name with multibyte UTF-8 reads whole', async () => {
    const names = ['sosreport-nœud1/hostname', 'sosreport-nœud1/sos_commands/networking/ip_-o_addr', 'sosreport-ノード/hostname'];
    const entries = names.flatMap((name): TarEntry[] => [
      { name: 'PaxHeaders/x', type: 'x', body: paxBody({ path: name, mtime: '1764235740.5' }) },
      { name: name.replace(/[^\x20-\x7e]/g, '_'), body: 'n1\n' },
    ]);
    const got = await read(write('pax-utf8.tar', tar(entries)), 'none');
    expect(got.events).toEqual([]);
    expect(got.members.map(({ member }) => member.name)).toEqual(names);
  });
});

describe('ustar and GNU headers', () => {
  it('joins the POSIX ustar prefix to the name; never GNU\'s atime and ctime at the same bytes', async () => {
    const got = await read(write('prefix.tar', tar([
      { name: 'sos_commands/host/hostname', prefix: 'sosreport-posix', body: 'posix\n' },
      // tar --format=gnu -g (or --atime-preserve) writes atime and ctime in octal at 345 and 357
      { name: 'sosreport-gnu/', type: 'D', magic: 'gnu', prefix: '15302161401\u000015302161401', body: 'Dsos_commands\u0000\u0000' },
      { name: 'sosreport-gnu/sos_commands/host/hostname', magic: 'gnu', prefix: '15302161401\u000015302161401', body: 'gnu\n' },
    ])), 'none');
    expect(got.events).toEqual([]);
    expect(got.members.map(({ member, body }) => [member.name, member.type, body])).toEqual([
      ['sosreport-posix/sos_commands/host/hostname', 'file', 'posix\n'],
      ['sosreport-gnu/', 'directory', null],
      ['sosreport-gnu/sos_commands/host/hostname', 'file', 'gnu\n'],
    ]);
  });
});

describe('an archive that breaks off', () => {
  // incompressible members, so a cut in the compressed file falls inside the fifth or sixth
  const members: TarEntry[] = Array.from({ length: 6 }, (_, i) => ({ name: `sosreport-r/var/junk${i}`, body: randomBytes(20_000) }));
  const plain = tar(members);
  const latin1 = (entry: TarEntry): string => Buffer.from(entry.body as Uint8Array).toString('latin1');

  function expectKeptUpToTheBreak(got: Read): void {
    const cutShort = got.members.at(-1);
    expect(cutShort?.isCutShort).toBe(true);
    const whole = got.members.slice(0, -1);
    expect(whole.length).toBeGreaterThanOrEqual(3);
    whole.forEach(({ member, body, isCutShort }, i) => {
      expect([member.name, isCutShort, body === latin1(members[i] as TarEntry)]).toEqual([members[i]?.name, undefined, true]);
    });
    const original = latin1(members[whole.length] as TarEntry);
    expect(cutShort?.member.name).toBe(members[whole.length]?.name);
    expect(original.startsWith(cutShort?.body ?? 'no body')).toBe(true);
    expect(got.events).toEqual([expect.objectContaining({ kind: 'decompress-failed', member: cutShort?.member.name })]);
  }

  it('keeps the members a truncated .tar.gz decoded before its end, the last one cut short', async () => {
    const gz = gzipSync(plain, { level: 1 });
    expectKeptUpToTheBreak(await read(write('cut.tar.gz', gz.subarray(0, Math.floor(gz.length * 0.75))), 'gzip'));
  });

  it('keeps the members a truncated .tar.xz decoded before its end, the last one cut short', async () => {
    const xz = xzStored(plain);
    expectKeptUpToTheBreak(await read(write('cut.tar.xz', xz.subarray(0, Math.floor(xz.length * 0.75))), 'xz'));
  });

  it('keeps the members a corrupt .tar.xz decoded before the corrupt block', async () => {
    const xz = Buffer.from(xzStored(plain));
    // the control byte of the stored LZMA2 chunk at 64 KiB (after the 12-byte stream header, the
    // 12-byte block header and one chunk of 3 + 65536 bytes) made 0x03, which no LZMA2 chunk starts with
    xz[12 + 12 + 3 + 65536] = 0x03;
    const got = await read(write('corrupt.tar.xz', xz), 'xz');
    expectKeptUpToTheBreak(got);
    expect(got.events).toEqual([expect.objectContaining({ message: 'corrupt xz data', decompressed: 65536 })]);
  });

  it('says the decoder\'s dictionary limit where xz says "error code 4"', async () => {
    // dictionary byte 29: 96 MiB, over the decoder's 64 MiB (byte 28 reads)
    const got = await read(write('dict96.tar.xz', xzStored(tar([{ name: 'sosreport-r/hostname', body: 'r\n' }]), 29)), 'xz');
    expect(got.events).toEqual([{
      kind: 'decompress-failed', decompressed: 0, member: null,
      message: 'an xz dictionary larger than 64 MiB, more than netsift\'s xz decoder takes: recompress it with xz -9 or less, or extract it and pass the directory',
    }]);
    const fine = await read(write('dict64.tar.xz', xzStored(tar([{ name: 'sosreport-r/hostname', body: 'r\n' }]), 28)), 'xz');
    expect(fine.members.map(({ body }) => body)).toEqual(['r\n']);
  });
});

describe('where a broken header is', () => {
  it('names the byte a header with a bad checksum starts at, not how far the reader read ahead', async () => {
    const plain = tar([
      { name: 'sosreport-r/hostname', body: 'r\n' },
      { name: 'sosreport-r/var/junk', body: randomBytes(300_000) },
      { name: 'sosreport-r/sos_commands/networking/route_-n', body: 'x\n' },
      { name: 'sosreport-r/sos_commands/networking/ip_-o_addr', body: 'y\n' },
    ]);
    const third = 512 + 512 + 512 + 300_032; // hostname's header and block, junk's header and 586 blocks
    plain[third] = 0x5f; // its name changed, its checksum not
    for (const [compression, extension, compress] of compressors.filter(([c]) => c !== 'bzip2')) {
      const got = await read(write(`bad-checksum.${extension}`, compress(plain)), compression);
      expect(got.events).toEqual([{ kind: 'corrupt', message: `a tar header with a bad checksum at byte ${third}` }]);
      expect(got.members.map(({ member }) => member.name)).toEqual(['sosreport-r/hostname', 'sosreport-r/var/junk']);
    }
  });
});
