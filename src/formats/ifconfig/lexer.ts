// Tokens of ifconfig output (net-tools 2.x and 1.60, BusyBox, ifconfig -s), one line at a time.
// Every fixed word has its own token type (moo keywords), so the grammar matches types only.
// Facts from net-tools lib/interface.c (ife_print_long, ife_print_short) and BusyBox networking/interface.c.
import moo from 'moo';
import { FIELD_LOWERCASE, FIELD_QUOTE_HASH_SEMI, type SkeletonOptions } from '../engine/skeleton';
import { isHexDigit, isMacField } from '../engine/field-shapes';
import { czech, HW_NAMES, HW_TITLES_WITH_BLANKS, SHORT_HEADER } from './words';

const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A literal phrase as a regex source whose blanks match any run of blanks (flattened pastes). */
const loose = (phrase: string): string => phrase.trim().split(/ +/).map(escape).join('[ \\t\\u00a0]+');

const titles = [...HW_TITLES_WITH_BLANKS].sort((a, b) => b.length - a.length).map(loose).join('|');

const words = moo.keywords({
  kw_inet: 'inet',
  kw_inet6: 'inet6',
  kw_netmask: ['netmask', ...czech('síťová_maska')],
  kw_broadcast: ['broadcast', ...czech('všesměr')],
  kw_destination: ['destination', ...czech('cíl')],
  kw_prefixlen: ['prefixlen', ...czech('délka_prefixu')],
  kw_scopeid: 'scopeid',
  kw_mtu: 'mtu',
  kw_metric: ['metric', ...czech('metrika')],
  kw_txqueuelen: ['txqueuelen', ...czech('délka_odchozí_fronty')],
  kw_rx: 'RX',
  kw_tx: 'TX',
  kw_packets: ['packets', ...czech('packetů')],
  kw_bytes: ['bytes', ...czech('bajtů')],
  kw_errors: ['errors', ...czech('chyb')],
  kw_dropped: ['dropped', ...czech('zahozeno')],
  kw_overruns: ['overruns', ...czech('přetečení')],
  kw_frame: ['frame', ...czech('rámců')],
  kw_carrier: ['carrier', ...czech('přenos')],
  kw_collisions: ['collisions', ...czech('kolizí')],
  kw_compressed: ['compressed', ...czech('komprimováno')],
  kw_device: 'device',
  kw_interrupt: ['interrupt', ...czech('přerušení')],
  kw_base: ['base', ...czech('základ')],
  kw_memory: ['memory', ...czech('paměť')],
  kw_dma: ['dma', 'DMA'],
  kw_Base: 'Base',
  kw_hwaddr: 'HWaddr',
  kw_adr: 'adr',
  kw_flag: [
    'UP', 'BROADCAST', 'DEBUG', 'LOOPBACK', 'POINTOPOINT', 'NOTRAILERS', 'RUNNING', 'NOARP', 'PROMISC',
    'ALLMULTI', 'SLAVE', 'MASTER', 'MULTICAST', 'DYNAMIC',
  ],
  kw_hwname: HW_NAMES,
});

// "key:value" of the classic layout: the key is its own token when a value follows without a blank
const keys = moo.keywords({
  k_addr: ['addr:', 'adr:'],
  k_bcast: 'Bcast:',
  k_mask: ['Mask:', 'Masque:'],
  k_ptp: 'P-t-P:',
  k_mtu: 'MTU:',
  k_metric: 'Metric:',
  k_packets: 'packets:',
  k_errors: 'errors:',
  k_dropped: 'dropped:',
  k_overruns: 'overruns:',
  k_frame: 'frame:',
  k_carrier: 'carrier:',
  k_collisions: 'collisions:',
  k_txqueuelen: 'txqueuelen:',
  k_bytes: 'bytes:',
  k_interrupt: 'Interrupt:',
  k_address: 'address:',
  k_memory: 'Memory:',
  k_chan: 'chan:',
  k_compressed: 'compressed:',
  k_scope: 'Scope:',
});

// A word ending in ":" before a blank: the interface name of a 2.x header ("eth0:1:"), or a
// classic key followed by a blank ("inet6 addr: …", French "adr inet6: …")
const colonWords = moo.keywords({ k_addrsp: 'addr:', k_inet6fr: 'inet6:' });

export const lexer = moo.compile({
  ws: /[ \t\u00a0\f\v\r]+/,
  noflags: /\[NO FLAGS\]/,
  nostats: new RegExp(loose('- no statistics available -')),
  shortheader: new RegExp(loose(SHORT_HEADER)),
  // "(8.9 GiB)" (2.x), "(16.7 KB)", "(0.0 b)" (1.60 builds), "(206,9 MiB)" (LANGUAGE=cs)
  size: /\(\d+[.,]\d+ [A-Za-z]{1,3}\)/,
  title: /\([^()\n]+\)/,
  // "flags=0<" is what net-tools prints for no flags
  flags: /flags=\d+<[^\s<>]*>?/,
  scope: /0x[\da-fA-F]+<[^\s<>]*>/,
  encap: new RegExp(`Link[ \\t\\u00a0]+encap:(?:${titles}|[^\\s]+)`),
  txqueuelenfr: { match: new RegExp(`${loose('lg file transmission')}:(?=[^\\s])`), type: () => 'k_txqueuelen' },
  key: {
    match:
      /(?:addr|adr|Bcast|Mask|Masque|P-t-P|MTU|Metric|packets|errors|dropped|overruns|frame|carrier|collisions|txqueuelen|bytes|Interrupt|address|Memory|chan|compressed|Scope):(?=\S)/,
    type: keys,
  },
  // before the addresses: "ab:1:" would otherwise read as an IPv6 address
  ifname: { match: /[^\s:]+(?::[^\s:]+)*:(?=[ \t\u00a0\f\v\r])/, type: colonWords },
  hwaddr: /[\da-fA-F]{2}(?:[:-][\da-fA-F]{2}){3,}(?!\S)/,
  ipv4: /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\w.:/])/,
  ipv6: /[\da-fA-F]{0,4}(?::[\da-fA-F]{0,4}){2,7}(?:\/\d{1,3})?(?![\w.:/])/,
  // "0xd2600000-d2620000" (2.x), "fe9e0000-fea00000" (classic), "0x…–…" (LANGUAGE=cs, an en dash)
  memory: /(?:0x)?[\da-fA-F]+[-\u2013][\da-fA-F]+(?!\S)/,
  hex: /0x[\da-fA-F]+(?!\S)/,
  int: /\d+(?!\S)/,
  word: { match: /\S+/, type: words },
  error: moo.error,
});

