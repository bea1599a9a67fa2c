// Turns a grammar unit of bridge fdb show into a typed entry: numbers, used/updated timers,
// flags in print order, the derived isDynamic / isMulticast. Shared with the -j reader.
import type { Token } from '../engine/lex';
import { isIPv4, isIPv6, type Diagnostic, type Span } from '../../core';
import type { BridgeFdbEntry, BridgeFdbFlag } from './schema';

export interface BridgeFdbItem {
  key: Token;
  value: Token | null;
}
export interface BridgeFdbUnit {
  kind: 'entry';
  deleted: Token | null;
  mac: Token;
  items: BridgeFdbItem[];
  [key: string]: unknown;
}

/** The fields of an entry before derivation and key ordering. */
export type EntryFields = Omit<BridgeFdbEntry, 'isDynamic' | 'isMulticast' | 'span'>;

export function tokenSpan(token: Token): Span {
  return { line: token.line, column: token.col, offset: token.offset, length: token.text.length, text: token.text };
}

const NUD_NOARP = 0x40;
const NUD_PERMANENT = 0x80;

/** Whether an entry with this printed state ages out (state_n2a: "" is NUD_REACHABLE). */
export function isDynamicState(state: string): boolean {
  if (state === 'permanent' || state === 'static') return false;
  if (state === '' || state === 'stale') return true;
  if (state.startsWith('state=0x')) {
    const bits = Number.parseInt(state.slice(8), 16);
    return Number.isFinite(bits) && (bits & (NUD_PERMANENT | NUD_NOARP)) === 0;
  }
  return true;
}

/** The group bit of the first byte: 33:33:… (IPv6) and 01:00:5e:… (IPv4) multicast. */
export function isMulticastMac(mac: string): boolean {
  const first = Number.parseInt(mac.slice(0, 2), 16);
  return Number.isFinite(first) && (first & 1) === 1;
}

// Print order of fdb_print_flags (iproute2 6.x); the record keeps the order read.
const FLAG_TYPES: Record<string, BridgeFdbFlag> = {
  kwSelf: 'self', kwRouter: 'router', kwExternLearn: 'extern_learn', kwOffload: 'offload',
  kwMaster: 'master', kwSticky: 'sticky', kwLocked: 'locked',
};
const INT_KEYS: Record<string, 'vlan' | 'port' | 'vni' | 'srcVni' | 'nhid' | 'linkNetnsid'> = {
  kwVlan: 'vlan', kwPort: 'port', kwVni: 'vni', kwSrcVni: 'srcVni', kwNhid: 'nhid', kwLinkNetnsid: 'linkNetnsid',
};

const FIELD_ORDER = [
  'deleted', 'mac', 'dev', 'dst', 'vlan', 'port', 'vni', 'srcVni', 'via', 'viaIfindex', 'nhid', 'linkNetnsid',
  'activityNotify', 'inactive', 'norefresh', 'used', 'updated', 'flags', 'master', 'state',
] as const;

/** Adds the derived fields and puts keys in one fixed order, so text and -j records compare equal. */
export function finishEntry(fields: EntryFields, span: Span): BridgeFdbEntry {
  const out: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) {
    const value = fields[key];
    if (value !== undefined) out[key] = value;
  }
  out.isDynamic = isDynamicState(fields.state);
  out.isMulticast = isMulticastMac(fields.mac);
  out.span = span;
  return out as BridgeFdbEntry;
}

function outOfRange(value: Token, key: Token): Diagnostic {
  return {
    code: 'invalid-value', severity: 'warning',
    message: `"${value.text}" is out of range for ${key.text}; it was not read.`, span: tokenSpan(value), expected: ['a number from 0 to 2^53'],
  };
}

function repeated(token: Token): Diagnostic {
  return {
    code: 'invalid-value', severity: 'warning',
    message: `"${token.text}" appears twice in one entry; the last one was kept.`, span: tokenSpan(token),
  };
}

/** Builds one entry; `dev` fills the device when the line has none (bridge fdb show dev X). */
export function buildEntry(unit: BridgeFdbUnit, span: Span, dev: string | null): { record: BridgeFdbEntry; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const fields: EntryFields = { mac: unit.mac.text, dev: null, flags: [], state: '' };
  if (unit.deleted) fields.deleted = true;
  let hasDev = false;
  let hasState = false;
  for (const { key, value } of unit.items) {
    const type = key.type as string;
    const flag = FLAG_TYPES[type];
    if (value === null) {
      if (flag) {
        if (fields.flags.includes(flag)) diagnostics.push(repeated(key));
        else fields.flags.push(flag);
        continue;
      }
      switch (type) {
        case 'kwActivityNotify': fields.activityNotify = true; break;
        case 'kwInactive': fields.inactive = true; break;
        case 'kwNorefresh': fields.norefresh = true; break;
        default:
          // permanent, static, stale, state=0x…
          if (hasState) diagnostics.push(repeated(key));
          hasState = true;
          fields.state = key.text;
      }
      continue;
    }
    const intKey = INT_KEYS[type];
    if (intKey) {
      const number = Number.parseInt(value.text, 10);
      // link-netnsid is printed with %d; the others are unsigned
      if (!Number.isSafeInteger(number) || (number < 0 && intKey !== 'linkNetnsid')) {
        diagnostics.push(outOfRange(value, key));
        continue;
      }
      if (fields[intKey] !== undefined) diagnostics.push(repeated(key));
      fields[intKey] = number;
      continue;
    }
    switch (type) {
      case 'kwDev':
        if (hasDev) diagnostics.push(repeated(key));
        fields.dev = value.text;
        hasDev = true;
        break;
      case 'kwMaster':
        if (fields.master !== undefined) diagnostics.push(repeated(key));
        fields.master = value.text;
        break;
      case 'kwVia':
        if (fields.via !== undefined) diagnostics.push(repeated(key));
        fields.via = value.text;
        break;
      // "via ifindex N": the grammar keys it by "ifindex"
      case 'kwIfindex': {
        const number = Number.parseInt(value.text, 10);
        if (!Number.isSafeInteger(number) || number < 0) diagnostics.push(outOfRange(value, key));
        else {
          if (fields.viaIfindex !== undefined) diagnostics.push(repeated(key));
          fields.viaIfindex = number;
        }
        break;
      }
      case 'kwUsed': {
        const slash = value.text.indexOf('/');
        const used = Number.parseInt(value.text.slice(0, slash), 10);
        const updated = Number.parseInt(value.text.slice(slash + 1), 10);
        if (!Number.isSafeInteger(used) || !Number.isSafeInteger(updated)) diagnostics.push(outOfRange(value, key));
        else {
          if (fields.used !== undefined) diagnostics.push(repeated(key));
          fields.used = used;
          fields.updated = updated;
        }
        break;
      }
      case 'kwDst':
        if (fields.dst !== undefined) diagnostics.push(repeated(key));
        fields.dst = value.text;
        if ((value.type === 'ipv4' && !isIPv4(value.text)) || ((value.type === 'ipv6' || value.type === 'mac') && !isIPv6(value.text)))
          diagnostics.push({
            code: 'invalid-value', severity: 'warning',
            message: `"${value.text}" is not a valid address; dst was kept as printed.`, span: tokenSpan(value), expected: ['an IP address'],
          });
        break;
    }
  }
  if (!hasDev) fields.dev = dev;
  return { record: finishEntry(fields, span), diagnostics };
}
