// Every format by id, the generic parse(), and detectFormat(): the formats room's front door.
import type { Detection, FormatId, FormatModule, ParseContext, ParseOptions, Parsed } from './format';
import { detectWith, parseWith } from './format';
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
import { ipvsadm } from './ipvsadm';
import { ipset } from './ipset';

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
  ipvsadm as FormatModule<unknown>,
  ipset as FormatModule<unknown>,
];

const byId = new Map<string, FormatModule<unknown>>(formats.map((format) => [format.id, format]));
const ids = formats.map((format) => format.id);

export function getFormat(id: string): FormatModule<unknown> | undefined {
  return byId.get(id);
}

export function isFormatId(id: string): id is FormatId {
  return byId.has(id);
}

export type { Detection } from './format';

/** Names the most likely format of a text, with a confidence from 0 to 1. Never throws. */
export function detectFormat(text: string): Detection {
  return detectWith(formats, text);
}

/**
 * Parses `text` as `format` ("auto" sniffs it), with what the command told (`{ dev }`,
 * `{ table, chain }`), and what the parses of one input share (`context`, see ParseContext). Never
 * throws: an unknown format id or a parser bug comes back as a diagnostic.
 */
export function parse(format: FormatId, text: string, options?: ParseOptions, context?: ParseContext): Parsed<unknown, FormatId>;
export function parse(format: 'auto', text: string, options?: ParseOptions, context?: ParseContext): Parsed<unknown, FormatId | 'unknown'>;
export function parse(format: FormatId | 'auto' | (string & {}), text: string, options?: ParseOptions, context?: ParseContext): Parsed<unknown>;
export function parse(format: FormatId | 'auto' | (string & {}), text: string, options?: ParseOptions, context?: ParseContext): Parsed<unknown> {
  const input = typeof text === 'string' ? text : String(text);
  const id = format === 'auto' ? detectFormat(input).format : format;
  return parseWith(id === null ? undefined : byId.get(id), id, ids, input, options, context);
}
