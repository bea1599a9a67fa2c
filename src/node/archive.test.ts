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
import { paxBody, tar, xzStored, type TarEntry } from '../../test/support/tarball';

const scratch = mkdtempSync(join(tmpdir(), 'netsift-archive-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const hasBzip2 = (() => {
  try {
    execFileSync('bzip2', ['--help'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function write(name: string, data: Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, data);
  return path;
}

interface Read { members: { member: ArchiveMember; body: string | null }[]; events: ArchiveEvent[] }

async function read(path: string, compression: Compression, limits: Partial<ArchiveLimits> = {}): Promise<Read> {
  const out: Read = { members: [], events: [] };
  await readArchive(path, compression, {
    limits: { ...DEFAULT_ARCHIVE_LIMITS, ...limits },
    choose: (member) => {
      if (member.type !== 'file') out.members.push({ member, body: null });
      return 'keep';
    },
    onMember: (member, body) => out.members.push({ member, body: body === null ? null : Buffer.from(body).toString('latin1') }),
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
