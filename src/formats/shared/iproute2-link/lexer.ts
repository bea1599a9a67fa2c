// Tokens of ip addr and ip link output (iproute2 ip/ipaddress.c; BusyBox ip), one line at
// a time. Keywords get their own token types so the grammar matches types only; moo tries rules
// in order, so the specific shapes (index "2:", "<FLAGS>", addresses) come before plain words.
import moo from 'moo';
import { FIELD_LOWERCASE, FIELD_QUOTE_HASH_SEMI, type SkeletonOptions } from '../../engine/skeleton';
import { isHexDigit, isMacField } from '../../engine/field-shapes';

/** Words that always name a key (or a value set) in ip's output. */
const KEYWORDS: Record<string, string[]> = {
  kw_mtu: ['mtu'], kw_qdisc: ['qdisc'], kw_master: ['master'], kw_state: ['state'], kw_mode: ['mode'],
  kw_group: ['group'], kw_qlen: ['qlen'], kw_brd: ['brd'], kw_peer: ['peer'], kw_permaddr: ['permaddr'],
  kw_netns: ['link-netns'], kw_netnsid: ['link-netnsid'], kw_promiscuity: ['promiscuity'], kw_allmulti: ['allmulti'],
  kw_minmtu: ['minmtu'], kw_maxmtu: ['maxmtu'], kw_inet: ['inet'], kw_inet6: ['inet6'], kw_scope: ['scope'],
  kw_metric: ['metric'], kw_proto: ['proto'], kw_any: ['any'], kw_valid: ['valid_lft'], kw_preferred: ['preferred_lft'],
  kw_altname: ['altname'], kw_alias: ['alias'], kw_flags: ['flags'],
  lft: ['forever'],
  // ip/ipaddress.c ifa_flag_names, and "dynamic" (no IFA_F_PERMANENT)
  addrflag: [
    'secondary', 'temporary', 'nodad', 'optimistic', 'dadfailed', 'home', 'deprecated', 'tentative',
    'permanent', 'mngtmpaddr', 'noprefixroute', 'autojoin', 'stable-privacy', 'dynamic',
  ],
  // ip/ipaddress.c oper_states
  operstate: ['UNKNOWN', 'NOTPRESENT', 'DOWN', 'LOWERLAYERDOWN', 'TESTING', 'DORMANT', 'UP'],
  // the -d items print_linkinfo writes after the kind lines, always last
  tailkey: [
    'addrgenmode', 'numtxqueues', 'numrxqueues', 'gso_max_size', 'gso_max_segs', 'tso_max_size', 'tso_max_segs',
    'gro_max_size', 'gso_ipv4_max_size', 'gro_ipv4_max_size', 'parentbus', 'parentdev',
  ],
  // link kinds (IFLA_INFO_KIND) whose options line -d prints as "    <kind> …"
  kindname: [
    'vlan', 'veth', 'vcan', 'vxcan', 'dummy', 'ifb', 'macvlan', 'macvtap', 'can', 'bridge', 'bond', 'team', 'ipoib',
    'ip6tnl', 'ipip', 'sit', 'gre', 'gretap', 'erspan', 'ip6gre', 'ip6gretap', 'ip6erspan', 'vti', 'vti6', 'nlmon',
    'geneve', 'vxlan', 'hsr', 'macsec', 'vrf', 'ipvlan', 'ipvtap', 'xfrm', 'bareudp', 'gtp', 'amt', 'wireguard', 'tun',
    'netdevsim', 'rmnet', 'virt_wifi', 'batadv', 'openvswitch', 'lowpan', 'wwan',
  ],
  // slave kinds (IFLA_INFO_SLAVE_KIND), printed as "    <kind>_slave …"
  slavekind: ['bridge_slave', 'bond_slave', 'team_slave', 'vrf_slave', 'openvswitch_slave'],
};

const END = '(?![^\\s\\\\])';

export const lexer = moo.compile({
  ws: /[ \t\u00a0\f\v\r]+/,
  bs: /\\/,
  index: /\d+:(?=[ \t]|$)/,
  flags: /<[^\s<>\\]*>/,
  rxerrors: /RX errors:/,
  txerrors: /TX errors:/,
  rx: /RX:(?![^\s\\])/,
  tx: /TX:(?![^\s\\])/,
  linktype: /link\/[^\s\\]+/,
  cidr: new RegExp(`(?:\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7})\\/\\d{1,3}${END}`),
  ipv4: new RegExp(`\\d{1,3}(?:\\.\\d{1,3}){3}${END}`),
  mac: new RegExp(`[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){3,}${END}`),
  ipv6: new RegExp(`[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}${END}`),
  ifname: /[^\s\\:<>]+:(?=[ \t]|$)/,
  lftsec: new RegExp(`\\d+sec${END}`),
  int: new RegExp(`\\d+${END}`),
  word: { match: /[^\s\\]+/, type: moo.keywords(KEYWORDS) },
  error: moo.error,
});

