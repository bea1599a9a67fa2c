// A node's IP sets (ipset list / save) and what iptables' set match (-m set --match-set NAME FLAGS)
// makes of a packet with them: kube-proxy's IPVS mode marks for masquerade and hairpins by sets.
// xt_set looks the packet up in the set along the set's dimensions, each taken from the source or the
// destination as the flags say (ipset(8), "SET TYPES"; iptables-extensions(8), "set").
import { formatIPv4, parseIPv4, parseIPv6 } from '../../core/ip';
import type { IpsetEntry, IpsetPart } from '../../formats/ipset/schema';
import { setDimensions } from '../../formats/ipset/build';
import { cite, type Evidence, type ParsedSection } from '../evidence';

export interface IpSet {
  name: string;
  /** hash:ip,port, bitmap:port… */
  type: string;
  members: { parts: IpsetPart[]; nomatch: boolean }[];
  /** whether every member is shown (not ipset list -t): only then does absence decide */
  complete: boolean;
  /** whether its members keep packet and byte counters (created with "counters"): a rule's --packets-gt… then tests them */
  counters: boolean;
  /** netmask N or bitmask ADDRESS (hash:ip, hash:ip,port, bitmap:ip): the packet's address is masked before the lookup */
  netmask: number | null;
  bitmask: string | null;
  evidence: Evidence;
}

/**
 * Every set the node's outputs show, by name; a later listing of a set replaces an earlier one. A set
 * is complete only where every member it holds was read: not in a listing cut by `| head` or `| grep`,
 * nor where fewer members were read than its "Number of entries" (a line that did not fit the set's
 * type, a name `ipset -r list` printed for an address).
 */
export function readIpsets(sources: readonly ParsedSection[]): Map<string, IpSet> {
  const sets = new Map<string, IpSet>();
  for (const source of sources) {
    if (source.section.format !== 'ipset') continue;
    // this listing's sets: its members go to them, not to an earlier listing's
    const listed = new Map<string, { set: IpSet; entries: number | null }>();
    for (const record of source.records as IpsetEntry[]) {
      if (record.type === 'set') {
        const set: IpSet = {
          name: record.name, type: record.setType, members: [], complete: record.membersListed && !source.section.partial,
          counters: record.options.some((o) => o.key === 'counters'), evidence: cite(source, record.span),
          netmask: netmaskOf(record.options.find((o) => o.key === 'netmask')?.value), bitmask: record.options.find((o) => o.key === 'bitmask')?.value ?? null,
        };
        listed.set(record.name, { set, entries: record.entries });
        sets.set(record.name, set);
      } else if (record.type === 'member' && record.set !== null) {
        listed.get(record.set)?.set.members.push({ parts: record.parts, nomatch: record.nomatch });
      }
    }
    for (const { set, entries } of listed.values()) if (entries !== null && set.members.length < entries) set.complete = false;
  }
  return sets;
}

/** What a set match tests of the packet: its addresses, ports and protocol (null or absent: not known). */
export interface SetPacket {
  source?: string | null;
  destination: string;
  sourcePort?: number | null;
  port?: number | null;
  /** tcp, udp, sctp…, as ipset names a member's protocol (hash:ip,port's tcp:80) */
  protocol?: string | null;
}

/** Whether `-m set [!] --match-set NAME FLAGS` matches: 'unknown' where the set, its members or a value it needs is not shown. */
export function setMatches(match: { name: string; flags: readonly ('src' | 'dst')[]; negated: boolean; counters?: boolean; returnNomatch?: boolean }, packet: SetPacket, sets: ReadonlyMap<string, IpSet> | null | undefined): boolean | 'unknown' {
  const set = sets?.get(match.name);
  if (!set || !set.complete) return 'unknown';
  if (set.members.length === 0) return match.negated;
  const dimensions = setDimensions(set.type);
  // fewer flags than the set's dimensions never match (ip_set_test: opt->dim < set->type->dimension returns 0);
  // more are allowed, and the first ones are used
  if (match.flags.length < dimensions.length) return match.negated;
  // exceptions (nomatch) in a type with more than one network: its lookup order is not followed here
  const nets = dimensions.filter((d) => d === 'net').length;
  if (nets !== 1 && set.members.some((m) => m.nomatch)) return 'unknown';
  const masking = set.netmask !== null || set.bitmask !== null;
  // the kernel masks the element's address of these types (hash_ip4_kadt: ip &= h->bitmask.ip); others are not decided here
  if (masking && !MASKED_TYPES.has(set.type)) return 'unknown';
  const values: (string | number)[] = [];
  for (const [index, dimension] of dimensions.entries()) {
    const source = match.flags[index] === 'src';
    const value = dimension === 'ip' || dimension === 'net' ? (source ? packet.source : packet.destination)
      : dimension === 'port' ? (source ? packet.sourcePort : packet.port) : undefined;
    if (value === null || value === undefined) return 'unknown';
    if (masking && dimension === 'ip' && typeof value === 'string') {
      const address = maskAddress(value, set.netmask, set.bitmask);
      if (address === null) return 'unknown';
      values.push(address);
    } else values.push(value);
  }
  // a member that holds the packet makes it found; one that may (its protocol is not known) leaves it undecided.
  // The kernel tries the set's networks from the longest prefix (mtype_test_cidrs): the first member
  // found decides, and a nomatch one says the packet is not in the set
  const net = dimensions.indexOf('net');
  let best: { prefix: number; nomatch: boolean } | null = null;
  let undecided = false;
  for (const { parts, nomatch } of set.members) {
    const member = memberMatches(parts, values, packet.protocol ?? null);
    if (member === false) continue;
    if (member === 'unknown') {
      undecided = true;
      continue;
    }
    const part = parts[net];
    const prefix = part?.kind === 'address' ? part.prefixLength ?? 128 : 0;
    if (best === null || prefix > best.prefix) best = { prefix, nomatch };
  }
  // an undecided member could be the one found first, or the only one
  if (undecided && (best === null || set.members.some((m) => m.nomatch))) return 'unknown';
  // --packets-gt 10, --bytes-lt 5…: a member found matches only when its counters pass, and they are
  // those of the moment the packet comes (ip_set_match_extensions); a set without counters ignores them
  if (best !== null && match.counters && set.counters) return 'unknown';
  let found = best !== null && !best.nomatch;
  // --return-nomatch on a type that has nomatch (ip_set_test): a nomatch member matches, a plain one does not
  if (match.returnNomatch && NOMATCH_TYPES.has(set.type)) found = best !== null && best.nomatch;
  return found !== match.negated;
}

