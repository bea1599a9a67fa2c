// Turns grammar units of ifconfig into typed pieces of an interface record: flags decoded from
// the number (linux/if.h bits), prefix lengths from netmasks, scopes in English, counters as numbers.
import type { Token } from '../engine/lex';
// core/ip, not the core index: the index also holds the zod schemas, which `netsift parse ifconfig` need not load
import { maskToPrefix, parseIPv4, parseIPv6 } from '../../core/ip';
import type { Diagnostic, Span } from '../../core';
import type { IfconfigDevice, IfconfigFlag, IfconfigInet, IfconfigInet6, IfconfigInterface, IfconfigRx, IfconfigTx } from './schema';
import { CLASSIC_SCOPES, CS_FLAGS, CS_SCOPES, FLAG_BITS, SHORT_FLAG_LETTERS, type FlagName } from './words';
import { decimalValue } from '../engine/decimal';

type T = Token;
export type IfconfigUnit =
  | { kind: 'header'; name: T; flags: T; mtu: T; metric: T | null }
  | { kind: 'classic-header'; name: T; encap: T; hwAddress: T | null }
  | { kind: 'inet'; address: T; netmask: T; broadcast: T | null; destination: T | null }
  | { kind: 'inet6'; address: T; prefixLength: T | null; scopeid: T | null; scope: T | null }
  | { kind: 'hw'; hwName: T; hwAddress: T | null; txqueuelen: T | null; title: T }
  | { kind: 'classic-flags'; flags: T[]; mtu: T; metric: T }
  | { kind: 'rx-packets' | 'tx-packets'; packets: T; bytes: T; size: T }
  | { kind: 'rx-errors'; errors: T; dropped: T; overruns: T; frame: T }
  | { kind: 'tx-errors'; errors: T; dropped: T; overruns: T; carrier: T; collisions: T }
  | { kind: 'rx-compressed' | 'tx-compressed' | 'classic-rx-compressed'; compressed: T }
  | { kind: 'classic-rx'; packets: T; errors: T; dropped: T; overruns: T; frame: T }
  | { kind: 'classic-tx'; packets: T; errors: T; dropped: T; overruns: T; carrier: T }
  | { kind: 'classic-collisions'; collisions: T; compressed: T | null; txqueuelen: T | null }
  | { kind: 'classic-bytes'; rxBytes: T; rxSize: T; txBytes: T; txSize: T }
  | { kind: 'device' | 'classic-device'; interrupt: T | null; base: T | null; memory: T | null; dma: T | null }
  | { kind: 'short-header'; header: T }
  | { kind: 'short-row'; name: T; mtu: T; numbers: T[] | null; flags: T };

export function tokenSpan(token: Token): Span {
  return { line: token.line, column: token.col, offset: token.offset, length: token.text.length, text: token.text };
}

const int = (token: Token): number => decimalValue(token.text);
const intOrNull = (token: Token | null): number | null => (token ? decimalValue(token.text) : null);
/** "(8.9 GiB)" → "8.9 GiB" */
const inside = (token: Token): string => token.text.slice(1, -1);

function invalid(token: Token, what: string, severity: Diagnostic['severity'] = 'error'): Diagnostic {
  return {
    code: 'invalid-value', severity,
    message: `Expected ${what}; this value was not read.`, span: tokenSpan(token), expected: [what],
  };
}

/** Flag names of a flags number, in print order (net-tools prints only these bits by name). */
export function flagNamesOf(flags: number): IfconfigFlag[] {
  const names: IfconfigFlag[] = [];
  for (const [name, bit] of FLAG_BITS) if (flags & bit) names.push(name);
  return names;
}

/** The flags number of a set of names (classic and -s layouts print no number). */
export function flagsOf(names: readonly IfconfigFlag[]): number {
  let flags = 0;
  for (const [name, bit] of FLAG_BITS) if (names.includes(name)) flags |= bit;
  return flags;
}

const inCanonicalOrder = (names: Iterable<IfconfigFlag>): IfconfigFlag[] => {
  const set = new Set(names);
  return FLAG_BITS.map(([name]) => name).filter((name) => set.has(name));
};

export function splitName(name: string): { baseName: string; alias: string | null } {
  const colon = name.indexOf(':');
  return colon === -1 ? { baseName: name, alias: null } : { baseName: name.slice(0, colon), alias: name.slice(colon + 1) };
}

/** An interface record being assembled from its units. */
export interface Draft {
  name: string;
  layout: IfconfigInterface['layout'];
  flags: number | null;
  flagNames: IfconfigFlag[];
  mtu: number | null;
  metric: number | null;
  hwName: string | null;
  hwTitle: string | null;
  hwAddress: string | null;
  txqueuelen: number | null;
  addresses: (IfconfigInet | IfconfigInet6)[];
  rx: IfconfigRx | null;
  tx: IfconfigTx | null;
  device: IfconfigDevice | null;
}

function draft(name: string, layout: Draft['layout']): Draft {
  return {
    name, layout, flags: null, flagNames: [], mtu: null, metric: null, hwName: null, hwTitle: null, hwAddress: null,
    txqueuelen: null, addresses: [], rx: null, tx: null, device: null,
  };
}

