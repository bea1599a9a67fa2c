// Turns the raw options of a match module or target into what netsift understands of them
// (TypedMatch, TypedTarget). Option names and meanings per iptables-extensions(8); values as
// iptables-save and iptables -S print them (libxt_*.c save functions). Shared by every
// iptables listing, so the same rule reads the same from iptables-save, -S and -L.
import type { IptablesOption, NatAddress, PortRange, TypedMatch, TypedTarget } from './schema';

/**
 * A value as xtables_save_string prints it, back to its text: surrounding double quotes
 * removed and backslash escapes undone. Unquoted values come back as they are.
 */
export function unquote(value: string): string {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value;
  const inner = value.slice(1, -1);
  return inner.includes('\\') ? inner.replace(/\\(.)/gs, '$1') : inner;
}

function find(options: readonly IptablesOption[], ...names: string[]): IptablesOption | undefined {
  for (const option of options) if (names.includes(option.name)) return option;
  return undefined;
}

function has(options: readonly IptablesOption[], name: string): boolean {
  return options.some((option) => option.name === name);
}

const PORT = /^\d{1,5}$/;

/** "80" or "1000:2000" (iptables-save prints ranges with ":") into a PortRange; null otherwise. */
export function parsePortRange(text: string, negated = false): PortRange | null {
  const colon = text.indexOf(':');
  const fromText = colon === -1 ? text : text.slice(0, colon);
  const toText = colon === -1 ? text : text.slice(colon + 1);
  // "1024:" and ":1024" are open ranges (libxt_tcp.c parse_tcp_ports)
  const from = fromText === '' ? 0 : PORT.test(fromText) ? Number(fromText) : NaN;
  const to = toText === '' ? 65535 : PORT.test(toText) ? Number(toText) : NaN;
  if (!(from <= 65535 && to <= 65535)) return null;
  return { negated, from, to };
}

/** An integer as iptables prints marks: "0x4000" or decimal; null when it is not one. */
export function parseMarkNumber(text: string): number | null {
  if (/^0x[\da-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^\d+$/.test(text)) return Number(text);
  return null;
}

/** "0x4000/0x4000" or "0x4000" into value and mask (null without "/"). */
export function parseMarkValue(text: string): { value: number; mask: number | null } | null {
  const slash = text.indexOf('/');
  const value = parseMarkNumber(slash === -1 ? text : text.slice(0, slash));
  const mask = slash === -1 ? null : parseMarkNumber(text.slice(slash + 1));
  if (value === null || (slash !== -1 && mask === null)) return null;
  return { value, mask };
}

/**
 * An address with an optional port as DNAT/SNAT print it: "10.244.2.6:9090",
 * "10.0.0.1-10.0.0.9:80-90", "[fd00::1]:80", "fd00::1", ":8080".
 */
export function parseNatAddress(text: string): NatAddress {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close !== -1) {
      const rest = text.slice(close + 1);
      const address = text.slice(1, close);
      return rest.startsWith(':') ? { address, port: rest.slice(1) } : { address };
    }
  }
  const colon = text.indexOf(':');
  // more than one ":" and no brackets: an IPv6 address without a port
  if (colon === -1 || text.indexOf(':', colon + 1) !== -1) return { address: text };
  return { address: text.slice(0, colon), port: text.slice(colon + 1) };
}

function list(value: string | undefined): string[] {
  return value === undefined || value === '' ? [] : value.split(',');
}

function first(option: IptablesOption | undefined): string | undefined {
  return option?.values[0];
}

function typeTypes(option: IptablesOption | undefined): { negated: boolean; types: string[] } | undefined {
  return option ? { negated: option.negated, types: list(first(option)) } : undefined;
}

function typePorts(protocol: string, options: readonly IptablesOption[]): TypedMatch | null {
  const typed: Extract<TypedMatch, { type: 'ports' }> = { type: 'ports', protocol };
  const source = find(options, 'sport', 'source-port');
  const destination = find(options, 'dport', 'destination-port');
  if (source) {
    const range = parsePortRange(first(source) ?? '', source.negated);
    if (!range) return null;
    typed.sourcePort = range;
  }
  if (destination) {
    const range = parsePortRange(first(destination) ?? '', destination.negated);
    if (!range) return null;
    typed.destinationPort = range;
  }
  const flags = find(options, 'tcp-flags');
  if (flags) typed.tcpFlags = { negated: flags.negated, mask: list(flags.values[0]), compare: list(flags.values[1]) };
  const syn = find(options, 'syn');
  if (syn) typed.syn = { negated: syn.negated };
  return typed;
}

