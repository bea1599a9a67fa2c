import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { totalmem } from 'node:os';
import { inputBytes, largeHeapArgs, largeHeapFlags } from './heap';

const root = join(__dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'netsift-heap-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
mkdirSync(join(scratch, 'report', 'sos_commands'), { recursive: true });
writeFileSync(join(scratch, 'report', 'sos_commands', 'a'), 'x'.repeat(1000));
writeFileSync(join(scratch, 'report', 'b'), 'y'.repeat(500));
writeFileSync(join(scratch, 'paste.txt'), 'z'.repeat(100));

describe('inputBytes', () => {
  it('adds up files and walks directories, ignoring what is no path', () => {
    expect(inputBytes([join(scratch, 'report'), join(scratch, 'paste.txt'), '-', 'text', join(scratch, 'missing')], 10_000)).toBe(1600);
  });
  it('follows no symlink inside a directory (a loop ends)', () => {
    symlinkSync('..', join(scratch, 'report', 'sos_commands', 'loop'));
    expect(inputBytes([join(scratch, 'report')], 10_000)).toBe(1500);
    rmSync(join(scratch, 'report', 'sos_commands', 'loop'));
  });

  it('stops once past the limit', () => {
    expect(inputBytes([join(scratch, 'report'), join(scratch, 'paste.txt')], 999)).toBeGreaterThan(999);
  });
});

describe('largeHeapArgs', () => {
  const paste = join(scratch, 'paste.txt');
  it('runs diagnose and trace of a large input again with a 64 MB semi-space and 3/4 of the memory', () => {
    const args = largeHeapArgs(['diagnose', '--format', 'json', paste], { NETSIFT_LARGE_INPUT_BYTES: '50' }, ['--enable-source-maps'], '/x/cli.js');
    expect(args).toEqual([...largeHeapFlags(totalmem(), 100), '--enable-source-maps', '/x/cli.js', 'diagnose', '--format', 'json', paste]);
    expect(largeHeapArgs(['trace', paste, '--to', '10.0.0.1'], { NETSIFT_LARGE_INPUT_BYTES: '50' }, [], '/x/cli.js')).not.toBeNull();
    expect(largeHeapFlags(16 * 1024 ** 3)).toEqual(['--max-semi-space-size=64', '--max-old-space-size=12288']);
    expect(largeHeapFlags(2 * 1024 ** 3)).toEqual(['--max-semi-space-size=64', '--max-old-space-size=4096']);
    // the old space starts as large as the input's heap will grow (8 bytes a byte), up to its maximum
    expect(largeHeapFlags(16 * 1024 ** 3, 400 * 1024 ** 2)).toEqual(['--max-semi-space-size=64', '--max-old-space-size=12288', '--initial-old-space-size=3200']);
    expect(largeHeapFlags(16 * 1024 ** 3, 3 * 1024 ** 3)).toEqual(['--max-semi-space-size=64', '--max-old-space-size=12288', '--initial-old-space-size=12288']);
  });
  it('stays in this process for small inputs, other commands, the second process and heap flags given to node', () => {
    expect(largeHeapArgs(['diagnose', paste], {}, [], '/x/cli.js')).toBeNull();
    expect(largeHeapArgs(['parse', 'auto', paste], { NETSIFT_LARGE_INPUT_BYTES: '0' }, [], '/x/cli.js')).toBeNull();
    expect(largeHeapArgs(['diagnose', paste], { NETSIFT_LARGE_INPUT_BYTES: '0', NETSIFT_SINGLE_PROCESS: '1' }, [], '/x/cli.js')).toBeNull();
    expect(largeHeapArgs(['diagnose', paste], { NETSIFT_LARGE_INPUT_BYTES: '0' }, ['--max-old-space-size=8000'], '/x/cli.js')).toBeNull();
    expect(largeHeapArgs(['diagnose', paste], { NETSIFT_LARGE_INPUT_BYTES: '0' }, ['--initial-old-space-size=8000'], '/x/cli.js')).toBeNull();
    expect(largeHeapArgs(['diagnose', '-'], { NETSIFT_LARGE_INPUT_BYTES: '0' }, [], '/x/cli.js')).toBeNull();
  });
});

describe('netsift diagnose in a second process', () => {
  const run = (env: Record<string, string>) => spawnSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'src', 'cli', 'main.ts'), 'diagnose', 'corpus/incidents/seed/000_8ab8108d44c964dc.txt'], {
    cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', ...env },
  });
  it('prints what one process prints and exits with its code', () => {
    const twice = run({ NETSIFT_LARGE_INPUT_BYTES: '0' });
    const once = run({ NETSIFT_SINGLE_PROCESS: '1' });
    expect(once.status).toBe(1);
    expect([twice.status, twice.stdout, twice.stderr]).toEqual([once.status, once.stdout, once.stderr]);
    expect(once.stdout).toContain('overlay/address-conflict on host188');
  });
});
