// Finds corpus captures: lab captures (corpus/captures/<format>/*.txt, described by
// corpus/captures/manifest.json) and peer captures copied into corpus/peer/<format>/.
// Each capture X.txt has its reviewed expected parse beside it as X.expected.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Capture {
  /** Path relative to the repository root. */
  file: string;
  format: string;
  origin: 'lab' | 'peer';
  text: string;
  expectedFile: string;
}

/** Lab captures made under a legacy locale carry their charset in the manifest (`encoding`). */
function encodings(): Map<string, string> {
  const path = join(ROOT, 'corpus/captures/manifest.json');
  const map = new Map<string, string>();
  if (!existsSync(path)) return map;
  for (const entry of JSON.parse(readFileSync(path, 'utf8')) as { file: string; encoding?: string }[]) {
    if (entry.encoding && entry.encoding.toLowerCase() !== 'utf-8') map.set(`corpus/captures/${entry.file}`, entry.encoding);
  }
  return map;
}

export function captures(format?: string): Capture[] {
  const out: Capture[] = [];
  const charsets = encodings();
  for (const [origin, dir] of [['lab', 'corpus/captures'], ['peer', 'corpus/peer']] as const) {
    const base = join(ROOT, dir);
    if (!existsSync(base)) continue;
    for (const dirent of readdirSync(base, { withFileTypes: true })) {
      const fmt = dirent.name;
      if (!dirent.isDirectory() || (format && fmt !== format)) continue;
      const folder = join(base, fmt);
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        if (!entry.isFile() || !entry.name.endsWith('.txt')) continue;
        const file = `${dir}/${fmt}/${entry.name}`;
        out.push({
          file, format: fmt, origin,
          // netsift reads strings; decoding bytes is the reader's job, as it is for a user's terminal
          text: new TextDecoder(charsets.get(file) ?? 'utf-8').decode(readFileSync(join(ROOT, file))),
          expectedFile: join(ROOT, file.replace(/\.txt$/, '.expected.json')),
        });
      }
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

export function readExpected(capture: Capture): unknown {
  return existsSync(capture.expectedFile) ? JSON.parse(readFileSync(capture.expectedFile, 'utf8')) : undefined;
}
