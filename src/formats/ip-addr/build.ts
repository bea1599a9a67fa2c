// Turns the grammar's units of ip addr output into the parts of an interface record: header
// fields, link fields, -d kind lines, addresses with lifetimes, -s counters. parse.ts decides
// which record a unit belongs to; here each unit becomes typed values, without regexes.
import type { Token } from '../engine/lex';
import type { LinkUnit, Pair } from '../shared/iproute2-link/build';
import type { Diagnostic, Span } from '../../core';
import type { IpAddrAddress, IpAddrInterface, IpAddrLifetime } from './schema';

export type IpAddrUnit =
  | LinkUnit
  | {
      kind: 'inet'; family: Token; local: [Token, Token | null]; items: Pair[]; scope: Token | null;
      flags: (Token | Pair)[]; label: Token | null;
    }
  | { kind: 'lifetime'; valid: Token; preferred: Token }
  | { kind: 'prefix'; index: Token; name: Token }
  | { kind: 'oneline'; parts: IpAddrUnit[] }
  | { kind: 'briefAddr'; name: Token; state: Token; addresses: { local: Token; peer: Token | null; metric: Token | null }[] }
  | { kind: 'briefLink'; name: Token; state: Token; address: Token | null; flags: Token };

/** A record being assembled: the interface fields, and where it starts and ends in the text. */
export interface Draft {
  record: Omit<IpAddrInterface, 'span'> & { span?: Span };
  start: Span;
  end: number;
  addresses: AddressDraft[];
}
export interface AddressDraft {
  address: Omit<IpAddrAddress, 'span'>;
  start: Span;
  end: number;
  hasLifetime: boolean;
}

const int = (token: Token): number => Number.parseInt(token.text, 10);



export function emptyInterface(): Draft['record'] {
  return { ifname: '', addresses: [] };
}







/** "127.0.0.1/8" → address and prefix; a bare address gets the full length. */
export function splitCidr(text: string, family: 'inet' | 'inet6'): { local: string; prefixLength: number } {
  const slash = text.indexOf('/');
  if (slash === -1) return { local: text, prefixLength: family === 'inet' ? 32 : 128 };
  return { local: text.slice(0, slash), prefixLength: Number.parseInt(text.slice(slash + 1), 10) };
}

export function buildAddress(unit: Extract<IpAddrUnit, { kind: 'inet' }>, diagnostics: Diagnostic[], span: Span): Omit<IpAddrAddress, 'span'> {
  const family = unit.family.type === 'kw_inet6' ? 'inet6' : 'inet';
  const [localToken, peerToken] = unit.local;
  // with a peer, ip prints the prefix length on the peer: "inet 172.30.0.1 peer 172.30.0.2/32"
  const local = splitCidr(localToken.text, family);
  const peer = peerToken ? splitCidr(peerToken.text, family) : null;
  const address: Omit<IpAddrAddress, 'span'> = {
    family, local: local.local, prefixLength: peer ? peer.prefixLength : local.prefixLength, flags: [],
    secondary: false, dynamic: false,
  };
  if (peer) address.peer = peer.local;
  if (address.prefixLength > (family === 'inet' ? 32 : 128))
    diagnostics.push({
      code: 'invalid-value', severity: 'warning', message: `Prefix length ${address.prefixLength} is too long for ${family}; it was kept as printed.`,
      span, expected: [family === 'inet' ? '0–32' : '0–128'],
    });
  for (const [key, value] of unit.items) {
    switch (key.type) {
      case 'kw_metric': address.metric = int(value); break;
      case 'kw_brd': address.broadcast = value.text; break;
      case 'kw_any': address.anycast = value.text; break;
      case 'kw_proto': address.proto = value.text; break;
    }
  }
  if (unit.scope) address.scope = unit.scope.text;
  for (const flag of unit.flags) {
    if (Array.isArray(flag)) address.flagsHex = flag[1].text;
    else address.flags.push(flag.text);
  }
  address.secondary = address.flags.includes('secondary') || address.flags.includes('temporary');
  address.dynamic = address.flags.includes('dynamic');
  if (unit.label) address.label = unit.label.text;
  return address;
}

export function lifetime(token: Token): IpAddrLifetime {
  return token.type === 'lft' ? 'forever' : Number.parseInt(token.text.slice(0, -3), 10);
}




const KEYS = [
  'index', 'ifname', 'link', 'linkIndex', 'flags', 'isUp', 'isLowerUp', 'mtu', 'qdisc', 'master', 'state', 'mode', 'group',
  'qlen', 'linkType', 'address', 'broadcast', 'peer', 'permaddr', 'linkNetns', 'linkNetnsid', 'promiscuity', 'allmulti',
  'minmtu', 'maxmtu', 'linkinfo', 'slave', 'vxlan', 'properties', 'alias', 'altnames', 'addresses', 'stats', 'span',
] as const;
/** Keys in one fixed order whatever the input layout, so JSON output and deep equality are stable. */
export function orderInterface(record: Draft['record']): IpAddrInterface {
  const out: Record<string, unknown> = {};
  for (const key of KEYS) if (record[key] !== undefined) out[key] = record[key];
  return out as IpAddrInterface;
}

const ADDRESS_KEYS = [
  'family', 'local', 'prefixLength', 'peer', 'metric', 'broadcast', 'anycast', 'proto', 'scope', 'flags', 'flagsHex',
  'label', 'secondary', 'dynamic', 'validLft', 'preferredLft', 'span',
] as const;
export function orderAddress(address: Omit<IpAddrAddress, 'span'> & { span: Span }): IpAddrAddress {
  const out: Record<string, unknown> = {};
  for (const key of ADDRESS_KEYS) if (address[key] !== undefined) out[key] = address[key];
  return out as IpAddrAddress;
}

// What ip addr and ip link build alike lives in src/formats/shared/iproute2-link/build.ts.
export {
  applyHeader, applyKind, applyLink, counters, linkFlags, linkInfo, orderVxlan, splitName, statsKey, vxlanFromOptions,
} from '../shared/iproute2-link/build';
export type { StatsKey } from '../shared/iproute2-link/build';
