// Regenerates the JSON Schema block of every docs/formats/<id>.md from the zod schemas.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formats } from '../src/formats/registry';
import { withSchema } from './format-docs';
import { withReportSchema } from './report-docs';

for (const format of formats) {
  const path = join(import.meta.dirname ?? '.', '..', 'docs', 'formats', `${format.id}.md`);
  const page = existsSync(path) ? readFileSync(path, 'utf8') : `# ${format.id}: ${format.title}\n`;
  writeFileSync(path, withSchema(page, format));
  console.log(`docs/formats/${format.id}.md`);
}

const reportPage = join(import.meta.dirname ?? '.', '..', 'docs', 'report.md');
writeFileSync(reportPage, withReportSchema(readFileSync(reportPage, 'utf8')));
console.log('docs/report.md');
