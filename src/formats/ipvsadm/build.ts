// Turns grammar units of ipvsadm into typed records: addresses and ports out of "10.96.0.1:443",
// numbers with K/M/G/T back to their lower bound, forwarding methods and save switches to names.
import type { Token } from '../engine/lex';
// core/ip, not the core index: the index also holds the zod schemas, which `netsift parse ipvsadm` need not load
import { parseIPv4, parseIPv6 } from '../../core/ip';
import type { Diagnostic, Span } from '../../core';
import type { IpvsadmConnection, IpvsadmDestination, IpvsadmEntry, IpvsadmLayout, IpvsadmService, IpvsCounters, IpvsServiceKey } from './schema';

// a type, not an interface: units must be assignable to the engine's Record<string, unknown>
type Name = { protocol: Token; host: Token; inet6: Token | null };
export type IpvsadmUnit =
  | { kind: 'version'; version: Token }
  | { kind: 'header'; layout: IpvsadmLayout | 'connection' | null; header: Token }
  | ({ kind: 'service'; scheduler: Token | null; flags: Token | null; ops: Token | null; numbers: Token[] | null;
    persistence: { keyword: Token; timeout: Token; mask: Token | null; pe: Token | null } | null } & Name)
  | { kind: 'server'; arrow: Token; host: Token; forward: Token | null; tunnel: Token | null; numbers: Token[] }
  | ({ kind: 'save-service'; add: Token; scheduler: Token; options: { option: Token; value: Token | null }[] } & Name)
  | ({ kind: 'save-server'; add: Token; host: Token; server: Token; forward: Token; weight: Token; tunnel: { option: Token; value: Token | null }[] } & Omit<Name, 'host'> & { service: Token })
  | { kind: 'connection'; protocol: Token; expire: Token; state: Token; source: Token; virtual: Token; destination: Token; peName: Token | null; peData: Token | null }
  | { kind: 'timeout'; title: Token; tcp: Token; tcpFin: Token; udp: Token }
  | { kind: 'error'; error: 'cannot-initialize' | 'not-built-in' | 'no-such-service' | 'failed'; head: Token; words: Token[] };

export function tokenSpan(token: Token): Span {
  return { line: token.line, column: token.col, offset: token.offset, length: token.text.length, text: token.text };
}

/** An address and port as printed: "10.96.0.1:443", "[fd00::1]:443", a name and a service name (no -n). */
export function readHostPort(text: string): { address: string | null; port: number | null; family: 'inet' | 'inet6' | null } {
  const colon = text.lastIndexOf(':');
  // a name cut before its colon (no -n): neither address nor port is shown
  if (colon === -1) return { address: null, port: null, family: null };
  const portText = text.slice(colon + 1);
  const port = /^\d{1,5}$/.test(portText) && Number(portText) <= 65535 ? Number(portText) : null;
  let host = text.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) {
    host = host.slice(1, -1);
    // ipvsadm brackets IPv6 only (addrport_to_anyname): a host name in brackets is an IPv6 address's
    return { address: parseIPv6(host) === null ? null : host, port, family: 'inet6' };
  }
  return parseIPv4(host) === null ? { address: null, port, family: null } : { address: host, port, family: 'inet' };
}

