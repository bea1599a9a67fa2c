// netsift's node-only API: reading captures from files. Archives and sos reports come later (issue #5).
import { readFile } from 'node:fs/promises';
import { parse } from './formats/registry';
import type { FormatId, Parsed } from './formats/format';

export * from './index';

/** Reads a file (UTF-8; invalid bytes become U+FFFD) and parses it as `format` ("auto" sniffs). */
export async function parseFile(format: FormatId | 'auto', path: string): Promise<Parsed<unknown>> {
  const text = await readFile(path, 'utf8');
  return parse(format, text);
}
