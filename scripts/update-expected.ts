// Writes X.expected.json beside each corpus capture of the given formats (all when none given)
// from the current parser. Review every diff before committing: expected files are assertions.
import { writeFileSync } from 'node:fs';
import { captures } from '../test/support/corpus';
import { parse } from '../src/formats/registry';

const only = new Set(process.argv.slice(2));
let written = 0;
for (const capture of captures()) {
  if (only.size > 0 && !only.has(capture.format)) continue;
  const result = parse(capture.format, capture.text);
  if (result.diagnostics.some((d) => d.code === 'unknown-format')) continue;
  writeFileSync(capture.expectedFile, `${JSON.stringify(result, null, 1)}\n`);
  written++;
}
console.log(`wrote ${written} expected files`);
