// Tokens of one line of `ip route` output (iproute2 ip/iproute.c print_route, BusyBox
// networking/libiproute/iproute.c). Every word ip prints as a key is a keyword with its own token
// type (kw_<word>), so the grammar matches types only; moo tries the rules in order.
import moo from 'moo';
import type { SkeletonOptions } from '../engine/skeleton';

/** Route types (rtnl_rtntype_n2a in iproute2 lib/rt_names.c). */
export const ROUTE_TYPES = [
  'unicast', 'local', 'broadcast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat', 'anycast',
  'xresolve',
] as const;

/** Route and next-hop flags (print_rt_flags), in the order ip prints them. */
export const ROUTE_FLAGS = [
  'dead', 'onlink', 'pervasive', 'offload', 'trap', 'notify', 'linkdown', 'unresolved', 'rt_offload', 'rt_trap',
  'rt_offload_failed',
] as const;

/** RTAX_* metric names (mx_names in ip/iproute.c), in RTAX order, which is the order ip prints them. */
export const METRIC_NAMES = [
  'mtu', 'window', 'rtt', 'rttvar', 'ssthresh', 'cwnd', 'advmss', 'reordering', 'hoplimit', 'initcwnd', 'features',
  'rto_min', 'initrwnd', 'quickack', 'congctl', 'fastopen_no_cookie',
] as const;

/** Other keys ip prints before a value, and the words of the continuation lines. */
const KEYS = [
  'default', 'from', 'nhid', 'as', 'to', 'tos', 'via', 'dev', 'table', 'proto', 'scope', 'src', 'metric', 'mark',
  'realm', 'realms', 'uid', 'iif', 'pref', 'cache', 'expires', 'error', 'users', 'used', 'age', 'ipid', 'lock',
  'nexthop', 'weight', 'inet', 'inet6', 'ecn',
  // ip nexthop objects (ip/ipnexthop.c print_nexthop), also after "nh_info" in ip -d route
  'id', 'nh_info', 'group', 'type', 'buckets', 'idle_timer', 'unbalanced_timer', 'unbalanced_time', 'fdb',
] as const;

const KEYWORDS: Record<string, string> = Object.create(null) as Record<string, string>;
for (const word of [...ROUTE_TYPES, ...ROUTE_FLAGS, ...METRIC_NAMES, ...KEYS]) KEYWORDS[`kw_${word}`] = word;

// ESC, built so the pattern source holds no control character
const ESC = String.fromCharCode(27);
// A token ends at a blank, at a colour escape (ip -c) or at the end of the line.
const END = '(?![^ \\t\\u00a0\\f\\v\\r\\n\\x1b])';
const V4 = '\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}';
// Hex groups and colons, optionally ending in a dotted quad (::ffff:0.0.0.0); validated in build.ts.
const V6 = '[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){1,7}(?:(?:\\.\\d{1,3}){3})?';

export const lexer = moo.compile({
  // ip -c wraps addresses and names in SGR colour escapes ("\x1b[35m10.0.0.1 \x1b[0m"): read as blanks
  ws: new RegExp(`(?:[ \\t\\u00a0\\f\\v\\r]|${ESC}\\[[\\d;]*m)+`),
  // ip -o joins a route's continuation lines (nexthop, cache) with a backslash
  backslash: new RegExp(`\\\\${END}`),
  prefix4: new RegExp(`${V4}/\\d{1,3}${END}`),
  ipv4: new RegExp(`${V4}${END}`),
  prefix6: new RegExp(`${V6}/\\d{1,3}${END}`),
  ipv6: new RegExp(`${V6}${END}`),
  // "0/8": a prefix without RTA_DST ("0/%d" in print_route)
  bareprefix: new RegExp(`\\d+/\\d{1,3}${END}`),
  seconds: new RegExp(`\\d+sec${END}`),
  duration: new RegExp(`\\d+(?:\\.\\d+)?m?s${END}`),
  hex: new RegExp(`0x[0-9a-fA-F]+${END}`),
  int: new RegExp(`-?\\d+${END}`),
  // cache flags of a cloned IPv4 route: "<local,brd>"
  cacheflags: new RegExp(`<[^\\s>\\x1b]*>${END}`),
  word: { match: new RegExp(`[^ \\t\\u00a0\\f\\v\\r\\n${ESC}]+`), type: moo.keywords(KEYWORDS) },
  // an escape that is not a colour
  escape: new RegExp(ESC),
  error: moo.error,
});

/** Names of token types for diagnostics' "expected" lists. */
export function describeToken(type: string): string {
  if (type.startsWith('kw_')) return `"${type.slice(3)}"`;
  switch (type) {
    case 'prefix4': return 'an IPv4 prefix';
    case 'ipv4': return 'an IPv4 address';
    case 'prefix6': return 'an IPv6 prefix';
    case 'ipv6': return 'an IPv6 address';
    case 'bareprefix': return 'a prefix such as 0/8';
    case 'int': return 'a number';
    case 'backslash': return '"\\"';
    default: return type;
  }
}

/**
 * What the fast path may abstract in these lines besides numbers (src/formats/engine/skeleton.ts):
 * decimal numbers, IPv4 addresses and IPv4 prefixes as segments of any length, so that a table's
 * routes share one skeleton per kind of line whatever their addresses ("1.2.3.0/24" and
 * "21.214.128.0/24" made two skeletons, thousands for a 100,000-route table). Each is exactly one
 * token of one type here (a field follows a blank and ends at a blank or the line's end; blanks are
 * all `ws`, and the END lookahead asks for what follows a field):
 * - digits alone: no rule before `int` takes them (prefix4, ipv4 and bareprefix need a "." or "/",
 *   prefix6 and ipv6 a ":", seconds "sec", duration "s", hex "0x"), so they are `int`;
 * - four groups of one to three digits joined by ".": `ipv4` (prefix4, tried first, needs a "/");
 * - the same and "/" and one to three digits: `prefix4`.
 * Each has its own class of segment (fieldAt's number: 1 digits, 2 addresses, 3 prefixes). Anything
 * else (IPv6, "0/8", names) keeps the skeleton of its characters.
 */
export const IP_ROUTE_SKELETON: SkeletonOptions = { fieldAt: ipRouteField };

function ipRouteField(text: string, start: number, end: number): boolean | number {
  let groups = 1;
  let digits = 0;
  let slash = -1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      // an address group or a prefix length has at most three digits; a number any
      if (digits > 3 && (groups > 1 || slash !== -1)) return false;
    } else if (c === 46 && slash === -1 && digits > 0 && digits <= 3 && groups < 4) {
      groups++;
      digits = 0;
    } else if (c === 47 && slash === -1 && groups === 4 && digits > 0) {
      slash = i;
      digits = 0;
    } else return false;
  }
  if (digits === 0) return false;
  if (groups === 1) return slash === -1 ? 1 : false;
  if (groups < 4) return false;
  return slash === -1 ? 2 : 3;
}