// set types with the nomatch flag (IPSET_TYPE_NOMATCH): ipset(8), SET TYPES
const NOMATCH_TYPES = new Set(['hash:net', 'hash:net,port', 'hash:net,iface', 'hash:ip,port,net', 'hash:net,net', 'hash:net,port,net']);

const MASKED_TYPES = new Set(['hash:ip', 'hash:ip,port', 'bitmap:ip']);

function netmaskOf(text: string | null | undefined): number | null {
  return text !== null && text !== undefined && /^\d{1,3}$/.test(text) ? Number(text) : null;
}

/** The address with the set's netmask or bitmask applied, as the kernel looks it up; null where either does not read. */
function maskAddress(text: string, netmask: number | null, bitmask: string | null): string | null {
  const address = addressOf(text);
  if (address === null) return text;
  let value = netmask === null ? address.value : masked(address, netmask);
  if (bitmask !== null) {
    const mask = addressOf(bitmask);
    if (mask === null || mask.bits !== address.bits) return null;
    value &= mask.value;
  }
  if (address.bits === 32) return formatIPv4(Number(value));
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16));
  return groups.join(':');
}

function memberMatches(parts: readonly IpsetPart[], values: readonly (string | number)[], protocol: string | null): boolean | 'unknown' {
  let result: boolean | 'unknown' = true;
  for (const [index, part] of parts.entries()) {
    const match = partMatches(part, values[index] as string | number, protocol);
    if (match === false) return false;
    if (match === 'unknown') result = 'unknown';
  }
  return result;
}

function partMatches(part: IpsetPart, value: string | number, protocol: string | null): boolean | 'unknown' {
  if (part.kind === 'address') {
    if (typeof value !== 'string') return false;
    // by value, IPv4 or IPv6 (hash:net family inet6: fd00::/64); an address of the other family is never in the set
    const [from, at] = [addressOf(part.address), addressOf(value)];
    if (from === null || at === null || from.bits !== at.bits) return false;
    if (part.prefixLength !== null) return masked(at, part.prefixLength) === masked(from, part.prefixLength);
    if (part.to === null) return at.value === from.value;
    const to = addressOf(part.to);
    return to !== null && to.bits === at.bits && at.value >= from.value && at.value <= to.value;
  }
  if (part.kind === 'port') {
    if (typeof value !== 'number') return false;
    // hash:ip,port keeps the protocol (tcp:80); bitmap:port does not (the rule's -p tests it)
    const inRange = part.to === null ? value === part.port : value >= part.port && value <= part.to;
    if (!inRange || part.protocol === null) return inRange;
    return protocol === null ? 'unknown' : part.protocol === protocol;
  }
  return false;
}

/** An address as a number of its family's width (32 or 128 bits). */
function addressOf(text: string): { bits: 32 | 128; value: bigint } | null {
  const v4 = parseIPv4(text);
  if (v4 !== null) return { bits: 32, value: BigInt(v4) };
  const v6 = parseIPv6(text);
  return v6 === null ? null : { bits: 128, value: v6.reduce((sum, group) => (sum << 16n) | BigInt(group), 0n) };
}

function masked(address: { bits: 32 | 128; value: bigint }, prefixLength: number): bigint {
  const width = BigInt(address.bits);
  const mask = ((1n << width) - 1n) ^ ((1n << (width - BigInt(Math.min(prefixLength, address.bits)))) - 1n);
  return address.value & mask;
}