/**
 * What the fast path may abstract in these lines besides numbers (src/formats/engine/skeleton.ts), so
 * that a thousand interfaces share a handful of skeletons (one per interface before: names, MACs and
 * link-local addresses with their zeros and groups elsewhere). Runs of blanks are one `ws` token, or
 * lie inside a phrase whose regex takes any run of blanks (`loose`); fields follow a blank and are
 * followed by one or the line's end. A field inside a token that spans blanks (a title "(…)", the
 * ifconfig -s header, "- no statistics available -") lies whole inside it, and those tokens take any
 * text but parentheses and line breaks there, so the token is the same whatever the field holds.
 * Each class is one token type:
 * - 1, digits: `int` (every rule before it needs a letter, ":", ".", "-", "=", "<" or "(");
 * - 1, a MAC (two hex digits in groups joined by ":", four groups or more): `hwaddr` (key and ifname
 *   need a ":" at the field's end; the scanner tells MACs from digits by shape);
 * - 2, an IPv6 address (two to seven ":", groups of up to four hex digits, none "::"-ambiguous with
 *   a MAC, optionally "/len"): `ipv6` (ifname needs a final ":", hwaddr two-digit groups, ipv4 dots);
 * - 3, a name and ":" ("cbr0:", "eth0:1:"): `ifname` before a blank, `word` at the line's end
 *   (which the skeleton tells apart), but for "addr:" and "inet6:" (typed by their text), names with
 *   an empty group or of hex groups only (IPv6 addresses to the lexer) and any with < > = (flags, scope).
 */
export const IFCONFIG_SKELETON: SkeletonOptions = { padding: true, fieldAt: fieldClassOf };

function fieldClassOf(text: string, start: number, end: number, seen: number): boolean | number {
  if ((seen & (FIELD_LOWERCASE | FIELD_QUOTE_HASH_SEMI)) !== 0) return false;
  let digits = true;
  let hexOrColon = true;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) digits = false;
    if (c !== 58 && !isHexDigit(c)) hexOrColon = false;
    if (c === 60 || c === 62 || c === 61) return false;
  }
  if (digits) return true;
  if (text.charCodeAt(end - 1) === 58) return isName(text, start, end) ? 3 : false;
  if (hexOrColon && isMacField(text, start, end)) return 1;
  return isIPv6(text, start, end) ? 2 : false;
}

/** Groups of up to four hex digits joined by two to seven ":", then maybe "/" and one to three digits. */
function isIPv6(text: string, start: number, end: number): boolean {
  let slash = end;
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 47) { slash = i; break; }
  if (slash < end) {
    const length = end - slash - 1;
    if (length < 1 || length > 3) return false;
    for (let i = slash + 1; i < end; i++) if (text.charCodeAt(i) < 48 || text.charCodeAt(i) > 57) return false;
  }
  let colons = 0;
  let run = 0;
  for (let i = start; i < slash; i++) {
    const c = text.charCodeAt(i);
    if (c === 58) {
      colons++;
      run = 0;
    } else if (isHexDigit(c) && ++run <= 4) continue;
    else return false;
  }
  return colons >= 2 && colons <= 7;
}

/**
 * A name and ":" as the ifname rule reads it: groups without ":" or blanks, none empty; not "addr:"
 * or "inet6:"; and not hex groups with two ":" or more ("ab:cd:" at a line's end is `ipv6`, whose
 * rule takes an empty last group, where a name at the end is a `word`).
 */
function isName(text: string, start: number, end: number): boolean {
  if (end - start < 2) return false;
  let run = 0;
  let colons = 0;
  let hex = true;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 58) {
      if (run === 0) return false;
      run = 0;
      colons++;
    } else {
      run++;
      if (!isHexDigit(c)) hex = false;
    }
  }
  if (hex && colons >= 2) return false;
  const field = text.slice(start, end);
  return field !== 'addr:' && field !== 'inet6:';
}

/** Names of token types for diagnostics' "expected" lists. */
export function describeToken(type: string): string {
  switch (type) {
    case 'ifname': return 'an interface name such as "eth0:"';
    case 'word': return 'an interface name';
    case 'encap': return '"Link encap:"';
    case 'shortheader': return 'the ifconfig -s header';
    case 'ipv4': return 'an IPv4 address';
    case 'ipv6': return 'an IPv6 address';
    case 'int': return 'a number';
    case 'kw_flag': case 'noflags': return 'interface flags';
    default:
      if (type.startsWith('kw_')) return `"${type.slice(3)}"`;
      if (type.startsWith('k_')) return `"${type.slice(2)}:"`;
      return type;
  }
}
