// Compiles grammars/<format>.ne with nearleyc into src/formats/<format>/grammar.gen.ts.
// Generated files are never edited or committed; any nearleyc warning fails the build.
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync, writeFileSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nearleyc = join(root, 'node_modules', 'nearley', 'bin', 'nearleyc.js');
let failed = false;
// Optional arguments name the formats to compile (default: all).
const only = new Set(process.argv.slice(2));
// grammars/include/*.ne are pieces several grammars @include: a change there recompiles them all
const includeDir = join(root, 'grammars', 'include');
const newestInclude = existsSync(includeDir)
  ? Math.max(0, ...readdirSync(includeDir).filter((name) => name.endsWith('.ne')).map((name) => statSync(join(includeDir, name)).mtimeMs))
  : 0;
for (const file of readdirSync(join(root, 'grammars')).filter((name) => name.endsWith('.ne')).sort()) {
  if (only.size > 0 && !only.has(file.slice(0, -3))) continue;
  const format = file.slice(0, -3);
  const outDir = join(root, 'src', 'formats', format);
  if (!existsSync(outDir)) {
    console.error(`grammars/${file}: no module src/formats/${format}/`);
    failed = true;
    continue;
  }
  const source = join(root, 'grammars', file);
  const out = join(outDir, 'grammar.gen.ts');
  if (existsSync(out) && statSync(out).mtimeMs > Math.max(statSync(source).mtimeMs, newestInclude)) continue;
  const result = spawnSync(process.execPath, [nearleyc, source], { encoding: 'utf8' });
  if (result.status !== 0 || result.stderr.trim() !== '') {
    console.error(`grammars/${file}: ${result.stderr || `nearleyc exited with ${result.status}`}`);
    failed = true;
    continue;
  }
  // nearleyc's TypeScript output declares unused helpers; keep the generated file out of lint and strict checks
  writeFileSync(out, `// @ts-nocheck\n/* eslint-disable */\n${result.stdout}`);
}
if (failed) process.exit(1);
