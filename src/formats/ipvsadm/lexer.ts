// Tokens of ipvsadm's listings (ipvsadm 1.31 ipvsadm.c). Title and header lines are one token each
// (their words joined by any run of blanks, so flattened pastes still match); keywords and a save's
// switches have types of their own, so a line's token types decide its parse. moo tries rules in order.
import moo from 'moo';

/** What ends a word: a blank, a line break, or the end. */
const END = '(?![^ \\t\\u00a0\\f\\v\\r\\n])';

/** A literal line as a regex source whose spaces match any run of blanks. */
function loose(line: string): RegExp {
  return new RegExp(line.split(' ').map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[ \\t\\u00a0]+'));
}

/** A word (or any of several) standing alone. */
function keyword(...words: string[]): RegExp {
  return new RegExp(`(?:${words.map((word) => word.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|')})${END}`);
}

// print_title: "Prot LocalAddress:Port" padded to 33, then the layout's column names
export const HEADERS = {
  list: 'Prot LocalAddress:Port Scheduler Flags',
  stats: 'Prot LocalAddress:Port Conns InPkts OutPkts InBytes OutBytes',
  rate: 'Prot LocalAddress:Port CPS InPPS OutPPS InBPS OutBPS',
  thresholds: 'Prot LocalAddress:Port Uthreshold Lthreshold ActiveConn InActConn',
  persistentConn: 'Prot LocalAddress:Port Weight PersistConn ActiveConn InActConn',
  destinationTunnel: '-> RemoteAddress:Port Forward TunnelInfo Weight ActiveConn InActConn',
  destination: '-> RemoteAddress:Port Forward Weight ActiveConn InActConn',
  destinationShort: '-> RemoteAddress:Port',
  connectionTitle: 'IPVS connection entries',
  connectionPe: 'pro expire state source virtual destination pe name pe_data',
  connection: 'pro expire state source virtual destination',
  timeout: 'Timeout (tcp tcpfin udp):',
  cannotInitialize: 'Can\'t initialize ipvs:',
  notBuiltIn: 'Are you sure that IP Virtual Server is built in the kernel or as module?',
  noSuchService: 'No such service',
} as const;

export const lexer = moo.compile({
  ws: /[ \t\u00a0\f\v\r]+/,
  version: /IP[ \t\u00a0]+Virtual[ \t\u00a0]+Server[ \t\u00a0]+version[ \t\u00a0]+\d{1,5}\.\d{1,5}\.\d{1,5}[ \t\u00a0]+\(size=\d{1,12}\)/,
  headerList: loose(HEADERS.list),
  headerStats: loose(HEADERS.stats),
  headerRate: loose(HEADERS.rate),
  headerThresholds: loose(HEADERS.thresholds),
  headerPersistentConn: loose(HEADERS.persistentConn),
  // the longer destination headers first: each begins with the short one
  headerDestinationTunnel: loose(HEADERS.destinationTunnel),
  headerDestination: loose(HEADERS.destination),
  headerDestinationShort: loose(HEADERS.destinationShort),
  connectionTitle: loose(HEADERS.connectionTitle),
  connectionHeaderPe: loose(HEADERS.connectionPe),
  connectionHeader: loose(HEADERS.connection),
  timeoutTitle: loose(HEADERS.timeout),
  cannotInitialize: loose(HEADERS.cannotInitialize),
  notBuiltIn: loose(HEADERS.notBuiltIn),
  noSuchService: loose(HEADERS.noSuchService),
  program: keyword('ipvsadm:', 'modprobe:'),
  arrow: keyword('->'),
  protocol: keyword('TCP', 'UDP', 'SCTP'),
  ipProtocol: keyword('IP'),
  fwm: keyword('FWM'),
  ipv6Tag: keyword('IPv6'),
  persistent: keyword('persistent'),
  mask: keyword('mask'),
  pe: keyword('pe'),
  ops: keyword('ops'),
  forward: keyword('Masq', 'Local', 'Tunnel', 'Route', 'FullNat', 'SNAT', '(null)'),
  // ipvsadm -S: -A/-a, the service (-t, -u, --sctp-service, -f [-6]), then options in a fixed order
  addService: keyword('-A'),
  addServer: keyword('-a'),
  serviceSwitch: keyword('-t', '-u', '--sctp-service', '-f'),
  inet6Switch: keyword('-6'),
  schedulerSwitch: keyword('-s'),
  persistentSwitch: keyword('-p'),
  maskSwitch: keyword('-M'),
  peSwitch: keyword('--pe'),
  opsSwitch: keyword('-o'),
  flagsSwitch: keyword('-b'),
  serverSwitch: keyword('-r'),
  forwardSwitch: keyword('-m', '-g', '-i'),
  weightSwitch: keyword('-w'),
  tunnelTypeSwitch: keyword('--tun-type'),
  tunnelPortSwitch: keyword('--tun-port'),
  tunnelChecksumSwitch: keyword('--tun-nocsum', '--tun-csum', '--tun-remcsum'),
  hostPort4: new RegExp(`\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}:\\d{1,5}${END}`),
  // IPv6 in brackets: "[fd00::1]:443" (-n), or without -n a host name and a service name ("[node-a.example]:https"),
  // never cut (print_service_entry cuts IPv4 names only)
  hostPort6: new RegExp(`\\[[^ \\t\\u00a0\\f\\v\\r\\n[\\]]{1,255}\\]:[^ \\t\\u00a0\\f\\v\\r\\n:[\\]]{0,64}${END}`),
  ipv4: new RegExp(`\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}${END}`),
  // -c's expire, MM:SS (minutes not capped); before names, which "14:58" would also be
  expire: new RegExp(`\\d{1,9}:\\d\\d${END}`),
  schedulerFlags: new RegExp(`\\([\\w,-]{0,64}\\)${END}`),
  int: new RegExp(`\\d{1,20}${END}`),
  largeNumber: new RegExp(`\\d{1,20}[KMGT]${END}`),
  // a host name and a port or its service name (no -n), or either cut off ("ip-10-0-62-121.ec2.internal:")
  hostName: new RegExp(`[^ \\t\\u00a0\\f\\v\\r\\n:[\\]]{1,255}:[^ \\t\\u00a0\\f\\v\\r\\n:]{0,64}${END}`),
  // an IPv4 name (no -n) that ipvsadm cut before its colon: svc_name[33] of "TCP  NAME:PORT" and dname[28]
  // leave 28 characters of a name of 28 or more ("ip-10-0-62-121.us-west-2.co")
  cutName: new RegExp(`[^ \\t\\u00a0\\f\\v\\r\\n:[\\]]{28}${END}`),
  word: /[^ \t\u00a0\f\v\r\n]+/,
  error: moo.error,
});

/** Names of token types for diagnostics' "expected" lists. */
export function describeToken(type: string): string {
  switch (type) {
    case 'arrow': return '"->" (a real server)';
    case 'protocol': return 'TCP, UDP or SCTP';
    case 'fwm': return 'FWM';
    case 'hostPort4': case 'hostPort6': case 'hostName': case 'cutName': return 'an address and port (10.96.0.1:443)';
    case 'forward': return 'a forwarding method (Masq, Route, Tunnel, Local)';
    case 'int': return 'a number';
    case 'largeNumber': return 'a number (K, M, G or T)';
    case 'expire': return 'an expiry time (MM:SS)';
    case 'word': return 'a name';
    case 'ws': return 'a blank';
    default: return type.endsWith('Switch') ? 'an option of ipvsadm -S' : 'a title or header line';
  }
}
