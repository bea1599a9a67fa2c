// Every registered format has its page, and the page's schema block is what the zod schema generates.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formats } from '../src/formats/registry';
import { schemaBlock } from '../scripts/format-docs';
import { reportSchemaBlock } from '../scripts/report-docs';

const root = join(__dirname, '..');

describe('docs/formats', () => {
  for (const format of formats) {
    it(`${format.id}.md exists, names its commands, and carries the current schema`, () => {
      const path = join(__dirname, '..', 'docs', 'formats', `${format.id}.md`);
      expect(existsSync(path), `${path} (npm run docs)`).toBe(true);
      const page = readFileSync(path, 'utf8');
      expect(page).toContain(schemaBlock(format));
      expect(page).toContain('## Example');
      for (const command of format.commands) expect(page).toContain(command);
    });
  }
});

describe('docs/report.md', () => {
  it('carries the current JSON Schema of the report and the trace', () => {
    expect(readFileSync(join(__dirname, '../docs/report.md'), 'utf8')).toContain(reportSchemaBlock());
  });
});

describe('functions the docs name', () => {
  // a manual page (`script(1)`, `iptables(8)`) is no call; named with their source file as internals (README's "How it is built", nft-ruleset.md's model
  // notes), or not netsift's at all (iproute2's matches(), C's FILE, Array push, a format's print)
  const internal = new Set(['forEachUnit', 'iptablesFromNft', 'parseNftStatements', 'FILE', 'matches', 'push', 'print']);

  it('are exported by netsift or netsift/node: every `name(` in README.md and docs/', async () => {
    const api = { ...(await import('../src/index')), ...(await import('../src/node')) } as Record<string, unknown>;
    const pages = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
      ...readdirSync(join(root, 'docs/formats')).map((f) => `docs/formats/${f}`), ...readdirSync(join(root, 'docs/rules'), { recursive: true })
        .map(String).filter((f) => f.endsWith('.md')).map((f) => `docs/rules/${f}`)];
    const named = new Set<string>();
    for (const page of pages) for (const match of readFileSync(join(root, page), 'utf8').matchAll(/`([A-Za-z]\w*)\((?!\d\))/g)) named.add(match[1] as string);
    expect(named.size).toBeGreaterThan(20);
    expect([...named].filter((name) => !internal.has(name) && typeof api[name] !== 'function').sort()).toEqual([]);
  });
});
