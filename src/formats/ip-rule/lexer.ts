// Tokens of ip rule output (iproute2 ip/iprule.c print_rule, BusyBox ip rule): one line at a time.
// "N:" (priority and a tab) starts every rule; selectors and actions are keywords with one value.
import moo from 'moo';

/** Route types print_rule writes as an action (rtnl_rtntype_n2a); BusyBox maps goto and nop onto "local" and "broadcast". */
export const RULE_TYPES = [
  'unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat', 'xresolve',
] as const;

export const lexer = moo.compile({
  // ip -c colours addresses and names with SGR escapes: read as blanks
  // eslint-disable-next-line no-control-regex -- the escape character is what ip -c prints
  ws: /(?:[ \t\u00a0\f\v\r]|\u001b\[[0-9;]*m)+/,
  priority: /\d+:(?![^ \t\u00a0\f\v\r\n])/,
  // fwmark and tos: "0x4000/0x4000", "0x10"; iproute2 ≥ 5 prints a zero mark as "0" ("%#llx")
  hex: /(?:0x[0-9a-fA-F]+|0)\/(?:0x[0-9a-fA-F]+|0)(?![\w.:/])|0x[0-9a-fA-F]+(?![\w.:/])/,
  prefix: [
    /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?:\/\d{1,2})?(?![\w.:/])/,
    /[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}(?:\/\d{1,3})?(?![\w.:/])/,
    // "from 0/8": a prefix length without an address attribute
    /0\/\d{1,3}(?![\w.:/])/,
  ],
  range: /\d+-\d+(?![\w.:/-])/,
  // eslint-disable-next-line no-control-regex -- a colour escape ends a number too
  int: /\d+(?![^ \t\u00a0\f\v\r\n\u001b])/,
  word: {
    // eslint-disable-next-line no-control-regex -- a colour escape ends a word
    match: /[^ \t\u00a0\f\v\r\n\u001b]+/,
    type: moo.keywords({
      not: 'not', from: 'from', to: 'to', all: 'all', tos: 'tos', fwmark: 'fwmark', iif: 'iif', oif: 'oif',
      detached: '[detached]', l3mdevTable: '[l3mdev-table]', uidrange: 'uidrange', ipproto: 'ipproto', sport: 'sport',
      dport: 'dport', tunId: 'tun_id', lookup: 'lookup', suppressPrefixLength: 'suppress_prefixlength',
      suppressIfgroup: 'suppress_ifgroup', realms: 'realms', mapTo: 'map-to', masquerade: 'masquerade', goto: 'goto',
      none: 'none', unresolved: '[unresolved]', nop: 'nop', proto: 'proto', dscp: 'dscp', rtntype: [...RULE_TYPES],
    }),
  },
  error: moo.error,
});

/** Names of token types for diagnostics' "expected" lists. */
export function describeToken(type: string): string {
  switch (type) {
    case 'priority': return 'a priority ("0:")';
    case 'prefix': return 'an address or prefix';
    case 'hex': return 'a hexadecimal value';
    case 'range': return 'a range (N-M)';
    case 'int': return 'a number';
    case 'word': return 'a name';
    case 'rtntype': return 'a rule type (unreachable, prohibit, blackhole, …)';
    default: return `"${type}"`;
  }
}