function typeMultiport(options: readonly IptablesOption[]): TypedMatch | null {
  const option = find(options, 'dports', 'destination-ports', 'sports', 'source-ports', 'ports');
  if (!option) return null;
  const direction = option.name.startsWith('d') ? 'destination' : option.name.startsWith('s') ? 'source' : 'both';
  const ports: PortRange[] = [];
  for (const part of list(first(option))) {
    const range = parsePortRange(part);
    if (!range) return null;
    ports.push(range);
  }
  return { type: 'multiport', direction, negated: option.negated, ports };
}

function typeStatistic(options: readonly IptablesOption[]): TypedMatch | null {
  const mode = first(find(options, 'mode'));
  if (mode !== 'random' && mode !== 'nth') return null;
  const typed: Extract<TypedMatch, { type: 'statistic' }> = { type: 'statistic', mode, negated: options.some((o) => o.negated) };
  const probability = first(find(options, 'probability'));
  if (probability !== undefined) {
    const value = Number(probability);
    if (!(value >= 0 && value <= 1)) return null;
    typed.probability = value;
  }
  const every = first(find(options, 'every'));
  const packet = first(find(options, 'packet'));
  if (every !== undefined) {
    if (!/^\d+$/.test(every)) return null;
    typed.every = Number(every);
  }
  if (packet !== undefined) {
    if (!/^\d+$/.test(packet)) return null;
    typed.packet = Number(packet);
  }
  return typed;
}

/**
 * What netsift understands of one match: the module (`-m tcp`) and its options as written.
 * Null for a module it does not type, or options it cannot read (service names for ports).
 * @example typeMatch('tcp', [{ name: 'dport', values: ['30038'], negated: false }])
 *   // { type: 'ports', protocol: 'tcp', destinationPort: { negated: false, from: 30038, to: 30038 } }
 */
export function typeMatch(module: string, options: readonly IptablesOption[]): TypedMatch | null {
  switch (module) {
    case 'comment': {
      const comment = first(find(options, 'comment'));
      return comment === undefined ? null : { type: 'comment', comment: unquote(comment) };
    }
    case 'tcp':
    case 'udp':
    case 'sctp':
    case 'udplite':
    case 'dccp':
      return typePorts(module, options);
    case 'multiport':
      return typeMultiport(options);
    case 'addrtype': {
      const typed: Extract<TypedMatch, { type: 'addrtype' }> = { type: 'addrtype' };
      const source = typeTypes(find(options, 'src-type'));
      const destination = typeTypes(find(options, 'dst-type'));
      if (source) typed.sourceType = source;
      if (destination) typed.destinationType = destination;
      if (has(options, 'limit-iface-in')) typed.limitIfaceIn = true;
      if (has(options, 'limit-iface-out')) typed.limitIfaceOut = true;
      return typed;
    }
    case 'statistic':
      return typeStatistic(options);
    case 'mark': {
      const option = find(options, 'mark');
      const mark = option && parseMarkValue(first(option) ?? '');
      return option && mark ? { type: 'mark', negated: option.negated, value: mark.value, mask: mark.mask } : null;
    }
    case 'conntrack':
    case 'state': {
      const option = find(options, module === 'state' ? 'state' : 'ctstate');
      return option ? { type: 'conntrack', module, states: list(first(option)), negated: option.negated } : null;
    }
    case 'set': {
      const option = find(options, 'match-set');
      const flags = list(option?.values[1]);
      if (!option || option.values[0] === undefined || !flags.every((flag) => flag === 'src' || flag === 'dst')) return null;
      const typed: TypedMatch & { type: 'set' } = { type: 'set', negated: option.negated, name: option.values[0], flags: flags as ('src' | 'dst')[] };
      // [!] --packets-eq/lt/gt, --bytes-eq/lt/gt (iptables-extensions(8), set): the element's counters decide too
      if (options.some((o) => /^(?:packets|bytes)-(?:eq|lt|gt)$/.test(o.name))) typed.counters = true;
      if (has(options, 'return-nomatch')) typed.returnNomatch = true;
      return typed;
    }
    case 'physdev':
    case 'owner':
    case 'recent':
      return { type: module, options: options.map(copyOption) };
    case 'rpfilter':
      return {
        type: 'rpfilter', loose: has(options, 'loose'), validmark: has(options, 'validmark'),
        acceptLocal: has(options, 'accept-local'), invert: has(options, 'invert'),
      };
    case 'limit': {
      const rate = first(find(options, 'limit'));
      const burst = first(find(options, 'limit-burst'));
      if (rate === undefined || (burst !== undefined && !/^\d+$/.test(burst))) return null;
      // libxt_limit's default burst is 5: iptables-save omits it, -L prints it
      return { type: 'limit', rate, burst: burst === undefined ? 5 : Number(burst) };
    }
    default:
      return null;
  }
}

function copyOption(option: IptablesOption): IptablesOption {
  return { name: option.name, values: [...option.values], negated: option.negated };
}

