// Fixed words of ifconfig output: interface flag names and their bits (linux/if.h, printed in
// net-tools lib/interface.c order), the Czech translations net-tools 2.10 ships for the 2.x layout
// (po/cs.po; the other shipped languages translate only the hardware titles), hardware names and
// the multi-word hardware titles (lib/hw.c and its translations), and the -s table header.

/** Flag names in the order net-tools and BusyBox print them, with their IFF_* bits. */
export const FLAG_BITS = [
  ['UP', 0x1], ['BROADCAST', 0x2], ['DEBUG', 0x4], ['LOOPBACK', 0x8], ['POINTOPOINT', 0x10],
  ['NOTRAILERS', 0x20], ['RUNNING', 0x40], ['NOARP', 0x80], ['PROMISC', 0x100], ['ALLMULTI', 0x200],
  ['SLAVE', 0x800], ['MASTER', 0x400], ['MULTICAST', 0x1000], ['DYNAMIC', 0x8000],
] as const;

export type FlagName = (typeof FLAG_BITS)[number][0];

// LANG=cs_CZ.ISO-8859-2 output pasted into a UTF-8 document: the Czech words arrive as their Latin-2
// bytes decoded as UTF-8 (mostly U+FFFD, "Ě" 0xCC + "Ž" 0xAE even makes a valid U+032E). Only the
// letters Czech uses are needed; the bytes are per ISO-8859-2.
const LATIN2: Readonly<Record<string, number>> = {
  á: 0xe1, č: 0xe8, ď: 0xef, é: 0xe9, ě: 0xec, í: 0xed, ň: 0xf2, ó: 0xf3, ř: 0xf8, š: 0xb9, ť: 0xbb, ú: 0xfa,
  ů: 0xf9, ý: 0xfd, ž: 0xbe, Á: 0xc1, Č: 0xc8, Ď: 0xcf, É: 0xc9, Ě: 0xcc, Í: 0xcd, Ň: 0xd2, Ó: 0xd3, Ř: 0xd8,
  Š: 0xa9, Ť: 0xab, Ú: 0xda, Ů: 0xd9, Ý: 0xdd, Ž: 0xae,
};

/** A Czech word as it reads when its ISO-8859-2 bytes are decoded as UTF-8. */
export function latin2ReadAsUtf8(word: string): string {
  const bytes: number[] = [];
  for (const char of word) {
    const code = char.charCodeAt(0);
    if (code < 0x80) bytes.push(code);
    else if (Object.hasOwn(LATIN2, char)) bytes.push(LATIN2[char] as number);
    else return word;
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

/** Czech words with their Latin-2-read-as-UTF-8 forms. */
export function czech(...words: string[]): string[] {
  return [...new Set(words.flatMap((word) => [word, latin2ReadAsUtf8(word)]))];
}

function withLatin2<V>(table: Readonly<Record<string, V>>): Readonly<Record<string, V>> {
  const out: Record<string, V> = Object.create(null) as Record<string, V>;
  for (const [word, value] of Object.entries(table)) for (const form of czech(word)) out[form] = value;
  return out;
}

/** LANGUAGE=cs flag names (po/cs.po "UP," …), to English. "ŽÁDNÉ_TRAILERS" has no comma in cs.po. */
export const CS_FLAGS: Readonly<Record<string, FlagName>> = withLatin2({
  AKTIVOVÁNO: 'UP', VŠESMĚR: 'BROADCAST', LADĚNÍ: 'DEBUG', SMYČKA: 'LOOPBACK', DVOUBODOVÉ: 'POINTOPOINT',
  ŽÁDNÉ_TRAILERS: 'NOTRAILERS', BĚŽÍ: 'RUNNING', NEARP: 'NOARP', PROMISK: 'PROMISC',
  PODŘÍZENÝ: 'SLAVE', NADŘÍZENÝ: 'MASTER',
});

/** ifconfig -s flag letters, in print order (lib/interface.c ife_print_short); "P" is both PROMISC and POINTOPOINT. */
export const SHORT_FLAG_LETTERS: readonly (readonly [string, FlagName])[] = [
  ['A', 'ALLMULTI'], ['B', 'BROADCAST'], ['D', 'DEBUG'], ['L', 'LOOPBACK'], ['M', 'MULTICAST'], ['d', 'DYNAMIC'],
  ['P', 'PROMISC'], ['N', 'NOTRAILERS'], ['O', 'NOARP'], ['P', 'POINTOPOINT'], ['s', 'SLAVE'], ['m', 'MASTER'],
  ['R', 'RUNNING'], ['U', 'UP'],
];

/** hw->name of every hardware type net-tools 2.10 knows (lib/*.c hwtype tables). */
export const HW_NAMES = [
  'loop', 'slip', 'cslip', 'slip6', 'cslip6', 'adaptive', 'ash', 'ether', 'tr', 'ax25', 'netrom', 'rose',
  'tunnel', 'ppp', 'hdlc', 'lapb', 'arcnet', 'dlci', 'frad', 'sit', 'fddi', 'hippi', 'irda', 'ec', 'x25',
  'infiniband', 'eui64', 'unspec',
];

/** Hardware titles with blanks (lib/hw.c and its translations), for "Link encap:<title>" of the classic layout. */
export const HW_TITLES_WITH_BLANKS = [
  'Local Loopback', 'Serial Line IP', 'VJ Serial Line IP', '6-bit Serial Line IP', 'VJ 6-bit Serial Line IP',
  'Adaptive Serial Line IP', 'Fiber Distributed Data Interface', 'AMPR AX.25', 'AMPR ROSE', 'AMPR NET/ROM',
  'IPIP Tunnel', 'Point-to-Point Protocol', 'Frame Relay DLCI', 'Frame Relay Access Device',
  '16/4 Mbps Token Ring (New)', '16/4 Mbps Token Ring', 'Generic EUI-64',
  // translations (po/*.po of net-tools 2.10), as 1.60-era localized output prints them
  'Boucle locale', 'Lokale Schleife', 'Kohalik loopback', 'Loopback Local', 'Místní smyčka',
  'Protocole Point-à-Point', 'Protocolo Ponto-a-Ponto', 'Dvoubodový protokol', 'Túnel IPIP', 'IPv6 sobre IPv4',
  'Não Especificado', 'IPIP tunnel',
];

/** Scope words of the classic layout ("Scope:Link"), English (net-tools, BusyBox) and French (1.60 fr). */
export const CLASSIC_SCOPES: Readonly<Record<string, string>> = {
  Global: 'global', Link: 'link', Site: 'site', Compat: 'compat', Host: 'host', Unknown: 'unknown',
  Lien: 'link', Hote: 'host', Hôte: 'host',
};

/** LANGUAGE=cs scope names inside "scopeid 0x20<linka>". */
export const CS_SCOPES: Readonly<Record<string, string>> = withLatin2({
  kompat: 'compat', globální: 'global', linka: 'link', oblast: 'site', stroj: 'host',
});

/** Header of ifconfig -s (net-tools 2.10, no Met column). */
export const SHORT_HEADER = 'Iface      MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg';
