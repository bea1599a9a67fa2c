// Reads sos reports (a directory, or its .tar.xz/.tar.gz/.tar.bz2/.tar) into a Bundle: one host per
// report, one section per file that src/ingest/sos-files.ts knows. Nothing is extracted to disk,
// only the known files are read, and a hostile report costs diagnostics, never an exception.
import { lstat, open, readdir, realpath } from 'node:fs/promises';
import { constants } from 'node:fs';
import { basename, join, posix, resolve, sep } from 'node:path';
import type { Bundle, HostSections, Note, Section } from '../ingest/bundle';
import { failureReason, ingest, readFileFailure } from '../ingest';
import { append, decodeText, type Diagnostic, type DiagnosticCode, type Severity, type Span } from '../core';
import {
  classifySosFile, hostFromReportName, isSosHostnameFile, SOS_DIRECTORIES, SOS_HOSTNAME_FILES, type SosFile,
} from '../ingest/sos-files';
import { tablesShown } from '../formats/iptables-save';
import { isIPv4Listing, redundantTable } from '../model/build';
import { WARNING_MARK } from '../formats/shared/iptables/lexer';
import {
  DEFAULT_ARCHIVE_LIMITS, detectCompression, fileKind, readArchive, readHead, type ArchiveEvent, type ArchiveLimits,
  type ArchiveMember,
} from './archive';

export interface IngestPathOptions {
  /** Bounds on what one report may make netsift read; defaults: 2 GiB in all, 256 MiB a file, ratio 200. */
  limits?: Partial<ArchiveLimits>;
  /** Called after each input path is read: the CLI draws its progress bar from it. */
  onProgress?: (progress: { done: number; total: number; path: string }) => void;
  /**
   * Leave out the IPv4 iptables listings (`iptables -t nat -nvL`, `iptables -vnxL`, …) of a report
   * whose iptables-save shows the same table, with a note naming them: what `diagnose` with
   * records 'used' (buildModel's skipRedundant) would not read anyway. In a kube-proxy node's
   * report they are half of all text; left out, they are neither decoded nor kept. A listing that
   * shows a warning ("# Warning: iptables-legacy tables present…") is kept all the same.
   */
  skipRedundant?: boolean;
  /** The host of the captures (files of a directory that is no report) whose text and name name none. */
  host?: string;
}

/** A file read from a report: its path relative to the report's root, and its bytes. */
interface ReportFile {
  path: string;
  body: Uint8Array;
  /** The tarball ended (or reading it stopped) inside the file: its size as the tarball says. */
  cutShortOf?: number;
}

/** One report as read: its name, the directory name sos gave it, and the files netsift wants. */
interface CollectedReport {
  report: string;
  root: string;
  files: Map<string, ReportFile>;
}

const NO_SPAN: Span = { line: 1, column: 1, offset: 0, length: 0, text: '' };
// a hostile archive could hold thousands of bad members: name the first ones, count the rest
const MAX_MEMBER_DIAGNOSTICS = 50;

function diagnostic(code: DiagnosticCode, severity: Severity, message: string): Diagnostic {
  return { code, severity, message, span: NO_SPAN };
}

function bytes(count: number): string {
  if (count >= 1024 ** 3 && count % 1024 ** 3 === 0) return `${count / 1024 ** 3} GiB`;
  if (count >= 1024 ** 2 && count % 1024 ** 2 === 0) return `${count / 1024 ** 2} MiB`;
  return `${count} bytes`;
}

/**
 * Reads sos reports, directories or tarballs (.tar.xz, the sos default, .tar.gz, .tar.bz2, .tar),
 * one report per node, into one Bundle; a directory that holds reports (sosreport-a/, sosreport-b.tar.xz)
 * reads each of them, and a note says so. A directory that is no report and holds none is a
 * directory of captures (host188/route-n.txt, or captures/host188/… one level down): each file is
 * read as a paste, named by its path, so its directory names its host where the text names none.
 * Never throws: what could not be read is a diagnostic.
 * @example
 * const bundle = await ingestPath(['sosreport-node1.tar.xz', 'sosreport-node2.tar.xz']);
 */
