// Tokens of ip addr and ip link output (iproute2 ip/ipaddress.c; BusyBox ip), one line at
// a time. Keywords get their own token types so the grammar matches types only; moo tries rules
// in order, so the specific shapes (index "2:", "<FLAGS>", addresses) come before plain words.
import moo from 'moo';

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
