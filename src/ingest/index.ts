// The ingest room's front door: a paste (or several) in, a Bundle of hosts and their sections out.
import { ingestTranscripts, type TranscriptInput } from './transcript';
import { clearPasteMarks } from './paste-marks';
import type { Bundle } from './bundle';
import { append } from '../core/append';
import { safeHostName } from '../core/host-name';

export { Bundle, Section, SectionFailure, Note, HostSections, Unattributed, Origin } from './bundle';
export { readCommand, type CommandMatch } from './command';
export { findPrompts, type Prompt, type PromptStyle } from './prompt';
export type { TranscriptInput } from './transcript';
export { failureReason, readFileFailure } from './terminal';

/** What ingest reads: one text ("paste"), a named text, or several in order (a story across files). */
export type IngestInput = string | TranscriptInput | readonly (string | TranscriptInput)[];

export interface IngestOptions {
  /** The name of an unnamed text (default "paste"). */
  name?: string;
}

/** String(value), or "" for a value that has no string (an object without a prototype, a throwing toString). */
function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  try {
    return String(value);
  } catch {
    return '';
  }
}

function toInput(value: unknown, name: string): TranscriptInput {
  const read = inputOf(value, name);
  const text = clearPasteMarks(read.text);
  return text === read.text ? read : { ...read, text };
}

function inputOf(value: unknown, name: string): TranscriptInput {
  if (typeof value === 'string') return { name, text: value };
  if (value && typeof value === 'object') {
    const record = value as { name?: unknown; text?: unknown };
    const host = (record as { host?: unknown }).host;
    return {
      name: typeof record.name === 'string' ? record.name : name,
      text: typeof record.text === 'string' ? record.text : asText(record.text),
      ...(typeof host === 'string' && host !== '' ? { host } : {}),
    };
  }
  return { name, text: asText(value) };
}

/**
 * Cuts pasted transcripts into hosts and sections (one command's output each, with its format),
 * cluster sections, unattributed sections with the reason, and notes. Never throws.
 * @example
 * const bundle = ingest('[root@host188 ~]# route -n\nKernel IP routing table\n…');
 * bundle.hosts[0].sections[0].format; // 'route-n'
 */
export function ingest(input: IngestInput, options: IngestOptions = {}): Bundle {
  const name = options.name ?? 'paste';
  const list = Array.isArray(input) ? (input as unknown[]) : [input];
  const inputs = list.map((value, index) => toInput(value, list.length > 1 && typeof value === 'string' ? `${name}#${index + 1}` : name));
  const plain = inputs.filter((i) => i.host === undefined);
  const bundle = plain.length > 0 || inputs.length === 0 ? ingestTranscripts(plain) : { hosts: [], cluster: [], unattributed: [], notes: [], diagnostics: [] };
  for (const input of inputs) if (input.host !== undefined) adoptInto(bundle, ingestTranscripts([input]), safeHostName(input.host));
  return bundle;
}

/** Adds a text's bundle to another; the sections it could not attribute go to the host its input names. */
function adoptInto(bundle: Bundle, part: Bundle, host: string): void {
  // each host's entry, and how many sections of each command and format it holds: looked up, not
  // counted again for every section placed (40,000 sections took 30 s)
  const entries = new Map(bundle.hosts.map((h) => [h.name, h]));
  const counts = new Map<Bundle['hosts'][number], Map<string, number>>();
  const keyOf = (section: { command: string | null; format: string | null }): string => JSON.stringify([section.command, section.format]);
  const hostOf = (name: string): Bundle['hosts'][number] => {
    let entry = entries.get(name);
    if (!entry) {
      entry = { name, sections: [] };
      bundle.hosts.push(entry);
      entries.set(name, entry);
    }
    return entry;
  };
  const place = (name: string, section: Bundle['hosts'][number]['sections'][number]): void => {
    const entry = hostOf(name);
    let seen = counts.get(entry);
    if (!seen) {
      seen = new Map();
      for (const s of entry.sections) seen.set(keyOf(s), (seen.get(keyOf(s)) ?? 0) + 1);
      counts.set(entry, seen);
    }
    const key = keyOf(section);
    const before = seen.get(key) ?? 0;
    seen.set(key, before + 1);
    entry.sections.push({ ...section, snapshot: before + 1 });
  };
  for (const h of part.hosts) for (const section of h.sections) place(h.name, section);
  for (const { section } of part.unattributed) place(host, section);
  append(bundle.cluster, part.cluster);
  for (const note of part.notes) bundle.notes.push({ ...note, host: note.host ?? host });
  append(bundle.diagnostics, part.diagnostics);
}
