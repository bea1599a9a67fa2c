import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts', node: 'src/node.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    platform: 'neutral',
    external: ['node:*'],
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    // commander is CommonJS and requires node built-ins: give the ESM bundle a require()
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __netsiftRequire } from 'node:module';\nconst require = __netsiftRequire(import.meta.url);" },
    sourcemap: true,
    // one self-contained file: resolving dozens of dependency modules at start-up costs more than parsing one
    noExternal: [/.*/],
    minify: true,
  },
]);
