// parseFile reads a regular file only, and at most maxBytes of it: a FIFO hung it, /dev/zero ran it
// out of string length.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseFile } from '../node';

const dir = mkdtempSync(join(tmpdir(), 'netsift-parse-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROUTE = 'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n0.0.0.0         10.0.0.1        0.0.0.0         UG    0      0        0 eth0\n';

describe('parseFile', () => {
  it('parses a regular file as the format asked, or as sniffed', async () => {
    const path = join(dir, 'route.txt');
    writeFileSync(path, ROUTE);
    expect((await parseFile('route-n', path)).records).toHaveLength(1);
    expect(await parseFile('auto', path)).toMatchObject({ format: 'route-n', diagnostics: [] });
  });

  it('refuses a FIFO without waiting for a writer', async () => {
    const fifo = join(dir, 'fifo');
    const made = spawnSync('mkfifo', [fifo]);
    expect(made.status).toBe(0);
    await expect(parseFile('auto', fifo)).rejects.toThrow(`parseFile: ${fifo} is not a regular file (fifo); it was not read.`);
  });

  it('refuses a device (/dev/zero never ends) and a directory', async () => {
    await expect(parseFile('auto', '/dev/zero')).rejects.toThrow('parseFile: /dev/zero is not a regular file (character device); it was not read.');
    await expect(parseFile('auto', dir)).rejects.toThrow(`parseFile: ${dir} is not a regular file (directory); it was not read.`);
  });

  it('refuses a file larger than maxBytes, and reads one of exactly maxBytes', async () => {
    const path = join(dir, 'big.txt');
    writeFileSync(path, ROUTE);
    await expect(parseFile('route-n', path, { maxBytes: ROUTE.length - 1 })).rejects.toThrow(
      `parseFile: ${path} is ${ROUTE.length} bytes, more than the ${ROUTE.length - 1} it reads; it was not read.`);
    expect((await parseFile('route-n', path, { maxBytes: ROUTE.length })).records).toHaveLength(1);
  });

  it('reads a file that says it is empty (procfs) up to its end', async () => {
    const path = '/proc/self/mountinfo';
    const text = readFileSync(path, 'utf8');
    expect(text.length).toBeGreaterThan(0);
    expect(await parseFile('ip-route', path)).toEqual(parse('ip-route', text));
  });
});
