// Large inputs run in a second node process with a heap that fits them. Node's default heap is
// about 4 GB whatever the machine has (a 100-node cluster with 5,000 kube-proxy services per node
// needs some 10 GB), and its 16 MB young generation moves the parsers' short-lived objects into
// the old generation before they die (64 MB: the 100 × 1,000 diagnosis takes ~10% less time).
// Small inputs stay in this process: a second start costs about 50 ms.
import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';

/** Set in the second process (and by anyone who wants the CLI to stay in one process). */
export const SINGLE_PROCESS_ENV = 'NETSIFT_SINGLE_PROCESS';
/** Inputs larger than this (bytes, all files together) run with the larger heap; the env var overrides it. */
export const LARGE_INPUT_ENV = 'NETSIFT_LARGE_INPUT_BYTES';
const LARGE_INPUT = 64 * 1024 * 1024;
const COMMANDS = new Set(['diagnose', 'trace']);
// bound the walk: a directory of more entries than this is large whatever its sizes
const MAX_ENTRIES = 200_000;

/** Bytes of the files under `paths` (directories walked), up to `limit`: the walk stops once past it. */
export function inputBytes(paths: readonly string[], limit: number): number {
  let total = 0;
  let entries = 0;
  const visit = (path: string, top: boolean): void => {
    if (total > limit || ++entries > MAX_ENTRIES) {
      total = Math.max(total, limit + 1);
      return;
    }
    let stat;
    try {
      // the paths named follow their symlinks; inside a directory none is followed (no loops)
      stat = top ? statSync(path) : lstatSync(path);
    } catch {
      return; // not a file (an option's value, "-", or missing: the command reports it)
    }
    if (stat.isFile()) total += stat.size;
    else if (stat.isDirectory()) {
      let names: string[];
      try {
        names = readdirSync(path);
      } catch {
        return;
      }
      for (const name of names) visit(join(path, name), false);
    }
  };
  for (const path of paths) visit(path, true);
  return total;
}

// the heap a diagnosis holds at its peak, per byte of input: a text report's, whose rules are packed,
// 2.3 for 100 × 1,000 services and 1.8 for 100 × 5,000; a JSON report holds every record, unpacked
// (5.7 and 4.4 before rules were packed, with the redundant listings unparsed), and sizes this
const HEAP_PER_INPUT_BYTE = 8;
// the most bytes of input the flags are sized for (past it, the walk of the input stops)
const MAX_SIZED_INPUT = 2 ** 40;

/**
 * Node's flags for a large input of `inputBytes`: a 64 MB semi-space, an old space of 3/4 of the
 * memory (at least 4 GB), and an initial old space as large as the input's heap will grow (up to
 * that): V8 does not then run full collections on the way, which on a heap that only grows find
 * nothing to free (the 100 × 1,000 diagnosis spent ~0.9 s in one).
 */
export function largeHeapFlags(memoryBytes: number = totalmem(), inputBytes = 0): string[] {
  const oldSpaceMb = Math.max(4096, Math.floor((memoryBytes / 1048576) * 0.75));
  const initialMb = Math.min(oldSpaceMb, Math.ceil((inputBytes * HEAP_PER_INPUT_BYTE) / 1048576));
  return ['--max-semi-space-size=64', `--max-old-space-size=${oldSpaceMb}`, ...(initialMb > 0 ? [`--initial-old-space-size=${initialMb}`] : [])];
}

/**
 * The node arguments to run `argv` again with the larger heap, or null to run here: the command
 * is not diagnose or trace, the input is small, this is the second process already, or node was
 * given heap flags by the user.
 */
export function largeHeapArgs(argv: readonly string[], env: NodeJS.ProcessEnv, execArgv: readonly string[], script: string): string[] | null {
  if (!COMMANDS.has(argv[0] ?? '') || env[SINGLE_PROCESS_ENV]) return null;
  if (execArgv.some((flag) => /^--(?:max-(?:semi|old)|initial-old)-space-size/.test(flag))) return null;
  const configured = Number(env[LARGE_INPUT_ENV]);
  const limit = env[LARGE_INPUT_ENV] !== undefined && Number.isFinite(configured) && configured >= 0 ? configured : LARGE_INPUT;
  const paths = argv.slice(1).filter((arg) => !arg.startsWith('-'));
  // one walk: its total both decides and sizes the heap
  const bytes = inputBytes(paths, Math.max(limit, MAX_SIZED_INPUT));
  if (bytes <= limit) return null;
  return [...largeHeapFlags(totalmem(), bytes), ...execArgv, script, ...argv];
}

/** Runs the command in a second node process when largeHeapArgs says so: its exit code, or null to run here. */
export function runWithLargeHeap(argv: readonly string[]): number | null {
  const script = process.argv[1];
  if (script === undefined) return null;
  const args = largeHeapArgs(argv, process.env, process.execArgv, script);
  if (args === null) return null;
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, [SINGLE_PROCESS_ENV]: '1' } });
  if (result.error) return null; // could not start a second node: run here with the default heap
  if (result.signal) {
    process.kill(process.pid, result.signal);
    return 1;
  }
  return result.status ?? 1;
}