export function finish(d: Draft, span: Span): IfconfigInterface {
  const { baseName, alias } = splitName(d.name);
  return {
    name: d.name, baseName, alias, layout: d.layout, flags: d.flags, flagNames: d.flagNames,
    up: d.flagNames.includes('UP'), running: d.flagNames.includes('RUNNING'),
    mtu: d.mtu, metric: d.metric, hwName: d.hwName, hwTitle: d.hwTitle, hwAddress: d.hwAddress,
    txqueuelen: d.txqueuelen, addresses: d.addresses, rx: d.rx, tx: d.tx, device: d.device, span,
  };
}

/** 2.x header: "eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500". */
export function startModern(unit: Extract<IfconfigUnit, { kind: 'header' }>, diagnostics: Diagnostic[]): Draft {
  const d = draft(unit.name.text.slice(0, -1), 'modern');
  const text = unit.flags.text; // flags=4163<UP,…>
  const lt = text.indexOf('<');
  const flags = Number(text.slice(6, lt));
  d.flags = flags;
  d.flagNames = flagNamesOf(flags);
  // the names are printed from the same number; a mismatch means an edited paste
  const printed = text.slice(lt + 1, text.endsWith('>') ? -1 : undefined);
  const names = printed === '' ? [] : printed.split(',').map((word) => (Object.hasOwn(CS_FLAGS, word) ? CS_FLAGS[word] : word));
  // names in a language we do not know cannot be checked; the number is what flagNames follows
  const known = names.every((name) => FLAG_BITS.some(([flag]) => flag === name));
  if (known && names.join(',') !== d.flagNames.join(','))
    diagnostics.push({
      code: 'invalid-value', severity: 'warning',
      message: `The flag names do not match flags=${flags} (${d.flagNames.join(',')}); flagNames follows the number.`,
      span: tokenSpan(unit.flags), expected: [d.flagNames.join(',')],
    });
  d.mtu = int(unit.mtu);
  d.metric = intOrNull(unit.metric);
  return d;
}

/** Classic header: "eth0      Link encap:Ethernet  HWaddr 52:54:00:86:01:89". */
export function startClassic(unit: Extract<IfconfigUnit, { kind: 'classic-header' }>): Draft {
  const d = draft(unit.name.text, 'classic');
  const encap = unit.encap.text;
  d.hwTitle = encap.slice(encap.indexOf(':') + 1);
  d.hwAddress = unit.hwAddress?.text ?? null;
  return d;
}

export function addInet(d: Draft, unit: Extract<IfconfigUnit, { kind: 'inet' }>, span: Span, diagnostics: Diagnostic[]): void {
  for (const token of [unit.address, unit.netmask, unit.broadcast, unit.destination])
    if (token && parseIPv4(token.text) === null) {
      diagnostics.push(invalid(token, 'an IPv4 address'));
      return;
    }
  const mask = maskToPrefix(unit.netmask.text) as { prefixLength: number; contiguous: boolean };
  if (!mask.contiguous)
    diagnostics.push({
      code: 'non-contiguous-mask', severity: 'warning',
      message: `Netmask ${unit.netmask.text} has non-contiguous one bits; prefixLength counts its one bits.`,
      span: tokenSpan(unit.netmask),
    });
  d.addresses.push({
    family: 'inet', address: unit.address.text, netmask: unit.netmask.text, prefixLength: mask.prefixLength,
    cidr: `${unit.address.text}/${mask.prefixLength}`, broadcast: unit.broadcast?.text ?? null,
    destination: unit.destination?.text ?? null, span,
  });
}

export function addInet6(d: Draft, unit: Extract<IfconfigUnit, { kind: 'inet6' }>, span: Span, diagnostics: Diagnostic[]): void {
  let address = unit.address.text;
  let prefixLength: number;
  let scopeid: number | null = null;
  let scope: string;
  if (unit.prefixLength && unit.scopeid) {
    prefixLength = int(unit.prefixLength);
    const text = unit.scopeid.text; // 0x20<link> or 0x1
    const lt = text.indexOf('<');
    scopeid = Number.parseInt(text.slice(2, lt === -1 ? undefined : lt), 16);
    const names = lt === -1 ? [] : text.slice(lt + 1, -1).split(',').filter((n) => n !== '');
    scope = names.map((n) => (Object.hasOwn(CS_SCOPES, n) ? CS_SCOPES[n] : n)).join(',') || 'unknown';
  } else {
    const slash = address.indexOf('/');
    if (slash === -1) {
      diagnostics.push(invalid(unit.address, 'an IPv6 address with its prefix length, such as fe80::1/64'));
      return;
    }
    prefixLength = Number(address.slice(slash + 1));
    address = address.slice(0, slash);
    const word = unit.scope?.text ?? '';
    scope = Object.hasOwn(CLASSIC_SCOPES, word) ? (CLASSIC_SCOPES[word] as string) : word.toLowerCase();
  }
  if (parseIPv6(address) === null || prefixLength > 128) {
    diagnostics.push(invalid(unit.address, 'an IPv6 address'));
    return;
  }
  d.addresses.push({ family: 'inet6', address, prefixLength, cidr: `${address}/${prefixLength}`, scopeid, scope, span });
}