/**
 * Targets of iptables-extensions(8) that netsift keeps raw (typed null): any other `-j` name
 * without options is a user-defined chain.
 */
export const EXTENSION_TARGETS: ReadonlySet<string> = new Set([
  'AUDIT', 'CHECKSUM', 'CLASSIFY', 'CLUSTERIP', 'CONNMARK', 'CONNSECMARK', 'DNPT', 'DSCP', 'ECN', 'HL', 'HMARK',
  'IDLETIMER', 'LED', 'MIRROR', 'NETMAP', 'NFLOG', 'NFQUEUE', 'RATEEST', 'REDIRECT', 'SAME', 'SECMARK', 'SET',
  'SNPT', 'SYNPROXY', 'TCPMSS', 'TCPOPTSTRIP', 'TEE', 'TOS', 'TRACE', 'TTL', 'ULOG',
]);

// libxt_LOG: levels by number or syslog name; warning (4) when not given
const LOG_LEVELS: Record<string, number> = {
  emerg: 0, alert: 1, crit: 2, err: 3, error: 3, warning: 4, warn: 4, notice: 5, info: 6, debug: 7,
};
function logLevel(text: string | undefined): number | null {
  if (text === undefined) return 4;
  if (/^[0-7]$/.test(text)) return Number(text);
  return Object.hasOwn(LOG_LEVELS, text) ? (LOG_LEVELS[text] as number) : null;
}

const MARK_OPERATIONS = ['set-xmark', 'set-mark', 'or-mark', 'and-mark', 'xor-mark'] as const;
const ALL_BITS = 0xffffffff;

/** Every MARK option as the kernel keeps it, (value, mask), per libxt_MARK's revision 2 parsing. */
function markTarget(operation: (typeof MARK_OPERATIONS)[number], value: number, mask: number | null): { value: number; mask: number } {
  switch (operation) {
    case 'set-xmark': return { value, mask: mask ?? ALL_BITS };
    case 'set-mark': return { value, mask: (value | (mask ?? ALL_BITS)) >>> 0 };
    case 'and-mark': return { value: 0, mask: ~value >>> 0 };
    case 'or-mark': return { value, mask: value };
    case 'xor-mark': return { value, mask: 0 };
  }
}

/**
 * What netsift understands of a target: `-j NAME` (or `-g NAME`, `goto`) and its options.
 * ACCEPT/DROP/RETURN/QUEUE are verdicts; a name without options that is no known target
 * extension is a user-defined chain; null for extensions it keeps raw (REDIRECT, CONNMARK…).
 * @example typeTarget('DNAT', [{ name: 'to-destination', values: ['10.244.2.6:9090'], negated: false }])
 *   // { type: 'dnat', to: [{ address: '10.244.2.6', port: '9090' }], random: false, persistent: false }
 */
export function typeTarget(name: string, options: readonly IptablesOption[], goto = false): TypedTarget | null {
  if (goto) return { type: 'chain', chain: name };
  switch (name) {
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
    case 'QUEUE':
      return { type: 'verdict', verdict: name };
    case 'REJECT': {
      const with_ = first(find(options, 'reject-with'));
      return { type: 'reject', rejectWith: with_ ?? null };
    }
    case 'DNAT':
      return {
        type: 'dnat', to: options.filter((o) => o.name === 'to-destination').map((o) => parseNatAddress(o.values[0] ?? '')),
        random: has(options, 'random'), persistent: has(options, 'persistent'),
      };
    case 'SNAT':
      return {
        type: 'snat', to: options.filter((o) => o.name === 'to-source').map((o) => parseNatAddress(o.values[0] ?? '')),
        random: has(options, 'random'), randomFully: has(options, 'random-fully'), persistent: has(options, 'persistent'),
      };
    case 'MASQUERADE':
      return {
        type: 'masquerade', toPorts: first(find(options, 'to-ports')) ?? null,
        random: has(options, 'random'), randomFully: has(options, 'random-fully'),
      };
    case 'MARK': {
      const option = find(options, ...MARK_OPERATIONS);
      const mark = option && parseMarkValue(first(option) ?? '');
      if (!option || !mark) return null;
      return { type: 'mark', ...markTarget(option.name as (typeof MARK_OPERATIONS)[number], mark.value, mark.mask) };
    }
    case 'LOG': {
      const prefix = first(find(options, 'log-prefix'));
      return { type: 'log', prefix: prefix === undefined ? null : unquote(prefix), level: logLevel(first(find(options, 'log-level'))) };
    }
    case 'NOTRACK':
      return { type: 'notrack' };
    case 'CT':
      return { type: 'ct', options: options.map(copyOption) };
    case 'TPROXY':
      return { type: 'tproxy', options: options.map(copyOption) };
    default:
      return options.length > 0 || EXTENSION_TARGETS.has(name) ? null : { type: 'chain', chain: name };
  }
}
