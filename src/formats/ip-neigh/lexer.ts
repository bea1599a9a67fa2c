// Tokens of ip neigh output (iproute2 ip/ipneigh.c print_neigh, BusyBox ip neigh): one line at a
// time. Link-layer addresses (pairs of hex digits joined by ":") come before IPv6 addresses, so
// "76:50:75:23:dd:f8" is a MAC and "fe80::1" an IPv6 address; moo tries rules in order.
import moo from 'moo';

/** NUD states as print_neigh_state spells them; "NONE" for tools that print a zero state. */
export const NUD_STATES = ['INCOMPLETE', 'REACHABLE', 'STALE', 'DELAY', 'PROBE', 'FAILED', 'NOARP', 'PERMANENT', 'NONE'] as const;

/** Flags in the order iproute2 prints them (after lladdr). */
export const NEIGH_FLAGS = ['router', 'proxy', 'managed', 'extern_learn', 'offload', 'extern_valid'] as const;

export const lexer = moo.compile({
  // ip -c colours each field with SGR escapes ("\u001b[35m10.0.0.1 \u001b[0mdev"): read as blanks
  // eslint-disable-next-line no-control-regex -- the escape character is what ip -c prints
  ws: /(?:[ \t\u00a0\f\v\r]|\u001b\[[0-9;]*m)+/,
  hwaddr: /[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2})+(?![\w.:/])/,
  ipv4: /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\w.:/])/,
  ipv6: /[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}(?![\w.:/])/,
  // "used 5/5/5probes 4": iproute2 6.x prints no space between the times and "probes"
  times: /\d+\/\d+\/\d+/,
  // eslint-disable-next-line no-control-regex -- a colour escape ends a number too
  int: /\d+(?![^ \t\u00a0\f\v\r\n\u001b])/,
  word: {
    // eslint-disable-next-line no-control-regex -- a colour escape ends a word
    match: /[^ \t\u00a0\f\v\r\n\u001b]+/,
    type: moo.keywords({
      dev: 'dev', lladdr: 'lladdr', ref: 'ref', used: 'used', probes: 'probes', proto: 'proto',
      flag: [...NEIGH_FLAGS], nud: [...NUD_STATES],
    }),
  },
  error: moo.error,
});

/** Names of token types for diagnostics' "expected" lists. */
export function describeToken(type: string): string {
  switch (type) {
    case 'ipv4': return 'an IPv4 address';
    case 'ipv6': return 'an IPv6 address';
    case 'hwaddr': return 'a link-layer address';
    case 'times': return 'used/confirmed/updated seconds';
    case 'int': return 'a number';
    case 'word': return 'a name';
    case 'flag': return 'a flag (router, proxy, …)';
    case 'nud': return 'a NUD state';
    default: return `"${type}"`;
  }
}
