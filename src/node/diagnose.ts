// Diagnoses sos reports with both cores: the reports are read here, their sections are parsed in
// worker_threads (parsing is the bulk of the work), and the model and the rules run here. What
// crosses back is each parse packed (formats/transfer.ts): iptables rules as integers into tables
// of what they share, spans as numbers that get their text back as slices of the section's text
// (records keep pointing into their input instead of carrying copies of it), the rest as JSON.
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Bundle, Section } from '../core';
import type { Parsed } from '../formats/format';
import { parse } from '../formats/registry';
import { unpackParsed, type PackedParse } from '../formats/transfer';
import { attachParsed, mayBeRedundant } from '../model/build';
import { diagnose, type DiagnoseOptions } from '../report/diagnose';
import { ingestPath, type IngestPathOptions } from './sos';

export interface DiagnosePathsOptions extends DiagnoseOptions, IngestPathOptions {
  /**
   * Worker threads that parse the sections; 0 (the default) parses in this thread. Today the
   * workers do not pay: rebuilding their records here costs about what parsing does
   * (README, Benchmark), so they only help where parsing is slow and records are few.
   */
  workers?: number;
  /** The module the workers import `parse` from (default: the built library beside this file). */
  workerModule?: string | URL;
}

/**
 * Every section of a bundle with a format, in bundle order; with `skipRedundant`, not the listings
 * buildModel may leave unparsed (it parses any of them it does need itself).
 */
function sectionsOf(bundle: Bundle, skipRedundant: boolean): Section[] {
  return [
    ...bundle.hosts.flatMap((host) => skipRedundant ? host.sections.filter((section) => !mayBeRedundant(host.sections, section)) : host.sections),
    ...bundle.cluster,
    ...bundle.unattributed.map((u) => u.section),
  ].filter((section) => section.format !== null);
}

/** The built library next to this module (dist/), or null when running from source (tests). */
function defaultWorkerModule(): URL | null {
  // the CommonJS build has no import.meta.url, but __filename; both sit in dist/ beside index.js
  const here = typeof import.meta.url === 'string' ? import.meta.url
    : typeof __filename === 'string' ? pathToFileURL(__filename).href : '';
  if (!/\.(?:c|m)?js$/.test(here)) return null;
  return new URL('./index.js', here);
}