export function setHw(d: Draft, unit: Extract<IfconfigUnit, { kind: 'hw' }>): void {
  d.hwName = unit.hwName.text;
  d.hwAddress = unit.hwAddress?.text ?? null;
  d.txqueuelen = intOrNull(unit.txqueuelen);
  d.hwTitle = inside(unit.title);
}

export function setClassicFlags(d: Draft, unit: Extract<IfconfigUnit, { kind: 'classic-flags' }>): void {
  d.flagNames = inCanonicalOrder(unit.flags.map((token) => token.text as FlagName));
  d.mtu = int(unit.mtu);
  d.metric = int(unit.metric);
}

const rxOf = (d: Draft): IfconfigRx =>
  (d.rx ??= { packets: null, bytes: null, bytesHuman: null, errors: null, dropped: null, overruns: null, frame: null, compressed: null });
const txOf = (d: Draft): IfconfigTx =>
  (d.tx ??= {
    packets: null, bytes: null, bytesHuman: null, errors: null, dropped: null, overruns: null, carrier: null,
    collisions: null, compressed: null,
  });

/** Counter and device lines of either layout. */
export function addCounters(d: Draft, unit: IfconfigUnit): void {
  switch (unit.kind) {
    case 'rx-packets': case 'tx-packets': {
      const side = unit.kind === 'rx-packets' ? rxOf(d) : txOf(d);
      side.packets = int(unit.packets);
      side.bytes = int(unit.bytes);
      side.bytesHuman = inside(unit.size);
      break;
    }
    case 'rx-errors': case 'classic-rx': {
      const rx = rxOf(d);
      if (unit.kind === 'classic-rx') rx.packets = int(unit.packets);
      rx.errors = int(unit.errors); rx.dropped = int(unit.dropped); rx.overruns = int(unit.overruns); rx.frame = int(unit.frame);
      break;
    }
    case 'tx-errors': case 'classic-tx': {
      const tx = txOf(d);
      if (unit.kind === 'classic-tx') tx.packets = int(unit.packets);
      else tx.collisions = int(unit.collisions);
      tx.errors = int(unit.errors); tx.dropped = int(unit.dropped); tx.overruns = int(unit.overruns); tx.carrier = int(unit.carrier);
      break;
    }
    case 'rx-compressed': case 'classic-rx-compressed':
      rxOf(d).compressed = int(unit.compressed);
      break;
    case 'tx-compressed':
      txOf(d).compressed = int(unit.compressed);
      break;
    case 'classic-collisions': {
      const tx = txOf(d);
      tx.collisions = int(unit.collisions);
      if (unit.compressed) tx.compressed = int(unit.compressed);
      if (unit.txqueuelen) d.txqueuelen = int(unit.txqueuelen);
      break;
    }
    case 'classic-bytes': {
      const rx = rxOf(d);
      const tx = txOf(d);
      rx.bytes = int(unit.rxBytes); rx.bytesHuman = inside(unit.rxSize);
      tx.bytes = int(unit.txBytes); tx.bytesHuman = inside(unit.txSize);
      break;
    }
    case 'device': case 'classic-device':
      d.device = {
        interrupt: intOrNull(unit.interrupt), base: unit.base?.text ?? null,
        memory: unit.memory?.text ?? null, dma: unit.dma?.text ?? null,
      };
      break;
    default:
      break;
  }
}

/** A row of ifconfig -s. */
export function buildShortRow(unit: Extract<IfconfigUnit, { kind: 'short-row' }>, span: Span, diagnostics: Diagnostic[]): IfconfigInterface {
  const d = draft(unit.name.text, 'short');
  d.mtu = int(unit.mtu);
  if (unit.numbers) {
    const [rp, re, rd, ro, tp, te, td, to] = unit.numbers.map(int) as [number, number, number, number, number, number, number, number];
    d.rx = { packets: rp, bytes: null, bytesHuman: null, errors: re, dropped: rd, overruns: ro, frame: null, compressed: null };
    d.tx = { packets: tp, bytes: null, bytesHuman: null, errors: te, dropped: td, overruns: to, carrier: null, collisions: null, compressed: null };
  }
  if (unit.flags.type !== 'noflags') {
    const names: IfconfigFlag[] = [];
    let at = 0;
    for (const letter of unit.flags.text) {
      let found = -1;
      for (let i = at; i < SHORT_FLAG_LETTERS.length; i++)
        if ((SHORT_FLAG_LETTERS[i] as readonly [string, FlagName])[0] === letter) { found = i; break; }
      if (found === -1) {
        diagnostics.push(invalid(unit.flags, 'flag letters in the order A B D L M d P N O P s m R U', 'warning'));
        break;
      }
      names.push((SHORT_FLAG_LETTERS[found] as readonly [string, FlagName])[1]);
      at = found + 1;
    }
    d.flagNames = inCanonicalOrder(names);
  }
  return finish(d, span);
}