export async function ingestPath(paths: string | readonly string[], options: IngestPathOptions = {}): Promise<Bundle> {
  const limits: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS, ...options.limits };
  const bundle: Bundle = { hosts: [], cluster: [], unattributed: [], notes: [], diagnostics: [] };
  const hosts = new Map<string, HostSections>();
  const snapshots = new Map<string, number>();
  const list = typeof paths === 'string' ? [paths] : paths;
  const captures: Capture[] = [];
  let done = 0;
  await inOrder(list, (path) => readPath(path, limits), (read, path) => {
    append(bundle.diagnostics, read.diagnostics);
    append(bundle.notes, read.notes);
    for (const report of read.reports) addReport(report, bundle, hosts, snapshots, options.skipRedundant === true);
    append(captures, read.captures);
    options.onProgress?.({ done: ++done, total: list.length, path });
  });
  // captures after reports, read together as pastes are (a host named in one names it in all)
  if (captures.length > 0) {
    const pasted = ingest(options.host === undefined ? captures : captures.map((capture) => ({ ...capture, host: options.host })));
    for (const host of pasted.hosts) {
      const known = hosts.get(host.name);
      if (known) append(known.sections, host.sections);
      else hosts.set(host.name, host);
    }
    append(bundle.cluster, pasted.cluster);
    append(bundle.unattributed, pasted.unattributed);
    append(bundle.notes, pasted.notes);
    append(bundle.diagnostics, pasted.diagnostics);
  }
  bundle.hosts = [...hosts.values()];
  return bundle;
}

// Reports are read a few at a time: a report is dozens of small files, each a handful of file
// system calls whose latency one report at a time would wait out in turn (a third of the time to
// read 100 reports here, more on network storage). Results are taken in order, so the bundle,
// its diagnostics and notes are what reading one at a time gives.
const READ_AHEAD = 4;

/** A file of a directory of captures: a paste named by its path. */
interface Capture { name: string; text: string }

interface PathRead { reports: CollectedReport[]; captures: Capture[]; diagnostics: Diagnostic[]; notes: Note[] }

/** Starts `read` for up to READ_AHEAD items ahead and hands each result to `take` in the items' order. */
async function inOrder<T, R>(items: readonly T[], read: (item: T) => Promise<R>, take: (result: R, item: T) => void): Promise<void> {
  const started: (Promise<R> | undefined)[] = [];
  let next = 0;
  for (let i = 0; i < items.length; i++) {
    for (; next < items.length && next <= i + READ_AHEAD; next++) started[next] = read(items[next] as T);
    const result = await (started[i] as Promise<R>);
    started[i] = undefined;
    take(result, items[i] as T);
  }
}

async function readPath(path: string, limits: ArchiveLimits): Promise<PathRead> {
  const read: PathRead = { reports: [], captures: [], diagnostics: [], notes: [] };
  try {
    read.reports = await readReports(path, limits, read.diagnostics, read.notes, read.captures);
  } catch (error) {
    read.diagnostics.push(diagnostic('internal', 'error',
      `Reading ${path} failed (${error instanceof Error ? error.message : String(error)}); this is a netsift bug.`));
  }
  return read;
}

async function readReports(path: string, limits: ArchiveLimits, diagnostics: Diagnostic[], notes: Note[], captures: Capture[]): Promise<CollectedReport[]> {
  let stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    diagnostics.push(diagnostic('incomplete', 'error', `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`));
    return [];
  }
  if (stats.isSymbolicLink()) {
    // the path the user named: follow it, but only to a directory or a file
    try {
      stats = await lstat(await realpath(path));
    } catch {
      diagnostics.push(diagnostic('incomplete', 'error', `Cannot read ${path}: a dangling symlink.`));
      return [];
    }
  }
  if (stats.isDirectory()) {
    if (await isReportDirectory(path)) return [await readDirectoryReport(path, limits, diagnostics)];
    const inside = await reportsInside(path);
    if (inside === null) {
      append(captures, await readCaptures(path, limits, diagnostics, notes));
      return [];
    }
    notes.push({
      host: null, span: NO_SPAN,
      text: `${path} is no sos report but holds ${inside.reports.length}: each read as its own (${inside.reports.join(', ')})${
        inside.twins.length > 0 ? `; ${inside.twins.join(', ')} not read again: the same reports as those read` : ''}${
        inside.others.length > 0 ? `; ${inside.others.length} other entries not read (captures are read from a directory that holds no report): ${
          inside.others.length > 5 ? `${inside.others.slice(0, 5).join(', ')} and ${inside.others.length - 5} more` : inside.others.join(', ')}` : ''}.`,
    });
    const all: CollectedReport[] = [];
    await inOrder(inside.reports, (entry) => readPath(join(path, entry), limits), (read) => {
      append(diagnostics, read.diagnostics);
      append(notes, read.notes);
      append(all, read.reports);
      append(captures, read.captures);
    });
    return all;
  }
  if (stats.isFile()) return readArchiveReports(path, limits, diagnostics);
  diagnostics.push(diagnostic('unknown-format', 'error', `Skipped ${path}: neither a sos report directory nor a tarball.`));
  return [];
}

