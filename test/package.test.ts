// What the published package holds: the library entries as tsup.config.ts builds them (into a
// temporary directory, never over dist/), read the way a consumer reads them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Options } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../tsup.config';

const root = resolve(__dirname, '..');
let out = '';

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'netsift-package-'));
  // the built files find their dependencies as an installed package would
  symlinkSync(join(root, 'node_modules'), join(out, 'node_modules'));
  for (const options of config as Options[]) {
    await build({ ...options, config: false, silent: true, outDir: join(out, 'dist'), tsconfig: join(root, 'tsconfig.json'), clean: false });
  }
}, 240_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

const dist = (): string => join(out, 'dist');
const declarations = (): string[] => readdirSync(dist()).filter((name) => /\.d\.c?ts$/.test(name));

describe('published declarations', () => {
  it('are built for both entries and both module kinds', () => {
    expect(declarations().sort()).toEqual(['index.d.cts', 'index.d.ts', 'node.d.cts', 'node.d.ts']);
  });

  it('import nothing from moo or nearley (their types are devDependencies: a consumer has none)', () => {
    for (const name of declarations()) {
      const text = readFileSync(join(dist(), name), 'utf8');
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

describe('published code', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const builtins = new Set(builtinModules);

  it('imports exactly the runtime dependencies (the CLI bundles commander and cli-progress: they are devDependencies)', () => {
    const imported = new Set<string>();
    const files = readdirSync(dist(), { recursive: true }).map(String).filter((name) => /\.c?js$/.test(name));
    for (const name of files) {
      const code = readFileSync(join(dist(), name), 'utf8');
      // a bare specifier after from, import( or require( (a package name: no blanks, no quotes)
      for (const match of code.matchAll(/(?:\bfrom|\bimport\s*\(|\brequire\s*\()\s*["']((?:@[\w.-]+\/)?[\w.-]+(?:\/[\w.-]+)*)["']/g)) {
        const spec = match[1] as string;
        if (spec.startsWith('.') || spec.startsWith('node:') || builtins.has(spec)) continue;
        imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string));
      }
    }
    expect([...imported].sort()).toEqual(Object.keys(pkg.dependencies).sort());
  });

  it('has one core for both CommonJS entries: require("netsift/node") classes are require("netsift")\'s', () => {
    const load = createRequire(join(out, 'package.json'));
    const core = load(join(dist(), 'index.cjs')) as Record<string, unknown>;
    const node = load(join(dist(), 'node.cjs')) as Record<string, unknown>;
    for (const name of ['PackedRule', 'PackedChain', 'RuleSet', 'NftRuleSet', 'SourceText', 'WalkBudget', 'SharedRuleParts', 'parse']) {
      expect(node[name], name).toBeDefined();
      expect(node[name], name).toBe(core[name]);
    }
  });

  it('ships no source maps (npm pack leaves dist/**/*.map out)', () => {
    const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
    expect(packed.status, packed.stderr).toBe(0);
    const [listing] = JSON.parse(packed.stdout) as [{ files: { path: string }[] }];
    expect(listing.files.map((f) => f.path)).toContain('README.md');
    expect(listing.files.filter((f) => f.path.endsWith('.map'))).toEqual([]);
  });
});
