// Tokens of one line of bridge fdb show (iproute2 bridge/fdb.c print_fdb): an address, then
// keywords with their values. Keywords are their own token types (moo.keywords), so the grammar
// matches types only; everything else that is not a number or an address is a name.
import moo from 'moo';

/** Every word bridge fdb prints as a keyword, by token type. */
export const KEYWORDS = {
  kwDeleted: 'Deleted',
  kwDev: 'dev',
  kwDst: 'dst',
  kwVlan: 'vlan',
  kwPort: 'port',
  kwVni: 'vni',
  kwSrcVni: 'src_vni',
  kwVia: 'via',
  kwIfindex: 'ifindex',
  kwNhid: 'nhid',
  kwLinkNetnsid: 'link-netnsid',
  kwActivityNotify: 'activity_notify',
  kwInactive: 'inactive',
  kwNorefresh: 'norefresh',
  kwUsed: 'used',
  kwSelf: 'self',
  kwRouter: 'router',
  kwExternLearn: 'extern_learn',
  kwOffload: 'offload',
  kwMaster: 'master',
  kwSticky: 'sticky',
  kwLocked: 'locked',
  kwPermanent: 'permanent',
  kwStatic: 'static',
  kwStale: 'stale',
} as const;
export type KeywordType = keyof typeof KEYWORDS;

export const lexer = moo.compile({
  // NBSP: pastes from web pages carry it where the tool printed a space; bridge -c colours each
  // field with SGR escapes ("\u001b[33m0e:7a:42:00:00:0c \u001b[0mdst"): read as blanks
  // eslint-disable-next-line no-control-regex -- the escape character is what bridge -c prints
  ws: /(?:[ \t\u00a0\f\v\r]|\u001b\[[0-9;]*m)+/,
  // ll_addr_n2a: two hex digits per byte, ":" between them (six bytes for Ethernet)
  mac: /[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){1,31}(?![\w.:/])/,
  ipv4: /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\w.:/])/,
  ipv6: /[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}(?![\w.:/])/,
  // -s: "used %d/%d", seconds since last use / last update
  // eslint-disable-next-line no-control-regex -- a colour escape ends a field
  timers: /\d+\/\d+(?![^ \t\u00a0\f\v\r\n\u001b])/,
  // state_n2a for a state it has no name for: "state=%#x"
  // eslint-disable-next-line no-control-regex -- a colour escape ends a field
  stateHex: /state=0x[0-9a-fA-F]+(?![^ \t\u00a0\f\v\r\n\u001b])/,
  // eslint-disable-next-line no-control-regex -- a colour escape ends a field
  int: /-?\d+(?![^ \t\u00a0\f\v\r\n\u001b])/,
  // eslint-disable-next-line no-control-regex -- a colour escape ends a word
  word: { match: /[^ \t\u00a0\f\v\r\n\u001b]+/, type: moo.keywords(KEYWORDS) },
  error: moo.error,
});

/** Names of token types for diagnostics' "expected" lists. */
export function describeToken(type: string): string {
  if (Object.hasOwn(KEYWORDS, type)) return `"${KEYWORDS[type as KeywordType]}"`;
  switch (type) {
    case 'mac': return 'a MAC address';
    case 'ipv4': return 'an IPv4 address';
    case 'ipv6': return 'an IPv6 address';
    case 'timers': return 'used/updated seconds';
    case 'stateHex': return 'a state such as state=0x2';
    case 'int': return 'a number';
    case 'word': return 'a name';
    default: return type;
  }
}