// ---- directories -------------------------------------------------------------------------------

const TARBALL = /\.(?:tar|tar\.xz|txz|tar\.gz|tgz|tar\.bz2|tbz2?)$/;
const REPORT_NAME = /^sos(?:report)?[-_]/;
// what sos writes inside a report, never a report of its own
const SOS_OWN = new Set(['sos_commands', 'sos_logs', 'sos_reports', 'sos_strings']);
const isReportName = (name: string): boolean => REPORT_NAME.test(name) && !SOS_OWN.has(name);

/**
 * Whether a directory is a sos report: it has a hostname file, a sos_commands directory or another
 * of sos's, or it is named as sos names reports (sosreport-<host>-…, what is left of one stripped).
 */
async function isReportDirectory(path: string): Promise<boolean> {
  if (isReportName(basename(resolve(path)))) return true;
  for (const rel of [...SOS_HOSTNAME_FILES, 'sos_commands', ...SOS_DIRECTORIES]) if (await exists(join(path, rel))) return true;
  return false;
}

/**
 * A directory that is no report itself but holds several (`sos/` beside a lab incident, a ticket's
 * attachments: sosreport-node1/, sosreport-node2.tar.xz): the reports inside, in name order. A tarball
 * beside the directory of the same name is the same report, read once (the directory). Null when it
 * holds none. Several tarballs of one report (.tar.xz and .tar.gz) are also read once.
 */
async function reportsInside(path: string): Promise<{ reports: string[]; twins: string[]; others: string[] } | null> {
  let entries;
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch {
    return null;
  }
  const directories = new Set(entries.filter((e) => e.isDirectory() && isReportName(e.name)).map((e) => e.name));
  // one report per stem: its directory, else its first tarball in sos's order of preference (xz is the default)
  const rank = (name: string): number => ['.tar.xz', '.txz', '.tar.gz', '.tgz', '.tar.bz2', '.tbz2', '.tbz', '.tar'].findIndex((x) => name.endsWith(x));
  const tarballs = entries.filter((e) => e.isFile() && isReportName(e.name) && TARBALL.test(e.name)).map((e) => e.name)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const chosen = new Set(directories);
  const twins: string[] = [];
  for (const name of tarballs) {
    const stem = name.replace(TARBALL, '');
    if (chosen.has(stem)) twins.push(name);
    else {
      chosen.add(stem);
      chosen.add(name);
    }
  }
  const reports = [...directories, ...tarballs.filter((name) => chosen.has(name))].sort();
  // the rest is not read, and said so (a capture beside the reports, a README)
  const others = entries.map((e) => e.name).filter((name) => !name.startsWith('.') && !chosen.has(name) && !twins.includes(name)).sort();
  return reports.length > 0 ? { reports, twins: twins.sort(), others } : null;
}

async function readDirectoryReport(path: string, limits: ArchiveLimits, diagnostics: Diagnostic[]): Promise<CollectedReport> {
  const root = await realpath(path);
  const report = basename(root);
  const collected: CollectedReport = { report, root: report, files: new Map() };
  const budget = { left: limits.maxTotalBytes };
  const files = new CappedDiagnostics(diagnostics);
  const read = async (rel: string): Promise<void> => {
    const file = await readReportFile(root, rel, report, limits, budget, files);
    if (file) collected.files.set(rel, file);
  };
  for (const rel of SOS_HOSTNAME_FILES) {
    if (await exists(join(root, rel))) await read(rel);
  }
  for (const dir of SOS_DIRECTORIES) {
    await walk(root, dir, 0, report, files, async (rel) => {
      if (classifySosFile(rel) && !collected.files.has(rel)) await read(rel);
    });
  }
  files.close((unnamed) => diagnostic('incomplete', 'warning', `${report}: ${unnamed} more files were refused or skipped (only the first ${MAX_MEMBER_DIAGNOSTICS} are named).`));
  return collected;
}