const UNITS: Record<string, number> = { K: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/**
 * A number as print_largenum writes it: in full below 10^8, else divided (rounding down) and
 * suffixed K, M, G or T; the value of a suffixed one is its lower bound. Null (with a warning)
 * past what a JavaScript number holds exactly.
 */
export function readNumber(token: Token, diagnostics: Diagnostic[]): { value: number | null; abbreviated: boolean } {
  const text = token.text;
  const unit = UNITS[text.slice(-1)];
  const value = unit === undefined ? Number(text) : Number(text.slice(0, -1)) * unit;
  if (!Number.isSafeInteger(value)) {
    diagnostics.push({
      code: 'invalid-value', severity: 'warning',
      message: `${text} is more than netsift keeps exactly (2^53 - 1); it is read as unknown (null).`,
      span: tokenSpan(token), expected: ['a number below 2^53'],
    });
    return { value: null, abbreviated: unit !== undefined };
  }
  return { value, abbreviated: unit !== undefined };
}

function counters(numbers: readonly Token[], diagnostics: Diagnostic[]): { counters: IpvsCounters; abbreviated: boolean } {
  const read = numbers.map((token) => readNumber(token, diagnostics));
  const [a, b, c, d, e] = read.map((number) => number.value);
  return {
    counters: { connections: a ?? null, inPackets: b ?? null, outPackets: c ?? null, inBytes: d ?? null, outBytes: e ?? null },
    abbreviated: read.some((number) => number.abbreviated),
  };
}

const PROTOCOL_OF_SWITCH: Record<string, IpvsServiceKey['protocol']> = { '-t': 'TCP', '-u': 'UDP', '--sctp-service': 'SCTP', '-f': 'FWM' };

/** The service a name names (a listing's "TCP  10.96.0.1:443", "FWM  1 IPv6", a save's "-t 10.96.0.1:443", "-f 1 -6"). */
export function serviceKey(name: Name, diagnostics: Diagnostic[]): IpvsServiceKey {
  const protocol = PROTOCOL_OF_SWITCH[name.protocol.text] ?? (name.protocol.text as IpvsServiceKey['protocol']);
  if (protocol === 'FWM') {
    const { value } = readNumber(name.host, diagnostics);
    const fwmark = value !== null && value <= 0xffffffff ? value : null;
    return { protocol, name: name.host.text, address: null, port: null, fwmark, family: name.inet6 ? 'inet6' : 'inet' };
  }
  const { address, port, family } = readHostPort(name.host.text);
  return { protocol, name: name.host.text, address, port, fwmark: null, family };
}

/**
 * The key's fields alone: parse.ts hands a real server the service record before it, whose scheduler,
 * counters and span would otherwise ride along in the server's `service`.
 */
function keyOf(service: IpvsServiceKey): IpvsServiceKey {
  return { protocol: service.protocol, name: service.name, address: service.address, port: service.port, fwmark: service.fwmark, family: service.family };
}

/** A virtual service line of a listing. */
export function buildService(unit: Extract<IpvsadmUnit, { kind: 'service' }>, layout: IpvsadmLayout, span: Span, diagnostics: Diagnostic[]): IpvsadmService {
  const key = serviceKey(unit, diagnostics);
  const read = unit.numbers ? counters(unit.numbers, diagnostics) : null;
  const flagsText = unit.flags?.text.slice(1, -1) ?? '';
  const persistence = unit.persistence;
  return {
    type: 'service', layout, ...key,
    scheduler: unit.scheduler?.text ?? null,
    schedulerFlags: flagsText === '' ? [] : flagsText.split(','),
    persistent: persistence ? readNumber(persistence.timeout, diagnostics).value : null,
    netmask: persistence?.mask?.text ?? null,
    persistenceEngine: persistence?.pe?.text ?? null,
    onePacket: unit.ops !== null,
    stats: read && layout === 'stats' ? read.counters : null,
    rates: read && layout === 'rate' ? read.counters : null,
    abbreviated: read?.abbreviated ?? false,
    span,
  };
}

/** A save's -A line. */
export function buildSaveService(unit: Extract<IpvsadmUnit, { kind: 'save-service' }>, span: Span, diagnostics: Diagnostic[]): IpvsadmService {
  const key = serviceKey(unit, diagnostics);
  const option = (name: string): Token | null => unit.options.find((o) => o.option.text === name)?.value ?? null;
  const flags = option('-b')?.text ?? '';
  const persistent = option('-p');
  return {
    type: 'service', layout: 'save', ...key,
    scheduler: unit.scheduler.text,
    schedulerFlags: flags === '' ? [] : flags.split(','),
    persistent: persistent ? readNumber(persistent, diagnostics).value : null,
    netmask: option('-M')?.text ?? null,
    persistenceEngine: option('--pe')?.text ?? null,
    onePacket: unit.options.some((o) => o.option.text === '-o'),
    stats: null, rates: null, abbreviated: false,
    span,
  };
}

const FORWARD: Record<string, IpvsadmDestination['forward']> = {
  Masq: 'masq', Local: 'local', Tunnel: 'tunnel', Route: 'route', FullNat: 'fullnat', SNAT: 'snat', '(null)': null,
  '-m': 'masq', '-g': 'route', '-i': 'tunnel',
};

const NO_COUNTS = {
  weight: null, activeConnections: null, inactiveConnections: null, persistentConnections: null,
  upperThreshold: null, lowerThreshold: null, tunnel: null, stats: null, rates: null, abbreviated: false,
} as const;

/** A real server line ("  -> …") of a listing, under `service` (null: none came before it). */
export function buildServer(
  unit: Extract<IpvsadmUnit, { kind: 'server' }>, layout: IpvsadmLayout, service: IpvsServiceKey | null, span: Span, diagnostics: Diagnostic[],
): IpvsadmDestination {
  const { address, port } = readHostPort(unit.host.text);
  const base = {
    type: 'destination' as const, layout, service: service ? keyOf(service) : null, name: unit.host.text, address, port,
    forward: unit.forward ? FORWARD[unit.forward.text] ?? null : null, forwardText: unit.forward?.text ?? null,
  };
  const value = (token: Token | undefined): number | null => (token ? readNumber(token, diagnostics).value : null);
  const [a, b, c, d] = unit.numbers;
  if (unit.numbers.length === 5) {
    const read = counters(unit.numbers, diagnostics);
    return {
      ...base, ...NO_COUNTS,
      stats: layout === 'stats' ? read.counters : null, rates: layout === 'rate' ? read.counters : null, abbreviated: read.abbreviated, span,
    };
  }
  if (unit.numbers.length === 4) {
    return layout === 'persistent-conn'
      ? { ...base, ...NO_COUNTS, weight: value(a), persistentConnections: value(b), activeConnections: value(c), inactiveConnections: value(d), span }
      : { ...base, ...NO_COUNTS, upperThreshold: value(a), lowerThreshold: value(b), activeConnections: value(c), inactiveConnections: value(d), span };
  }
  return { ...base, ...NO_COUNTS, weight: value(a), activeConnections: value(b), inactiveConnections: value(c), tunnel: unit.tunnel?.text ?? null, span };
}

/** A save's -a line. */
export function buildSaveServer(unit: Extract<IpvsadmUnit, { kind: 'save-server' }>, span: Span, diagnostics: Diagnostic[]): IpvsadmDestination {
  const service = serviceKey({ protocol: unit.protocol, host: unit.service, inet6: unit.inet6 }, diagnostics);
  const { address, port } = readHostPort(unit.host.text);
  const tunnel = unit.tunnel.map(({ option, value }) => (value ? `${option.text} ${value.text}` : option.text)).join(' ');
  return {
    type: 'destination', layout: 'save', service, name: unit.host.text, address, port,
    forward: FORWARD[unit.forward.text] ?? null, forwardText: unit.forward.text,
    ...NO_COUNTS, weight: readNumber(unit.weight, diagnostics).value, tunnel: tunnel === '' ? null : tunnel, span,
  };
}

function endpoint(token: Token): IpvsadmConnection['source'] {
  const { address, port } = readHostPort(token.text);
  return { name: token.text, address, port };
}

/** A connection of ipvsadm -Lnc. */
export function buildConnection(unit: Extract<IpvsadmUnit, { kind: 'connection' }>, span: Span): IpvsadmConnection {
  const [minutes = '0', seconds = '0'] = unit.expire.text.split(':');
  return {
    type: 'connection', protocol: unit.protocol.text, expire: unit.expire.text, expireSeconds: Number(minutes) * 60 + Number(seconds),
    state: unit.state.text, source: endpoint(unit.source), virtual: endpoint(unit.virtual), destination: endpoint(unit.destination),
    persistenceEngine: unit.peName?.text ?? null, persistenceData: unit.peData?.text ?? null,
    span,
  };
}

const VERSION = /version[ \t\u00a0]+(\d{1,5}\.\d{1,5}\.\d{1,5})[ \t\u00a0]+\(size=(\d{1,12})\)/;

/** The records of the units that are neither services nor servers. */
export function buildOther(unit: Extract<IpvsadmUnit, { kind: 'version' | 'timeout' | 'error' }>, span: Span, text: string, diagnostics: Diagnostic[]): IpvsadmEntry {
  switch (unit.kind) {
    case 'version': {
      const [, version = '', size = '0'] = VERSION.exec(unit.version.text) ?? [];
      return { type: 'version', version, size: Number(size), span };
    }
    case 'timeout':
      return {
        type: 'timeout', tcp: readNumber(unit.tcp, diagnostics).value, tcpFin: readNumber(unit.tcpFin, diagnostics).value,
        udp: readNumber(unit.udp, diagnostics).value, span,
      };
    case 'error': {
      const first = unit.words[0];
      const last = unit.words.at(-1);
      const reason = unit.error === 'cannot-initialize' && first && last ? text.slice(first.offset, last.offset + last.text.length) : null;
      return { type: 'error', error: unit.error, reason, message: span.text, span };
    }
  }
}
