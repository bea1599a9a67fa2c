// The floor: plain JS reading a file and splitting it into lines and whitespace fields.
// Run as a whole process (node bench/floor.mjs FILE) or imported for the in-process floor.
import { readFileSync } from 'node:fs';

export function splitFloor(text) {
  let fields = 0;
  const lines = text.split('\n');
  for (const line of lines) fields += line.split(/\s+/).length;
  return { lines: lines.length, fields };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const result = splitFloor(readFileSync(process.argv[2], 'utf8'));
  process.stdout.write(`${result.lines} ${result.fields}\n`);
}
