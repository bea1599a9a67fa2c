// IPv4 prefixes as numbers, for longest-prefix match and overlap tests over the model.
import { formatIPv4, ipv4InPrefix, parseIPv4Cidr } from './ip';

/** An IPv4 prefix: network address (host bits cleared) and length. */
export interface Prefix4 {
  network: number;
  length: number;
}

function maskOf(length: number): number {
  return length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
}

/** "10.244.2.0/24" (or a bare address as /32) with its host bits cleared; null when not IPv4. */
export function parsePrefix4(text: string): Prefix4 | null {
  const cidr = parseIPv4Cidr(text);
  if (!cidr) return null;
  return { network: (cidr.address & maskOf(cidr.prefixLength)) >>> 0, length: cidr.prefixLength };
}

export function formatPrefix4(prefix: Prefix4): string {
  return `${formatIPv4(prefix.network)}/${prefix.length}`;
}

export function prefixContains(prefix: Prefix4, address: number): boolean {
  return ipv4InPrefix(address, prefix.network, prefix.length);
}

/** Whether two prefixes share at least one address (one then contains the other). */
export function prefixesOverlap(a: Prefix4, b: Prefix4): boolean {
  const length = Math.min(a.length, b.length);
  return ipv4InPrefix(a.network, b.network, length);
}

/** Whether `inner` lies entirely inside `outer`. */
export function prefixWithin(inner: Prefix4, outer: Prefix4): boolean {
  return inner.length >= outer.length && ipv4InPrefix(inner.network, outer.network, outer.length);
}

/** The first and last address of a prefix, as text ("10.244.2.0–10.244.2.63"). */
export function prefixRange(prefix: Prefix4): string {
  const last = (prefix.network | (~maskOf(prefix.length) >>> 0)) >>> 0;
  return `${formatIPv4(prefix.network)}–${formatIPv4(last)}`;
}
