// readInput: a file or standard input, refused past a limit instead of read until memory runs out.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readInput } from './input';

const scratch = mkdtempSync(join(tmpdir(), 'netsift-input-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('readInput', () => {
  it('reads a file whole, in UTF-8', () => {
    const path = join(scratch, 'route');
    writeFileSync(path, 'Kernel IP routing table\nDestination \u2014 é\n');
    expect(readInput(path)).toBe('Kernel IP routing table\nDestination \u2014 é\n');
  });

  it('refuses a file over the limit, and a device that never ends, with EFBIG', () => {
    const path = join(scratch, 'big');
    writeFileSync(path, 'x'.repeat(5000));
    expect(() => readInput(path, 4096)).toThrow(expect.objectContaining({ code: 'EFBIG' }));
    expect(readInput(path, 5000)).toHaveLength(5000);
    expect(() => readInput('/dev/zero', 4 << 20)).toThrow(expect.objectContaining({ code: 'EFBIG' }));
    // a file that says it is empty (procfs) is read a chunk at a time, to the limit too
    expect(() => readInput('/proc/self/maps', 100)).toThrow(expect.objectContaining({ code: 'EFBIG' }));
    expect(readInput('/proc/self/maps')).toMatch(/^[0-9a-f]+-[0-9a-f]+ /);
  });
});
