// What every format module gives the registry: its id, the commands it reads, its record
// schema, and four functions that never throw on any string.
import type { z } from 'zod';
import type { Diagnostic } from '../core';

/** Format ids are the command or its long option; fixed across the project. */
export const FORMAT_IDS = [
  'route-n', 'ip-route', 'ip-addr', 'ip-link', 'ip-rule', 'ip-neigh', 'bridge-fdb', 'ifconfig',
  'iptables-save', 'iptables-list-rules', 'iptables-list', 'flannel-log', 'flannel-subnet-env',
  'kubectl-get', 'nft-ruleset', 'etcdctl-get', 'sysctl',
] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

/** What a parse returns, and what `netsift parse` prints. */
export interface Parsed<R> {
  format: FormatId;
  records: R[];
  diagnostics: Diagnostic[];
}

/**
 * What the command tells a parser that its output does not say: `{ dev: 'flannel.1' }` for
 * `ip neigh show dev flannel.1`, `{ table: 'nat', chain: 'KUBE-NODEPORTS' }` for
 * `iptables -t nat -L KUBE-NODEPORTS`. Formats ignore the options they do not know.
 */
export type ParseOptions = Readonly<Record<string, string>>;

export interface FormatModule<R> {
  id: FormatId;
  title: string;
  /** The commands (and common variants) whose output this format reads. */
  commands: readonly string[];
  /** Zod schema of one record; JSON Schema in docs/ is generated from it. */
  schema: z.ZodType<R>;
  parse(text: string, options?: ParseOptions): Parsed<R>;
  /** 0–1: how much the first lines look like this format. */
  sniff(text: string): number;
  /** Writes records back in the tool's exact layout. */
  print(records: readonly R[]): string;
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
