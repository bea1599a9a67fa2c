// Every format by id, the generic parse(), and detectFormat(): the formats room's front door.
import type { Diagnostic } from '../core';
import type { FormatId, FormatModule, ParseOptions, Parsed } from './format';
import { routeN } from './route-n';
import { ipRoute } from './ip-route';
import { ipAddr } from './ip-addr';
import { ipLink } from './ip-link';
import { bridgeFdb } from './bridge-fdb';
import { ipNeigh } from './ip-neigh';
import { ipRule } from './ip-rule';
import { ifconfig } from './ifconfig';
import { flannelLog } from './flannel-log';
import { iptablesList } from './iptables-list';
import { iptablesSave } from './iptables-save';
import { iptablesListRules } from './iptables-list-rules';
import { nftRuleset } from './nft-ruleset';
import { kubectlGet } from './kubectl-get';
import { flannelSubnetEnv } from './flannel-subnet-env';
import { etcdctlGet } from './etcdctl-get';
import { sysctl } from './sysctl';

/** Registered formats in the order detectFormat breaks ties. */
export const formats: readonly FormatModule<unknown>[] = [
  routeN as FormatModule<unknown>,
  ipRoute as FormatModule<unknown>,
  ipAddr as FormatModule<unknown>,
  ipLink as FormatModule<unknown>,
  bridgeFdb as FormatModule<unknown>,
  ipNeigh as FormatModule<unknown>,
  ipRule as FormatModule<unknown>,
  ifconfig as FormatModule<unknown>,
  iptablesSave as FormatModule<unknown>,
  iptablesListRules as FormatModule<unknown>,
  iptablesList as FormatModule<unknown>,
  nftRuleset as FormatModule<unknown>,
  kubectlGet as FormatModule<unknown>,
  flannelLog as FormatModule<unknown>,
  flannelSubnetEnv as FormatModule<unknown>,
  etcdctlGet as FormatModule<unknown>,
  sysctl as FormatModule<unknown>,
];

const byId = new Map<string, FormatModule<unknown>>(formats.map((format) => [format.id, format]));

export function getFormat(id: string): FormatModule<unknown> | undefined {
  return byId.get(id);
}

export function isFormatId(id: string): id is FormatId {
  return byId.has(id);
}

export interface Detection {
  /** The most likely format, or null when nothing scores above zero. */
  format: FormatId | null;
  confidence: number;
  /** Every format with a score above zero, best first. */
  candidates: { format: FormatId; confidence: number }[];
}

/** Names the most likely format of a text, with a confidence from 0 to 1. Never throws. */
export function detectFormat(text: string): Detection {
  const candidates: { format: FormatId; confidence: number }[] = [];
  for (const format of formats) {
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
 * Parses `text` as `format` ("auto" sniffs it), with what the command told (`{ dev }`,
 * `{ table, chain }`). Never throws: an unknown format id or a parser bug comes back as a diagnostic.
 */
export function parse(format: FormatId | 'auto' | (string & {}), text: string, options?: ParseOptions): Parsed<unknown> {
  const input = typeof text === 'string' ? text : String(text);
  const id = format === 'auto' ? detectFormat(input).format : format;
  const module = id === null ? undefined : byId.get(id);
  if (!module) {
    return {
      format: (id ?? 'unknown') as FormatId,
      records: [],
      diagnostics: [{
        code: 'unknown-format', severity: 'error',
        message: id === null ? 'No known format matches this text.' : `Unknown format "${id}".`,
        span: { line: 1, column: 1, offset: 0, length: 0, text: '' },
        expected: formats.map((f) => f.id),
      }],
    };
  }
  try {
    return module.parse(input, options);
  } catch (error) {
    return { format: module.id, records: [], diagnostics: [internalDiagnostic(module.id, error)] };
  }
}
