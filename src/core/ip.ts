// IPv4/IPv6 address and prefix arithmetic, without regular expressions (input is hostile).

/** Parses a dotted quad ("10.244.2.0") into an unsigned 32-bit number, or null. */
export function parseIPv4(text: string): number | null {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      // "01" is not a valid octet in the tools' output; reject leading zeros
      if (digits > 0 && part === 0) return null;
      part = part * 10 + (c - 48);
      digits++;
      if (part > 255) return null;
    } else if (c === 46) {
      if (digits === 0 || dots === 3) return null;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else return null;
  }
  if (dots !== 3 || digits === 0) return null;
  return value * 256 + part;
}

export function isIPv4(text: string): boolean {
  return parseIPv4(text) !== null;
}

export function formatIPv4(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** The netmask of a prefix length: 24 → 255.255.255.0. */
export function prefixToMask(prefixLength: number): string {
  const value = prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
  return formatIPv4(value);
}

export interface MaskInfo {
  /** Number of one bits. */
  prefixLength: number;
  /** False for masks such as 255.0.255.0, which no prefix length describes. */
  contiguous: boolean;
}

/** Prefix length of a dotted netmask, and whether its ones are contiguous. */
export function maskToPrefix(mask: string): MaskInfo | null {
  const value = parseIPv4(mask);
  if (value === null) return null;
  let ones = 0;
  for (let bit = 31; bit >= 0; bit--) if ((value >>> bit) & 1) ones++;
  const expected = ones === 0 ? 0 : (0xffffffff << (32 - ones)) >>> 0;
  return { prefixLength: ones, contiguous: expected === value };
}

/** Parses an IPv6 address into 8 groups, or null. Accepts "::", embedded IPv4 and a "%zone" suffix is rejected. */
export function parseIPv6(text: string): number[] | null {
  if (text.length < 2 || text.length > 45) return null;
  const double = text.indexOf('::');
  if (double !== -1 && text.indexOf('::', double + 1) !== -1) return null;
  const parseGroups = (part: string): number[] | null => {
    if (part === '') return [];
    const pieces = part.split(':');
    const groups: number[] = [];
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] as string;
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIPv4(piece);
        if (v4 === null) return null;
        groups.push(v4 >>> 16, v4 & 0xffff);
        continue;
      }
      if (piece.length === 0 || piece.length > 4) return null;
      let value = 0;
      for (let j = 0; j < piece.length; j++) {
        const digit = hexDigit(piece.charCodeAt(j));
        if (digit < 0) return null;
        value = value * 16 + digit;
      }
      groups.push(value);
    }
    return groups;
  };
  if (double === -1) {
    const groups = parseGroups(text);
    return groups && groups.length === 8 ? groups : null;
  }
  const head = parseGroups(text.slice(0, double));
  const tail = parseGroups(text.slice(double + 2));
  if (!head || !tail || head.length + tail.length > 7) return null;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

export function isIPv6(text: string): boolean {
  return parseIPv6(text) !== null;
}

/** An address and port as the tools print them: "10.96.0.1:443", and an IPv6 address in brackets, "[fd00::1]:443". */
export function formatAddressPort(address: string, port: number | string): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Whether an IPv4 address lies in network/prefixLength. */
export function ipv4InPrefix(address: number, network: number, prefixLength: number): boolean {
  if (prefixLength === 0) return true;
  const mask = (0xffffffff << (32 - prefixLength)) >>> 0;
  return ((address & mask) >>> 0) === ((network & mask) >>> 0);
}

/** Parses "10.244.0.0/16" (or a bare address as /32). */
export function parseIPv4Cidr(text: string): { address: number; prefixLength: number } | null {
  const slash = text.indexOf('/');
  const address = parseIPv4(slash === -1 ? text : text.slice(0, slash));
  if (address === null) return null;
  if (slash === -1) return { address, prefixLength: 32 };
  const prefix = text.slice(slash + 1);
  if (prefix.length === 0 || prefix.length > 2) return null;
  let prefixLength = 0;
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    prefixLength = prefixLength * 10 + (c - 48);
  }
  return prefixLength <= 32 ? { address, prefixLength } : null;
}

/** Whether a string is a MAC-like hex colon address ("76:50:75:23:dd:f8"); any group count, 1–2 digits each. */
export function isHexColonAddress(text: string): boolean {
  if (text.length === 0) return false;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 58) {
      if (digits === 0) return false;
      digits = 0;
    } else if (hexDigit(c) >= 0) {
      if (++digits > 2) return false;
    } else return false;
  }
  return digits > 0;
}
