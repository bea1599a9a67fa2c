// Types ipset members by the shape of their parts, and checks them against their set's type
// (hash:ip,port: an address and a port): a line that does not fit is no member.
import type { Token } from '../engine/lex';
// core/ip, not the core index: the index also holds the zod schemas, which `netsift parse ipset` need not load
import { parseIPv4, parseIPv6 } from '../../core/ip';
import type { IpsetPart } from './schema';

type Option = { key: Token; value: Token | null };
export type IpsetUnit =
  | { kind: 'name' | 'type' | 'revision' | 'memory' | 'references' | 'entries'; key: Token; value: Token }
  | { kind: 'header'; key: Token; words: Token[] }
  | { kind: 'members'; key: Token }
  | { kind: 'member'; element: Token; options: Option[] }
  | { kind: 'create'; key: Token; set: Token; type: Token; words: Token[] }
  | { kind: 'add'; key: Token; set: Token; element: Token; options: Option[] }
  | { kind: 'error'; key: Token; words: Token[] };

const isAddress = (text: string): boolean => parseIPv4(text) !== null || parseIPv6(text) !== null;

function port(text: string): number | null {
  return /^\d{1,5}$/.test(text) && Number(text) <= 65535 ? Number(text) : null;
}

/** One part of a member, by its shape: an address, network or range of them; [proto:]port[-port]; else text. */
export function readPart(text: string): IpsetPart {
  const slash = text.indexOf('/');
  if (slash !== -1) {
    const prefix = text.slice(slash + 1);
    const address = text.slice(0, slash);
    if (isAddress(address) && /^\d{1,3}$/.test(prefix) && Number(prefix) <= (address.includes(':') ? 128 : 32))
      return { kind: 'address', address, prefixLength: Number(prefix), to: null };
  }
  if (isAddress(text)) return { kind: 'address', address: text, prefixLength: null, to: null };
  const dash = text.indexOf('-');
  if (dash !== -1 && isAddress(text.slice(0, dash)) && isAddress(text.slice(dash + 1)))
    return { kind: 'address', address: text.slice(0, dash), prefixLength: null, to: text.slice(dash + 1) };
  const colon = text.indexOf(':');
  const protocol = colon === -1 ? null : text.slice(0, colon);
  const ports = colon === -1 ? text : text.slice(colon + 1);
  if (protocol === null || /^[a-z][a-z0-9]{0,15}$/.test(protocol)) {
    const range = ports.indexOf('-');
    const from = port(range === -1 ? ports : ports.slice(0, range));
    const to = range === -1 ? null : port(ports.slice(range + 1));
    if (from !== null && (range === -1 || to !== null)) return { kind: 'port', protocol, port: from, to };
  }
  return { kind: 'text', text };
}

/** A set type's dimensions, in the order a member's parts and a set match's flags give them: hash:ip,port → ip, port. */
export function setDimensions(setType: string): string[] {
  return setType.slice(setType.indexOf(':') + 1).split(',');
}

// what each dimension of a set type holds (ipset(8), SET TYPES): ip and net an address, port a port
const DIMENSION: Record<string, IpsetPart['kind'] | 'any'> = { ip: 'address', net: 'address', port: 'port', mac: 'text', iface: 'text', mark: 'text' };

const ICMP = /^(?:icmp|icmpv6|ipv6-icmp):(?:[a-z][a-z-]{0,30}|\d{1,3}\/\d{1,3})$/;

/** A member's parts when they fit its set's type (any shape when the type is not known); null when they do not. */
export function memberParts(element: string, setType: string | null): IpsetPart[] | null {
  const parts = element.split(',').map(readPart);
  if (setType === null) return parts;
  const dimensions = setDimensions(setType);
  if (dimensions.length !== parts.length) return null;
  for (const [index, dimension] of dimensions.entries()) {
    const wanted = DIMENSION[dimension] ?? 'any';
    const part = parts[index] as IpsetPart;
    // ipset lists addresses and ports as numbers unless -resolve is given; an ICMP member of a port
    // dimension is its type and code, by name where ipset knows one (lib/print.c ipset_print_proto_port:
    // icmp:echo-request, icmp:200/3, ipv6-icmp:echo-request)
    if (wanted === 'port' && part.kind === 'text' && ICMP.test(part.text)) continue;
    if ((wanted === 'address' || wanted === 'port') && part.kind !== wanted) return null;
  }
  return parts;
}

/** The header's words as options: "family inet", "hashsize 1024", a flag such as "comment" or "counters". */
const VALUED = new Set(['family', 'hashsize', 'maxelem', 'bucketsize', 'initval', 'range', 'timeout', 'netmask', 'bitmask', 'markmask', 'size', 'elements']);
export function headerOptions(words: readonly string[]): { key: string; value: string | null }[] {
  const options: { key: string; value: string | null }[] = [];
  for (let i = 0; i < words.length; i++) {
    const key = words[i] as string;
    if (VALUED.has(key) && i + 1 < words.length) options.push({ key, value: words[++i] as string });
    else options.push({ key, value: null });
  }
  return options;
}
