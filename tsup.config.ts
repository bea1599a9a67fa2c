import { defineConfig } from 'tsup';

const CLI_BANNER = "#!/usr/bin/env node\nimport { createRequire as __netsiftRequire } from 'node:module';\nconst require = __netsiftRequire(import.meta.url);";

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
    // CommonJS split too: index.cjs and node.cjs require one shared chunk, as the ESM entries import
    // theirs, so require('netsift/node').PackedRule is require('netsift').PackedRule (each bundled a
    // copy of the core, and a rule from one failed instanceof against the other's class)
    splitting: true,
    shims: true,
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    // commander is CommonJS and requires node built-ins: give the ESM bundle a require()
    banner: { js: CLI_BANNER },
    sourcemap: true,
    // self-contained (no node_modules at run time) but split, so start-up compiles and runs only what
    // the command needs: cli.js holds commander and the format ids, `parse <format>` imports that
    // format's parser from dist/cli/, `parse auto` the sniffers first
    noExternal: [/.*/],
    splitting: true,
    esbuildOptions(options) {
      options.chunkNames = 'cli/[name]-[hash]';
    },
    // split, diagnose and trace need nearly everything: ./commands is one file of its own (below),
    // since loading the pipeline as dozens of chunks costs more than parsing one bundle
    esbuildPlugins: [{
      name: 'cli-commands',
      setup(build) {
        build.onResolve({ filter: /^\.\/commands$/ }, () => ({ path: './cli/commands.js', external: true }));
      },
    }],
    minify: true,
  },
  {
    entry: { 'cli/commands': 'src/cli/commands.ts' },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    banner: { js: CLI_BANNER },
    sourcemap: true,
    noExternal: [/.*/],
    minify: true,
  },
]);
