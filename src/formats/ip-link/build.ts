// Turns the grammar's units of ip link output into the parts of an interface record: header
// fields, link fields, -d kind and slave lines, -s counters. parse.ts decides which record a
// unit belongs to; here each unit becomes typed values, without regexes.
import type { Token } from '../engine/lex';
import type { LinkUnit } from '../shared/iproute2-link/build';
import type { Span } from '../../core';
import type { IpLinkInterface } from './schema';

export type IpLinkUnit =
  | LinkUnit
  | { kind: 'oneline'; parts: IpLinkUnit[] }
  | { kind: 'briefLink'; name: Token; state: Token; address: Token | null; flags: Token };

/** A record being assembled: the interface fields, and where it starts and ends in the text. */
export interface Draft {
  record: Omit<IpLinkInterface, 'span'> & { span?: Span };
  start: Span;
  end: number;
}




export function emptyInterface(): Draft['record'] {
  return { ifname: '' };
}










const KEYS = [
  'index', 'ifname', 'link', 'linkIndex', 'flags', 'isUp', 'isLowerUp', 'mtu', 'qdisc', 'master', 'state', 'mode', 'group',
  'qlen', 'linkType', 'address', 'broadcast', 'peer', 'permaddr', 'linkNetns', 'linkNetnsid', 'promiscuity', 'allmulti',
  'minmtu', 'maxmtu', 'linkinfo', 'slave', 'vxlan', 'properties', 'alias', 'altnames', 'stats', 'span',
] as const;
/** Keys in one fixed order whatever the input layout, so JSON output and deep equality are stable. */
export function orderInterface(record: Draft['record']): IpLinkInterface {
  const out: Record<string, unknown> = {};
  for (const key of KEYS) if (record[key] !== undefined) out[key] = record[key];
  return out as IpLinkInterface;
}


// What ip addr and ip link build alike lives in src/formats/shared/iproute2-link/build.ts.
export {
  applyHeader, applyKind, applyLink, counters, linkFlags, linkInfo, orderVxlan, splitName, statsKey, vxlanFromOptions,
} from '../shared/iproute2-link/build';
export type { StatsKey } from '../shared/iproute2-link/build';
