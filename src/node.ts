// netsift's node-only API: reading captures from files, and sos reports (directories and tarballs).
import { readFile } from 'node:fs/promises';
import { parse } from './formats/registry';
import type { FormatId, Parsed } from './formats/format';

export * from './index';
export { ingestPath } from './node/sos';
export type { IngestPathOptions } from './node/sos';
export { diagnosePaths, diagnoseBundle, parseSections } from './node/diagnose';
export type { DiagnosePathsOptions } from './node/diagnose';
export { DEFAULT_ARCHIVE_LIMITS } from './node/archive';
export type { ArchiveLimits } from './node/archive';
export {
  classifySosFile, mangleSosCommand, hostFromReportName, SOS_COMMANDS, SOS_NETNS_COMMANDS, SOS_COPIED_FILES,
  SOS_JOURNALS, SOS_HOSTNAME_FILES,
} from './ingest/sos-files';
export type { SosFile, SosCommandEntry } from './ingest/sos-files';

/** Reads a file (UTF-8; invalid bytes become U+FFFD) and parses it as `format` ("auto" sniffs). */
export async function parseFile(format: FormatId | 'auto', path: string): Promise<Parsed<unknown>> {
  const text = await readFile(path, 'utf8');
  return parse(format, text);
}
