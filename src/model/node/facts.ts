// The facts of one node's network, each with the evidence that shows it. IPv4 is modelled for
// routing (the overlay and kube-proxy paths netsift traces are IPv4); IPv6 records stay in the
// parsed sections of the bundle.
import type { Prefix4 } from '../../core';
import type { IpRuleAction } from '../../formats/ip-rule/schema';
import type { Evidence, ParsedSection } from '../evidence';

/** What kind of device a link is: from ip -d's kind, ifconfig's hardware title, or the name. */
export type LinkKind = 'vxlan' | 'bridge' | 'veth' | 'ipip' | 'loopback' | 'ether' | 'tunnel' | 'dummy' | 'other';

export interface Link {
  name: string;
  kind: LinkKind | null;
  /** The kind was read off the name ("flannel.1", "cali…", "tunl0"), not from the device itself. */
  kindFromName: boolean;
  mac: string | null;
  mtu: number | null;
  up: boolean | null;
  master: string | null;
  vxlan: { id: number | null; local: string | null; dev: string | null; port: number | null } | null;
  evidence: Evidence[];
}

export interface Address {
  ip: string;
  value: number;
  prefixLength: number;
  cidr: string;
  device: string;
  evidence: Evidence;
}

/** A route type as the kernel knows it (rtm_type); net-tools shows blackhole as Iface "*". */
export type RouteType = 'unicast' | 'local' | 'broadcast' | 'multicast' | 'anycast' | 'nat' | 'xresolve'
  | 'blackhole' | 'unreachable' | 'prohibit' | 'throw';

export interface Route {
  table: string;
  type: RouteType;
  prefix: Prefix4;
  network: string;
  gateway: string | null;
  dev: string | null;
  protocol: string | null;
  scope: string | null;
  metric: number | null;
  onlink: boolean;
  /** The preferred source address ("src 10.10.20.21"): an address of this node; ip route only. */
  src?: string | null;
  /** route -n cannot tell unreachable from prohibit, nor blackhole from a route with no device. */
  typeInferred: boolean;
  evidence: Evidence;
}

/** The kernel's own answer to `ip route get DESTINATION [from A] [iif D] [oif D] [mark M]`: a route, or the error it printed. */
export interface KernelLookup {
  destination: string;
  from: string | null;
  iif: string | null;
  oif: string | null;
  mark: number | null;
  /** The route the kernel chose; null when it answered with an error. */
  route: { type: RouteType; dev: string | null; gateway: string | null; src: string | null; table: string | null } | null;
  /** The error printed instead ("RTNETLINK answers: Invalid argument"); null with a route. */
  error: string | null;
  evidence: Evidence;
}

export interface Neighbor {
  ip: string;
  dev: string | null;
  lladdr: string | null;
  state: string[] | null;
  evidence: Evidence;
}

/** One policy routing rule (ip rule), IPv4; selectors as the kernel compares them (fib_rule_match). */
export interface PolicyRule {
  priority: number;
  not: boolean;
  /** null: all */
  from: Prefix4 | null;
  to: Prefix4 | null;
  fwmark: number | null;
  /** null: 0xffffffff */
  fwmask: number | null;
  iif: string | null;
  oif: string | null;
  /** ipproto as printed ("tcp", "udp", "icmp", a number): decided for a packet whose protocol is known; null: any. */
  ipproto: string | null;
  /** dport: decided for a packet whose destination port is known; null: any. */
  dport: { start: number; end: number } | null;
  /** Selectors netsift does not decide for a packet (tos, uidrange, sport — the client's port —, tun_id, l3mdev, ifgroup), as printed. */
  undecided: string[];
  action: IpRuleAction;
  /** lookup's table as printed ("main", "100", "vpn"), and its number when known (main 254, local 255, default 253). */
  table: string | null;
  tableId: number | null;
  goto: number | null;
  suppressPrefixLength: number | null;
  evidence: Evidence;
}

export interface FdbEntry {
  mac: string;
  dev: string | null;
  dst: string | null;
  master: string | null;
  permanent: boolean;
  evidence: Evidence;
}

/** One listing of a table (a section), and what it covers. */
export interface Listing<T> {
  source: ParsedSection;
  /** The listing shows the whole table (not partial, not filtered by grep or elision). */
  complete: boolean;
  /** Neighbours of ip neigh show dev X, FDB of bridge fdb show dev X: only that device is covered. */
  dev: string | null;
  entries: T[];
}

/** What changed between two complete listings of one command on one host. */
export interface TableChange<T> {
  kind: 'routes' | 'addresses' | 'neighbors' | 'fdb' | 'rules';
  before: ParsedSection;
  after: ParsedSection;
  added: T[];
  removed: T[];
}

/** A table of a node: the state at the time of the incident (baseline), and the later changes. */
export interface Table<T> {
  entries: T[];
  /** The complete listings that make the baseline: an absence in them is a fact. Empty: absence unknown. */
  complete: Listing<T>[];
  listings: Listing<T>[];
  changes: TableChange<T>[];
}