// The worker: a script (eval), so that it needs no file of its own in dist/; it imports the library.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.module).then(({ parse, packParsed }) => {
  parentPort.on('message', (job) => {
    const packed = packParsed(parse(job.format, job.text, job.options), job.text);
    parentPort.postMessage({ id: job.id, packed }, [packed.ints.buffer, packed.numbers.buffer]);
  });
  parentPort.postMessage({ ready: true });
}, (error) => parentPort.postMessage({ failed: String(error) }));
`;

interface Job { id: number; format: string; text: string; options: Section['options'] }

/**
 * Parses the sections of a bundle, in `workers` worker threads (0: here). Biggest sections first,
 * each to the next idle worker; results are rebuilt here as they arrive. `leaveOut`: sections not
 * to parse (the model parses them itself).
 */
export async function parseSections(
  bundle: Bundle,
  options: { workers?: number; workerModule?: string | URL; skipRedundant?: boolean; leaveOut?: (section: Section) => boolean } = {},
): Promise<Map<Section, Parsed<unknown>>> {
  const leaveOut = options.leaveOut;
  const sections = sectionsOf(bundle, options.skipRedundant ?? false).filter((section) => leaveOut === undefined || !leaveOut(section));
  const results = new Map<Section, Parsed<unknown>>();
  const module = options.workerModule ?? defaultWorkerModule();
  const count = Math.min(options.workers ?? 0, sections.length);
  if (count <= 0 || module === null) {
    for (const section of sections) results.set(section, parse(section.format as string, section.text, section.options));
    return results;
  }
  const order = sections.map((_, index) => index).sort((a, b) => (sections[b] as Section).text.length - (sections[a] as Section).text.length);
  let next = 0;
  const take = (): number | undefined => (next < order.length ? order[next++] : undefined);
  const workers: Worker[] = [];
  let inFlight = 0;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const settled = (): void => {
    const resume = wake;
    wake = null;
    resume?.();
  };
  try {
    for (let w = 0; w < count; w++) {
      // a young generation of 64 MB semi-spaces instead of 16: parsing makes short-lived objects fast,
      // and the smaller one promotes much of them to the old generation before they die
      const worker = new Worker(WORKER_SOURCE, {
        eval: true, workerData: { module: String(module) }, resourceLimits: { maxYoungGenerationSizeMb: 192 },
      });
      workers.push(worker);
      const give = (): void => {
        const id = take();
        if (id === undefined) return;
        const section = sections[id] as Section;
        const job: Job = { id, format: section.format as string, text: section.text, options: section.options };
        inFlight++;
        worker.postMessage(job);
      };
      worker.on('message', (message: { ready?: true; failed?: string; id?: number; packed?: PackedParse }) => {
        if (message.failed !== undefined) {
          failure = new Error(`a parse worker could not load ${String(module)}: ${message.failed}`);
        } else if (message.ready) {
          // two jobs each, so that a worker never waits for this thread to hand it the next
          give();
          give();
        } else if (message.id !== undefined && message.packed !== undefined) {
          inFlight--;
          const section = sections[message.id] as Section;
          results.set(section, unpackParsed(message.packed, section.text));
          give();
        }
        settled();
      });
      worker.on('error', (error) => {
        failure = error;
        settled();
      });
      worker.on('exit', (code) => {
        if (code !== 0) failure ??= new Error(`a parse worker exited with code ${code}`);
        settled();
      });
    }
    // this thread parses too, taking the next section whenever the workers have theirs; it yields
    // between sections so that the workers' results come in
    for (;;) {
      if (failure) throw failure;
      const id = take();
      if (id !== undefined) {
        const section = sections[id] as Section;
        results.set(section, parse(section.format as string, section.text, section.options));
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      if (inFlight === 0 && results.size === sections.length) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  // keep the bundle's order: the model reads sections in it
  const ordered = new Map<Section, Parsed<unknown>>();
  for (const section of sections) {
    const parsed = results.get(section);
    if (parsed) ordered.set(section, parsed);
  }
  return ordered;
}

/**
 * Reads sos reports (directories or tarballs), parses their sections in worker threads and
 * diagnoses the cluster: what `diagnose(await ingestPath(paths))` gives, using more than one core.
 * @example
 * const { report } = await diagnosePaths(['sosreport-node1.tar.xz', 'sosreport-node2.tar.xz'], { workers: 1 });
 */
export async function diagnosePaths(paths: string | readonly string[], options: DiagnosePathsOptions = {}): ReturnType<typeof diagnoseBundle> {
  // records 'used': the listings the model would leave unparsed are not even kept
  const bundle = await ingestPath(paths, { ...(options.limits ? { limits: options.limits } : {}), skipRedundant: options.skipRedundant ?? options.records === 'used' });
  return diagnoseBundle(bundle, options);
}

/** diagnose(bundle), with the sections parsed in worker threads first. */
export async function diagnoseBundle(bundle: Bundle, options: DiagnosePathsOptions = {}): Promise<ReturnType<typeof diagnose>> {
  // in this thread, diagnose parses what it needs (records: 'used' leaves redundant listings alone)
  if ((options.workers ?? 0) <= 0) return diagnose(bundle, options);
  // packed rules are made in this thread, a line that reads alike once for the bundle: faster than
  // a worker's parse of it and the rebuilding of its records here
  const packed = options.packRules ?? options.records === 'used';
  const parsed = await parseSections(bundle, {
    ...options, skipRedundant: options.records === 'used', ...(packed ? { leaveOut: (section: Section) => section.format === 'iptables-save' } : {}),
  });
  attachParsed(bundle, parsed);
  return diagnose(bundle, options);
}
