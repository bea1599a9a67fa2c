// The ingest room's front door: a paste (or several) in, a Bundle of hosts and their sections out.
import { ingestTranscripts, type TranscriptInput } from './transcript';
import type { Bundle } from './bundle';

export { Bundle, Section, Note, HostSections, Unattributed, Origin } from './bundle';
export { readCommand, type CommandMatch } from './command';
export { findPrompts, type Prompt, type PromptStyle } from './prompt';
export type { TranscriptInput } from './transcript';

/** What ingest reads: one text ("paste"), a named text, or several in order (a story across files). */
export type IngestInput = string | TranscriptInput | readonly (string | TranscriptInput)[];

export interface IngestOptions {
  /** The name of an unnamed text (default "paste"). */
  name?: string;
}

function toInput(value: unknown, name: string): TranscriptInput {
  if (typeof value === 'string') return { name, text: value };
  if (value && typeof value === 'object') {
    const record = value as { name?: unknown; text?: unknown };
    return {
      name: typeof record.name === 'string' ? record.name : name,
      text: typeof record.text === 'string' ? record.text : String(record.text ?? ''),
    };
  }
  return { name, text: value === undefined || value === null ? '' : String(value) };
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
  return ingestTranscripts(inputs);
}