/**
 * What a report's files, or a tarball's members, were refused or skipped for: the first
 * MAX_MEMBER_DIAGNOSTICS named as they come, the rest counted in one diagnostic at the end
 * (100,000 dangling symlinks are no reason for 100,000 diagnostics).
 */
class CappedDiagnostics {
  private named = 0;
  private unnamed = 0;

  constructor(private readonly into: Diagnostic[]) {}

  add(item: Diagnostic): void {
    if (this.named < MAX_MEMBER_DIAGNOSTICS) {
      this.into.push(item);
      this.named++;
    } else this.unnamed++;
  }

  /** The ones not named, counted by `summary`, if any. */
  close(summary: (unnamed: number) => Diagnostic): void {
    if (this.unnamed > 0) this.into.push(summary(this.unnamed));
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

// deep enough for sos_commands/networking/namespaces/<ns>/ and var/log/pods/<pod>/kube-flannel/
const MAX_DEPTH = 3;

async function walk(root: string, rel: string, depth: number, report: string, files: CappedDiagnostics, visit: (rel: string) => Promise<void>): Promise<void> {
  let entries;
  try {
    const stats = await lstat(join(root, rel));
    if (stats.isSymbolicLink()) {
      files.add(diagnostic('incomplete', 'info', `Did not follow ${rel} in ${report}: a symlinked directory is never followed.`));
      return;
    }
    if (!stats.isDirectory()) return;
    entries = await readdir(join(root, rel), { withFileTypes: true });
  } catch {
    return; // absent: this report has no such plugin output
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const child = `${rel}/${entry.name}`;
    if (entry.isDirectory()) {
      if (depth < MAX_DEPTH) await walk(root, child, depth + 1, report, files, visit);
    } else if (entry.isSymbolicLink()) {
      await visit(child);
    } else if (entry.isFile()) {
      await visit(child);
    } else if (classifySosFile(child)) {
      files.add(diagnostic('incomplete', 'warning', `Skipped ${child} in ${report}: not a regular file (${kindOf(entry)}).`));
    }
  }
}

/** What a directory entry that is not a regular file is, for a message. */
export function kindOf(entry: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (entry.isFIFO()) return 'fifo';
  if (entry.isCharacterDevice()) return 'character device';
  if (entry.isBlockDevice()) return 'block device';
  if (entry.isSocket()) return 'socket';
  return 'other';
}

/** Reads one file of a report directory, refusing symlinks that leave it and non-regular files. */
async function readReportFile(
  root: string, rel: string, report: string, limits: ArchiveLimits, budget: { left: number }, files: CappedDiagnostics,
): Promise<ReportFile | null> {
  let target = join(root, rel);
  try {
    let stats = await lstat(target);
    // resolved whatever it is: a directory on the way may be a symlink too (etc -> /etc), which lstat
    // of the file does not see
    let resolved: string;
    try {
      resolved = await realpath(target);
    } catch {
      files.add(diagnostic('incomplete', 'warning', `Skipped ${rel} in ${report}: a dangling symlink.`));
      return null;
    }
    if (!resolved.startsWith(root + sep)) {
      files.add(diagnostic('invalid-value', 'error', `Refused ${rel} in ${report}: ${stats.isSymbolicLink() ? 'a symlink that points' : 'its path leads, through a symlinked directory,'} outside the report.`));
      return null;
    }
    if (stats.isSymbolicLink()) stats = await lstat(resolved);
    target = resolved;
    if (!stats.isFile()) {
      files.add(diagnostic('incomplete', 'warning', `Skipped ${rel} in ${report}: not a regular file (${kindOf(stats)}).`));
      return null;
    }
    if (stats.size > limits.maxFileBytes) {
      files.add(diagnostic('incomplete', 'warning',
        `Skipped ${rel} in ${report}: ${stats.size} bytes is over the limit of ${bytes(limits.maxFileBytes)} for one file.`));
      return null;
    }
    if (stats.size > budget.left) {
      files.add(diagnostic('incomplete', 'error',
        `Skipped ${rel} in ${report}: the limit of ${bytes(limits.maxTotalBytes)} read from one report is reached.`));
      return null;
    }
    // O_NOFOLLOW: the file was checked above and must not turn into a symlink meanwhile;
    // O_NONBLOCK: nor into a FIFO that would block the open
    const handle = await open(target, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      // O_NOFOLLOW guards the last name only: a directory on the way swapped for a symlink since the
      // check above is seen in where the open file really is (Linux names it in /proc/self/fd)
      const opened = await realpath(`/proc/self/fd/${handle.fd}`).catch(() => null);
      if (opened !== null && !opened.startsWith(root + sep)) {
        files.add(diagnostic('invalid-value', 'error', `Refused ${rel} in ${report}: it moved outside the report while it was read.`));
        return null;
      }
      const fresh = await handle.stat();
      if (!fresh.isFile()) return null;
      const cap = Math.min(limits.maxFileBytes, budget.left) + 1;
      const buffer = Buffer.alloc(Math.min(cap, Math.max(fresh.size + 1, 1)));
      let length = 0;
      for (;;) {
        if (length === buffer.length) break;
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > fresh.size) {
        files.add(diagnostic('incomplete', 'warning', `Skipped ${rel} in ${report}: it grew while it was read.`));
        return null;
      }
      budget.left -= length;
      return { path: rel, body: buffer.subarray(0, length) };
    } finally {
      await handle.close();
    }
  } catch (error) {
    files.add(diagnostic('incomplete', 'warning', `Cannot read ${rel} in ${report}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`));
    return null;
  }
}

// ---- directories of captures ------------------------------------------------------------------

// a directory of captures is a host's files, or hosts' directories of files: no deeper
const MAX_CAPTURE_DEPTH = 1;
// files read from one directory of captures; the rest are counted in a diagnostic
const MAX_CAPTURES = 10_000;

/**
 * The files of a directory of captures as pastes named by their path, in name order: regular files
 * in it and in its subdirectories one level down, names starting with "." left out, under the same
 * rules as a report's files (no symlink out of the directory, no symlinked directory followed, no
 * FIFO or device, the limits of one report).
 */
async function readCaptures(path: string, limits: ArchiveLimits, diagnostics: Diagnostic[], notes: Note[]): Promise<Capture[]> {
  const root = await realpath(path);
  const name = basename(root);
  // a file's directory names its host (ingest's hostOfName): the path as given when it ends in the
  // directory's own name, else the real path ("." or a symlink named otherwise would name none, or another)
  const named = basename(path) === name ? path : root;
  const budget = { left: limits.maxTotalBytes };
  const files = new CappedDiagnostics(diagnostics);
  const captures: Capture[] = [];
  let over = 0;
  const visit = async (rel: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(rel === '' ? root : join(root, rel), { withFileTypes: true });
    } catch (error) {
      files.add(diagnostic('incomplete', 'warning', `Cannot read ${rel === '' ? name : `${rel} in ${name}`}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (depth < MAX_CAPTURE_DEPTH) await visit(child, depth + 1);
        else files.add(diagnostic('incomplete', 'info', `Did not read ${child} in ${name}: a directory of captures is read one level down.`));
        continue;
      }
      if (captures.length >= MAX_CAPTURES) {
        over++;
        continue;
      }
      const file = await readReportFile(root, child, name, limits, budget, files);
      // an archive or a binary among the captures is no paste (its bytes would be notes of garbage)
      const kind = file ? fileKind(file.body) : null;
      if (file && kind !== 'text') files.add(diagnostic('incomplete', 'warning', `Did not read ${child} in ${name}: it is binary, not text${kind === 'tarball' ? ' (a tarball: name it to read it as a sos report)' : ''}.`));
      else if (file) captures.push({ name: join(named, child), text: decodeText(file.body) });
    }
  };
  await visit('', 0);
  files.close((unnamed) => diagnostic('incomplete', 'warning', `${name}: ${unnamed} more files were refused or skipped (only the first ${MAX_MEMBER_DIAGNOSTICS} are named).`));
  if (over > 0) diagnostics.push(diagnostic('incomplete', 'warning', `${name}: ${over} files past the first ${MAX_CAPTURES} were not read.`));
  notes.push({
    host: null, span: NO_SPAN,
    text: `${path} is no sos report and holds none: its ${captures.length} files read as captures, each as a paste named by its path.`,
  });
  return captures;
}

// ---- tarballs ----------------------------------------------------------------------------------

/** A member name made relative to the archive, or why it is refused. */
function memberPath(name: string): { path: string } | { refused: string } {
  if (name.startsWith('/')) return { refused: 'an absolute member path' };
  const parts = name.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) return { refused: 'a member path with ".." in it' };
  return { path: parts.join('/') };
}

async function readArchiveReports(path: string, limits: ArchiveLimits, diagnostics: Diagnostic[]): Promise<CollectedReport[]> {
  const name = basename(path);
  let compression;
  try {
    compression = detectCompression(await readHead(path));
  } catch (error) {
    diagnostics.push(diagnostic('incomplete', 'error', `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`));
    return [];
  }
  if (compression === null) {
    diagnostics.push(diagnostic('unknown-format', 'error', `Skipped ${name}: not a tarball (.tar, .tar.xz, .tar.gz or .tar.bz2).`));
    return [];
  }
  const reports = new Map<string, CollectedReport>();
  const links: { root: string; rel: string; target: string; member: string }[] = [];
  const members = new CappedDiagnostics(diagnostics);
  const refuse = (severity: Severity, code: DiagnosticCode, message: string): void => members.add(diagnostic(code, severity, message));
  const locate = (member: ArchiveMember): { root: string; rel: string } | null => {
    const located = memberPath(member.name);
    if ('refused' in located) {
      refuse('error', 'invalid-value', `Refused "${member.name}" in ${name}: ${located.refused}.`);
      return null;
    }
    const parts = located.path.split('/');
    const root = reportRoot(parts);
    if (root === null) return null; // the report's own directory, or a file beside it
    return { root: root.join('/'), rel: parts.slice(root.length).join('/') };
  };
  // Where a report sits in the tarball: one directory down as sos writes it, but also at the top
  // (./sos_commands/…, a report tarred from inside) or deeper (cases/123/sosreport-x/…). A member
  // under sos_commands or a sos-named directory shows its report's root; other members go to the
  // deepest root shown so far that holds them, else one directory down.
  const roots = new Set<string>();
  const reportRoot = (parts: string[]): string[] | null => {
    const commands = parts.indexOf('sos_commands');
    const named = parts.slice(0, -1).findIndex((part) => isReportName(part));
    const shown = commands !== -1 ? parts.slice(0, commands) : named !== -1 ? parts.slice(0, named + 1) : null;
    if (shown) {
      roots.add(shown.join('/'));
      return shown;
    }
    for (let depth = parts.length - 1; depth >= 0; depth--) {
      if (roots.has(parts.slice(0, depth).join('/'))) return parts.slice(0, depth);
    }
    return parts.length > 1 ? parts.slice(0, 1) : null;
  };
  const wanted = (rel: string): boolean => isSosHostnameFile(rel) || classifySosFile(rel) !== null;
  const reportOf = (root: string): CollectedReport => {
    let report = reports.get(root);
    if (!report) {
      // named after its own directory; a report at the top of the tarball after the tarball
      report = { report: name, root: root === '' ? name.replace(TARBALL, '') : posix.basename(root), files: new Map() };
      reports.set(root, report);
    }
    return report;
  };
  await readArchive(path, compression, {
    limits,
    choose(member) {
      const at = locate(member);
      if (!at) return 'skip';
      switch (member.type) {
        case 'file':
          return wanted(at.rel) ? 'keep' : 'skip';
        case 'symlink':
        case 'hardlink': {
          if (!wanted(at.rel)) return 'skip';
          // a symlink is relative to its own directory; a hard link names a member of the archive
          const target = member.type === 'symlink'
            ? (member.linkname.startsWith('/') ? null : posix.normalize(posix.join(posix.dirname(at.rel), member.linkname)))
            : (() => {
              const linked = memberPath(member.linkname);
              const inside = at.root === '' ? '' : `${at.root}/`;
              if ('refused' in linked || !linked.path.startsWith(inside)) return null;
              return linked.path.slice(inside.length);
            })();
          if (target === null || target === '..' || target.startsWith('../')) {
            refuse('error', 'invalid-value', `Refused ${member.type} "${member.name}" -> "${member.linkname}" in ${name}: it points outside the report.`);
          } else {
            links.push({ root: at.root, rel: at.rel, target, member: member.name });
          }
          return 'skip';
        }
        case 'directory':
          return 'skip';
        default:
          refuse('warning', 'incomplete', `Skipped "${member.name}" in ${name}: ${member.type === 'other'
            ? `a tar entry of type ${/^[\x21-\x7e]$/.test(member.typeFlag) ? `"${member.typeFlag}"` : `0x${member.typeFlag.charCodeAt(0).toString(16)}`}`
            : `a ${member.type}`} is not a regular file.`);
          return 'skip';
      }
    },
    onMember(member, body, isCutShort) {
      const at = locate(member);
      if (!at) return;
      if (body === null) {
        refuse('warning', 'incomplete',
          `Skipped "${member.name}" in ${name}: ${member.size} bytes is over the limit of ${bytes(limits.maxFileBytes)} for one file.`);
        return;
      }
      reportOf(at.root).files.set(at.rel, { path: at.rel, body, ...(isCutShort ? { cutShortOf: member.size } : {}) });
    },
    onEvent(event) {
      diagnostics.push(archiveDiagnostic(event, name, limits));
    },
  });
  // links inside the report read the file they point to, when netsift read it too
  for (const link of links) {
    const report = reportOf(link.root);
    const target = report.files.get(link.target);
    if (target) {
      if (!report.files.has(link.rel)) report.files.set(link.rel, { ...target, path: link.rel });
    } else if (!report.files.has(link.rel)) {
      refuse('info', 'incomplete', `Did not read "${link.member}" in ${name}: it links to ${link.target}, which is not a file netsift reads from a report.`);
    }
  }
  members.close((unnamed) => diagnostic('invalid-value', 'error', `${name}: ${unnamed} more members were refused or skipped (only the first ${MAX_MEMBER_DIAGNOSTICS} are named).`));
  const all = [...reports.values()];
  if (all.length > 1) for (const report of all) report.report = `${name}/${report.root}`;
  if (all.length === 0) diagnostics.push(diagnostic('incomplete', 'warning', `${name} holds no file netsift reads from a sos report.`));
  return all;
}

function archiveDiagnostic(event: ArchiveEvent, name: string, limits: ArchiveLimits): Diagnostic {
  switch (event.kind) {
    case 'bomb':
      return diagnostic('incomplete', 'error',
        `Stopped reading ${name}: ${event.compressed} compressed bytes expanded to ${event.decompressed}, more than ${limits.maxRatio} times as many, which looks like a compression bomb; files after that point were not read.`);
    case 'total-limit':
      return diagnostic('incomplete', 'error',
        `Stopped reading ${name}: ${event.isKept ? 'the files netsift reads from it add up' : 'it decompresses'} to more than the limit of ${bytes(limits.maxTotalBytes)}; files after that point were not read.`);
    case 'truncated':
      return diagnostic('incomplete', 'error',
        `${name} ends early${event.member ? ` inside "${event.member}"` : ''}: the tarball is truncated.`);
    case 'corrupt':
      return diagnostic('incomplete', 'error', `Stopped reading ${name}: ${event.message}.`);
    case 'decompress-failed':
      return diagnostic('incomplete', 'error', `Stopped reading ${name}: decompression failed after ${event.decompressed} bytes decompressed${
        event.member ? ` inside "${event.member}"` : ''} (${event.message}); the files before that point were read.`);
  }
}

// ---- from files to sections ---------------------------------------------------------------------

const decoder = new TextDecoder('utf-8');

function hostNameOf(report: CollectedReport): { name: string; fromFile: boolean } {
  for (const rel of SOS_HOSTNAME_FILES) {
    const file = report.files.get(rel);
    if (!file) continue;
    const first = decoder.decode(file.body).split('\n')[0]?.trim() ?? '';
    // a hostname is letters, digits, "-", "_" and "."; anything else is not one
    if (first.length > 0 && first.length <= 253 && /^[\w.-]+$/.test(first)) return { name: first, fromFile: true };
  }
  return { name: hostFromReportName(report.root), fromFile: false };
}

function addReport(report: CollectedReport, bundle: Bundle, hosts: Map<string, HostSections>, snapshots: Map<string, number>, skipRedundant: boolean): void {
  const host = hostNameOf(report);
  if (!host.fromFile) {
    bundle.diagnostics.push(diagnostic('incomplete', 'warning',
      `${report.report} has no hostname file (${SOS_HOSTNAME_FILES.join(', ')}); its host is named "${host.name}" after the report directory.`));
  }
  let sections = hosts.get(host.name);
  if (!sections) {
    sections = { name: host.name, sections: [] };
    hosts.set(host.name, sections);
  }
  const pending = new Map<string, string[]>();
  const paths = [...report.files.keys()].sort();
  // each file's section, made once: the IPv4 iptables-save's first, since the tables it shows make
  // the other listings of them redundant (the model reads those tables from it: src/model/build.ts)
  const made = new Map<string, Section | null>();
  const sectionOf = (path: string, info: SosFile, file: ReportFile): Section | null => {
    if (!made.has(path)) made.set(path, toSection(info, file, report.report));
    return made.get(path) ?? null;
  };
  const saved = new Set<string>();
  for (const path of skipRedundant ? paths : []) {
    const info = classifySosFile(path);
    const file = report.files.get(path);
    if (!info || !file || info.format !== 'iptables-save' || !isIPv4Listing(info)) continue;
    const section = sectionOf(path, info, file);
    if (section && !section.partial) for (const table of tablesShown(section.text)) saved.add(table);
  }
  const redundant: string[] = [];
  for (const path of paths) {
    const info = classifySosFile(path);
    const file = report.files.get(path);
    if (!info || !file) continue;
    // a listing that shows a warning is read all the same (hasIptablesWarning)
    if (redundantTable(info, saved) !== null && Buffer.from(file.body.buffer, file.body.byteOffset, file.body.byteLength).indexOf(WARNING_MARK) === -1) {
      redundant.push(path);
      continue;
    }
    const section = sectionOf(path, info, file);
    if (!section) continue;
    const key = `${host.name}\u0000${section.command ?? ''}`;
    section.snapshot = (snapshots.get(key) ?? 0) + 1;
    snapshots.set(key, section.snapshot);
    if (info.scope === 'cluster') bundle.cluster.push(section);
    else sections.sections.push(section);
    if (info.pending) pending.set(info.pending, [...(pending.get(info.pending) ?? []), path]);
  }
  for (const [why, files] of pending) {
    const note: Note = { host: host.name, text: `${report.report}: ${files.join(', ')} kept unparsed (format null): ${why}.`, span: NO_SPAN };
    bundle.notes.push(note);
  }
  if (redundant.length > 0) {
    bundle.notes.push({
      host: host.name, span: NO_SPAN,
      text: `${report.report}: ${redundant.join(', ')} left out: the report's iptables-save shows ${[...saved].sort().join(', ')}.`,
    });
  }
}

function toSection(info: SosFile, file: ReportFile, report: string): Section | null {
  let text = decoder.decode(file.body);
  let partial = false;
  let partialReason: string | undefined;
  if (file.cutShortOf !== undefined) {
    partial = true;
    partialReason = `the tarball ends inside it: ${file.body.length} of its ${file.cutShortOf} bytes were read`;
  }
  if (info.keepLinesOf) {
    const marker = `${info.keepLinesOf}[`;
    const lines = text.split('\n').filter((line) => line.includes(marker));
    if (lines.length === 0) return null;
    text = `${lines.join('\n')}\n`;
    partial = true;
    partialReason = [partialReason, `only the ${info.keepLinesOf} lines of the whole journal`].filter(Boolean).join('; ');
  }
  // sos keeps a command's stderr with its output: "Cannot find device …" is not an empty listing
  const failed = info.keepLinesOf ? null : readFileFailure(text, info.command, info.format, info.options);
  if (failed) {
    partial = true;
    partialReason = [partialReason, failureReason(failed.failure)].filter(Boolean).join('; ');
  }
  const span: Span = failed ? failed.output : { line: 1, column: 1, offset: 0, length: text.length, text };
  return {
    command: info.command,
    format: info.format,
    origin: { kind: 'file', path: file.path, report },
    span,
    text: span.text,
    partial,
    ...(partialReason ? { partialReason } : {}),
    snapshot: 1,
    flattened: false,
    ...(failed ? { failure: failed.failure } : {}),
    ...(info.options ? { options: { ...info.options } } : {}),
  };
}
