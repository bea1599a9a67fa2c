// Enforces STYLE.md's import table: which room may import which, and that node: appears only
// in src/node.ts and src/cli/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
const src = join(root, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

function roomOf(path: string): string {
  const rel = relative(src, path).split('/');
  if (rel.length === 1) {
    const name = (rel[0] as string).replace(/\.ts$/, '');
    return name === 'node' ? 'node' : name === 'index' ? 'index' : name;
  }
  return rel[0] as string;
}

const ALLOWED: Record<string, string[]> = {
  core: ['core'],
  ingest: ['ingest', 'core', 'formats'],
  formats: ['formats', 'core'],
  model: ['model', 'core', 'formats'],
  analyze: ['analyze', 'model', 'core'],
  report: ['report', 'analyze', 'model', 'core'],
  index: ['core', 'formats', 'ingest', 'model', 'analyze', 'report'],
  node: ['*'],
  cli: ['*'],
};

function imports(text: string): string[] {
  const found: string[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*(?:import|export)\s[^'"]*from\s+'([^']+)'/.exec(line) ?? /^\s*import\s+'([^']+)'/.exec(line);
    if (match?.[1]) found.push(match[1]);
  }
  return found;
}

describe('room boundaries', () => {
  const all = files(src);
  it('finds the source files', () => {
    expect(all.length).toBeGreaterThan(5);
  });
  for (const file of all) {
    const room = roomOf(file);
    const rel = relative(root, file);
    it(`${rel} imports only what its room may`, () => {
      const allowed = ALLOWED[room];
      expect(allowed, `unknown room ${room}`).toBeDefined();
      for (const spec of imports(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('node:')) {
          expect(['node', 'cli'], `${rel} imports ${spec}`).toContain(room);
          continue;
        }
        if (!spec.startsWith('.')) continue; // packages: checked by the bundle, not here
        const target = roomOf(resolve(dirname(file), spec));
        if (allowed?.includes('*')) continue;
        expect(allowed, `${rel} (${room}) imports ${spec} (${target})`).toContain(target);
      }
    });
  }
  it('a format module imports no other format module', () => {
    for (const file of all.filter((f) => roomOf(f) === 'formats')) {
      const own = relative(join(src, 'formats'), file).split('/')[0];
      for (const spec of imports(readFileSync(file, 'utf8')).filter((s) => s.startsWith('.'))) {
        const target = relative(join(src, 'formats'), resolve(dirname(file), spec)).split('/')[0];
        // registry.ts and sniffers.ts list every format; engine/ and shared/ hold what several formats use (the line reader, one rule model for
        // every iptables listing); they are not formats themselves
        const shared = ['engine', 'shared', 'format', 'registry', '..'].some((name) => target === name || target?.startsWith('..'));
        if (own === 'engine' || own === 'shared' || own === 'format.ts' || own === 'registry.ts' || own === 'sniffers.ts' || shared) continue;
        expect(target, `${relative(root, file)} imports ${spec}`).toBe(own);
      }
    }
  });
});
