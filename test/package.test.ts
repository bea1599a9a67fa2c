// What the published package holds: the library entries as tsup.config.ts builds them (into a
// temporary directory, never over dist/), read the way a consumer reads them.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Options } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../tsup.config';

const root = resolve(__dirname, '..');
let out = '';

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'netsift-package-'));
  const library = (config as Options[])[0] as Options;
  await build({ ...library, config: false, silent: true, outDir: out, tsconfig: join(root, 'tsconfig.json') });
}, 180_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

const declarations = (): string[] => readdirSync(out).filter((name) => /\.d\.c?ts$/.test(name));

describe('published declarations', () => {
  it('are built for both entries and both module kinds', () => {
    expect(declarations().sort()).toEqual(['index.d.cts', 'index.d.ts', 'node.d.cts', 'node.d.ts']);
  });

  it('import nothing from moo or nearley (their types are devDependencies: a consumer has none)', () => {
    for (const name of declarations()) {
      const text = readFileSync(join(out, name), 'utf8');
      const imports = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)].map((match) => match[1]);
      expect(imports.filter((spec) => spec === 'moo' || spec === 'nearley' || spec?.startsWith('@types/')), name).toEqual([]);
      expect(text, name).not.toMatch(/from 'moo'|from 'nearley'|import\('(?:moo|nearley)'\)/);
    }
  });
});

describe('package.json', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    types: string; typesVersions: Record<string, Record<string, string[]>>; exports: Record<string, { import: { types: string } }>;
  };
  it('points legacy resolution (moduleResolution node, which ignores exports) at the declarations of netsift/node', () => {
    expect(pkg.types).toBe(pkg.exports['.']?.import.types);
    expect(pkg.typesVersions).toEqual({ '*': { node: [pkg.exports['./node']?.import.types] } });
  });
});
