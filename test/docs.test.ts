// Every registered format has its page, and the page's schema block is what the zod schema generates.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formats } from '../src/formats/registry';
import { schemaBlock } from '../scripts/format-docs';
import { reportSchemaBlock } from '../scripts/report-docs';

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