/**
 * What the fast path may abstract in these lines besides numbers (src/formats/engine/skeleton.ts):
 * runs of blanks (column padding: one `ws` token whatever their length), and fields whose token type
 * does not depend on their text, so that a thousand interfaces share a handful of skeletons (one per
 * interface before: names, MACs with their zeros in other places, bridge ids). Sound for this lexer,
 * whose rules are tried in order and whose only tokens spanning a blank are `ws`, `rxerrors` and
 * `txerrors` ("RX errors:", excluded below); every field here follows a blank and is followed by
 * one or the line's end, which is what the END and ifname lookaheads ask:
 * - digits: no rule before `int` takes digits alone (index, cidr, ipv4, mac, ipv6 and ifname need a
 *   ":", "." or "/"; lftsec "sec"), so they are `int`;
 * - a MAC, two hex digits in groups joined by ":" (four groups or more): `mac` (index needs a blank
 *   after its ":", cidr a "/", and mac comes before ipv6);
 * - a bridge id, "8000.6:ab:10:11:4d:83": no rule before `word` matches it whole (int and ipv6 stop
 *   at the ".", ifname at the second ":"), and with a "." it is no keyword: `word`;
 * - a name and ":" ("cbr0:", "veth1a2b@if3:"), with no other ":" and none of < > \: `ifname`, unless
 *   it is digits ("2:" is `index`), "RX:" / "TX:" (rx, tx), "errors:" (part of "RX errors:") or
 *   starts with "link/" (linktype).
 * Each token type has its own class of segment (fieldAt's number: 1 digits and MACs, which the
 * scanner tells apart by shape, 2 names, 3 bridge ids), so no two of them share a skeleton.
 */
export const LINK_SKELETON: SkeletonOptions = { padding: true, fieldAt: isVaryingField };

function isVaryingField(text: string, start: number, end: number, seen: number): boolean | number {
  if ((seen & (FIELD_LOWERCASE | FIELD_QUOTE_HASH_SEMI)) !== 0) return false;
  // what the field holds besides ":" and ".": only digits, or something else than hex digits
  let nonDigits = false;
  let others = false;
  let colons = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 58) colons++;
    else if (c === 46) dots++;
    else if (c === 60 || c === 62 || c === 92) return false;
    else if (!(c >= 48 && c <= 57)) {
      nonDigits = true;
      if (!isHexDigit(c)) others = true;
    }
  }
  // classes: 1 `int` (digits) and `mac`, 2 `ifname`, 3 `word` (bridge ids)
  if (!nonDigits && colons === 0 && dots === 0) return true;
  if (!others && dots === 0 && colons >= 3) return isMacField(text, start, end) ? 1 : false;
  if (!others && dots === 1 && colons === 5) return isBridgeId(text, start, end) ? 3 : false;
  // a name and ":", not digits and ":" (an index)
  if (colons !== 1 || text.charCodeAt(end - 1) !== 58 || end - start < 2 || (!nonDigits && dots === 0)) return false;
  const field = text.slice(start, end);
  return field !== 'RX:' && field !== 'TX:' && field !== 'errors:' && !field.startsWith('link/') ? 2 : false;
}

/** One to four hex digits, ".", then six groups of one or two hex digits joined by ":". */
function isBridgeId(text: string, start: number, end: number): boolean {
  let i = start;
  let run = 0;
  while (i < end && isHexDigit(text.charCodeAt(i))) { i++; run++; }
  if (run < 1 || run > 4 || text.charCodeAt(i) !== 46) return false;
  i++;
  for (let group = 0; group < 6; group++) {
    if (group > 0) {
      if (text.charCodeAt(i) !== 58) return false;
      i++;
    }
    run = 0;
    while (i < end && isHexDigit(text.charCodeAt(i))) { i++; run++; }
    if (run < 1 || run > 2) return false;
  }
  return i === end;
}

/** Names of token types for diagnostics' "expected" lists. */
export function describeToken(type: string): string {
  switch (type) {
    case 'index': return 'an interface index ("2:")';
    case 'ifname': return 'an interface name ("eth0:")';
    case 'flags': return 'link flags ("<UP,LOWER_UP>")';
    case 'linktype': return 'a link type ("link/ether")';
    case 'cidr': return 'an address/prefix';
    case 'ipv4': return 'an IPv4 address';
    case 'ipv6': return 'an IPv6 address';
    case 'mac': return 'a link-layer address';
    case 'int': return 'a number';
    case 'word': return 'a name';
    case 'bs': return '"\\"';
    default:
      return type.startsWith('kw_') ? `"${type.slice(3)}"` : type;
  }
}
