// netsift's node-only API: reading captures from files, and sos reports (directories and tarballs).
export * from './index';
export { ingestPath } from './node/sos';
export { parseFile } from './node/read-file';
export type { ParseFileOptions } from './node/read-file';
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

