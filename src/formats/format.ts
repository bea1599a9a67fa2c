// What every format module gives the registry: its id, the commands it reads, its record
// schema, and four functions that never throw on any string.
import type { z } from 'zod';
import type { Diagnostic } from '../core';
import type { SharedRuleParts } from './shared/iptables/rule';

/** Format ids are the command or its long option; fixed across the project. */
export const FORMAT_IDS = [
  'route-n', 'ip-route', 'ip-addr', 'ip-link', 'ip-rule', 'ip-neigh', 'bridge-fdb', 'ifconfig',
  'iptables-save', 'iptables-list-rules', 'iptables-list', 'flannel-log', 'flannel-subnet-env',
  'kubectl-get', 'nft-ruleset', 'etcdctl-get', 'sysctl', 'ipvsadm', 'ipset',
] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

/**
 * The format a parse names. A format's own parser (parseRouteN, …) and parse(id) with a known id
 * give that id (a FormatId); parse('auto', text) gives the id it sniffed, or "unknown" when no format
 * matched; parse() with an id no format has gives that id back as it was passed. The last two come
 * with no record and one unknown-format diagnostic.
 */
export type ParsedFormat = FormatId | 'unknown' | (string & {});

/** What a parse returns, and what `netsift parse` prints. `format`: see ParsedFormat. */
export interface Parsed<R, F extends string = ParsedFormat> {
  format: F;
  records: R[];
  diagnostics: Diagnostic[];
}

/**
 * What the command tells a parser that its output does not say: `{ dev: 'flannel.1' }` for
 * `ip neigh show dev flannel.1`, `{ table: 'nat', chain: 'KUBE-NODEPORTS' }` for
 * `iptables -t nat -L KUBE-NODEPORTS`. Formats ignore the options they do not know.
 */
export type ParseOptions = Readonly<Record<string, string>>;

/**
 * What the parses of one input share (buildModel gives one to every section of a bundle):
 * `ruleParts`, the iptables listings' rule parts, so that a match or target that reads the same on
 * many nodes is built and held once. Without it each parse has its own. `packRules`: iptables-save's
 * rules as PackedRule objects (src/formats/shared/iptables/packed.ts), which read as records and
 * write the same JSON but make their spans when asked for: for a model of many nodes.
 */
export interface ParseContext {
  ruleParts?: SharedRuleParts;
  packRules?: boolean;
}

export interface FormatModule<R> {
  id: FormatId;
  title: string;
  /** The commands (and common variants) whose output this format reads. */
  commands: readonly string[];
  /** Zod schema of one record; JSON Schema in docs/ is generated from it. */
  schema: z.ZodType<R>;
  parse(text: string, options?: ParseOptions, context?: ParseContext): Parsed<R>;
  /** 0–1: how much the first lines look like this format. */
  sniff(text: string): number;
  /** Writes records back in the tool's exact layout. */
  print(records: readonly R[]): string;
  /**
   * For a format whose records share parts, frozen (route -n's flag-name lists): gives a record
   * rebuilt from JSON (unpackParsed) the shared parts a parse would have given it.
   */
  share?(record: R): void;
}

export function defineFormat<R>(module: FormatModule<R>): FormatModule<R> {
  return module;
}

/** The first `count` non-empty lines of a text, cheaply, for sniffers. */
export function firstLines(text: string, count = 8): string[] {
  const lines: string[] = [];
  let start = 0;
  while (lines.length < count && start < text.length && start < 64 * 1024) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).trimEnd();
    if (line.trim().length > 0) lines.push(line);
    start = end + 1;
  }
  return lines;
}

/**
 * Top-level keys of the first object in `ip -j` / `bridge -j` output (a JSON array of objects),
 * read without parsing the whole text; null when the text does not start like one.
 */
export function firstJsonObjectKeys(text: string, limit = 8192): Set<string> | null {
  let i = 0;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  if (text[i] !== '[') return null;
  i++;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  if (text[i] !== '{') return null;
  const keys = new Set<string>();
  let depth = 0;
  const end = Math.min(text.length, i + limit);
  for (; i < end; i++) {
    const c = text[i];
    if (c === '"') {
      const close = text.indexOf('"', i + 1);
      if (close === -1) break;
      let after = close + 1;
      while (after < end && (text[after] === ' ' || text[after] === '\n' || text[after] === '\t' || text[after] === '\r')) after++;
      if (depth === 1 && text[after] === ':') keys.add(text.slice(i + 1, close));
      i = close;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) break;
    }
  }
  return keys;
}

export interface Detection {
  /** The most likely format, or null when nothing scores above zero. */
  format: FormatId | null;
  confidence: number;
  /** Every format with a score above zero, best first. */
  candidates: { format: FormatId; confidence: number }[];
}

/**
 * detectFormat's scoring over any list of sniffers in tie-break order: the registry passes its
 * modules, the CLI's lazy catalog (`./lazy`) the sniff modules alone. Never throws.
 */
export function detectWith(sniffers: readonly { id: FormatId; sniff(text: string): number }[], text: string): Detection {
  const candidates: { format: FormatId; confidence: number }[] = [];
  for (const format of sniffers) {
    let confidence = 0;
    try {
      confidence = format.sniff(text);
    } catch {
      confidence = 0; // a sniffer bug must not stop detection; its tests catch it
    }
    if (confidence > 0) candidates.push({ format: format.id, confidence });
  }
  candidates.sort((a, b) => b.confidence - a.confidence);
  const best = candidates[0];
  return { format: best?.format ?? null, confidence: best?.confidence ?? 0, candidates };
}

function internalDiagnostic(format: string, error: unknown): Diagnostic {
  return {
    code: 'internal', severity: 'error',
    message: `The ${format} parser failed (${error instanceof Error ? error.message : String(error)}); this is a netsift bug.`,
    span: { line: 1, column: 1, offset: 0, length: 0, text: '' },
  };
}

/**
 * parse's last step, shared by the registry and the lazy catalog: `module` is the format `id`
 * names (undefined when none does; `id` null when "auto" found nothing). Never throws.
 */
export function parseWith(
  module: Pick<FormatModule<unknown>, 'id' | 'parse'> | undefined, id: string | null, known: readonly FormatId[], input: string, options?: ParseOptions, context?: ParseContext,
): Parsed<unknown> {
  if (!module) {
    return {
      format: id ?? 'unknown',
      records: [],
      diagnostics: [{
        code: 'unknown-format', severity: 'error',
        message: id === null ? 'No known format matches this text.' : `Unknown format "${id}".`,
        span: { line: 1, column: 1, offset: 0, length: 0, text: '' },
        expected: [...known],
      }],
    };
  }
  try {
    return module.parse(input, options, context);
  } catch (error) {
    return { format: module.id, records: [], diagnostics: [internalDiagnostic(module.id, error)] };
  }
}
