// Reads a typed command (route -n, ip -4 r s, iptables -t nat -nvL KUBE-SERVICES, kubectl exec … --
// ip route): how far it extends in a line that may go on with its output, and the format and parser
// options it implies. Abbreviations follow iproute2's matches() (ip/ip.c, ip/iproute.c).
import type { FormatId } from '../formats/format';
import { startsWithFailure } from './terminal';
import { getFormat } from '../formats/registry';
import { keyFromArgument, keyFromProcPath } from '../formats/sysctl/keys';
import { append } from '../core/append';

/** A command recognised at the start of a text. */
export interface CommandMatch {
  /** The command as typed, pipes included, trimmed. */
  command: string;
  /** Characters of the text the command takes (the output, if any, starts after them). */
  length: number;
  /** The program that runs (the inner one for kubectl exec, docker exec, sudo, sh -c). */
  program: string;
  format: FormatId | null;
  options?: Record<string, string>;
  /** host: about the machine it runs on; cluster: about the cluster (kubectl get); pod: about a pod's node (kubectl logs). */
  scope: 'host' | 'cluster' | 'pod';
  /** The pod of kubectl logs / kubectl exec, whose node the output belongs to. */
  pod?: string;
  /** The machine the command names to run on (`ssh host188 route -n`): the output is that host's. */
  host?: string;
  /** Why the output is incomplete ("| grep flannel"). */
  partialReason?: string;
  /** The output is shaped by a pipe (| awk, | wc) so no format reads it. */
  transformed?: boolean;
  /**
   * The listings run after this one on the same line (`ip route; ip addr`, `route -n && ip neigh`):
   * their outputs follow this one's, in order (readChain says which lines are read so).
   */
  then?: ChainedCommand[];
}

/** A listing run after another on the same line: its command as typed and what reads its output. */
export interface ChainedCommand {
  command: string;
  program: string;
  format: FormatId | null;
  options?: Record<string, string>;
  scope: CommandMatch['scope'];
  pod?: string;
}

/** Programs a bare "# " or "$ " prompt may run; anything else after "# " is a comment. */
export const KNOWN_PROGRAMS: ReadonlySet<string> = new Set([
  'route', 'netstat', 'ip', 'bridge', 'ifconfig', 'iptables', 'ip6tables', 'iptables-save', 'ip6tables-save',
  'iptables-legacy', 'iptables-nft', 'iptables-legacy-save', 'iptables-nft-save', 'kubectl', 'etcdctl', 'docker',
  'crictl', 'journalctl', 'cat', 'curl', 'wget', 'ping', 'traceroute', 'tcpdump', 'lsmod', 'rmmod', 'modprobe',
  'insmod', 'systemctl', 'sysctl', 'conntrack', 'nft', 'ipvsadm', 'ipvsadm-save', 'ipset', 'arp', 'ss', 'ethtool', 'brctl', 'tc', 'dig',
  'nslookup', 'nc', 'telnet', 'ls', 'grep', 'tail', 'head', 'less', 'echo', 'printf', 'export', 'sudo', 'ssh', 'nsenter',
  'hostname', 'uname', 'calicoctl', 'ifdown', 'ifup', 'dmesg', 'ps', 'free', 'df', 'whoami', 'env', 'service',
  'mtr', 'sh', 'bash', 'vi', 'vim', 'cp', 'mv', 'rm', 'mkdir', 'chmod', 'kubeadm', 'kubelet', 'flanneld', 'awk', 'busybox', 'runuser', 'cd', 'date',
]);

interface Token {
  /** The word with its quotes removed. */
  value: string;
  start: number;
  end: number;
  quoted: boolean;
}

/** Shell-like words of one line: quotes group, "|", "&&", ";" stand alone. Linear, never throws. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c === '|' || c === ';') {
      tokens.push({ value: c, start: i, end: i + 1, quoted: false });
      i++;
      continue;
    }
    if (c === '&' && text[i + 1] === '&') {
      tokens.push({ value: '&&', start: i, end: i + 2, quoted: false });
      i += 2;
      continue;
    }
    const start = i;
    let value = '';
    let quoted = false;
    while (i < n) {
      const d = text[i] as string;
      if (d === ' ' || d === '\t' || d === '\r' || d === '\n' || d === '|' || d === ';') break;
      if (d === '&' && text[i + 1] === '&') break;
      if (d === '"' || d === "'") {
        quoted = true;
        const close = text.indexOf(d, i + 1);
        const stop = close === -1 ? n : close;
        value += text.slice(i + 1, stop);
        i = close === -1 ? n : close + 1;
        continue;
      }
      value += d;
      i++;
    }
    tokens.push({ value, start, end: i, quoted });
  }
  return tokens;
}

/** A remark typed after a command or inside an output: "###…", "----…", "--not ok", "【…】", "<--". */
export function isRemarkWord(word: string): boolean {
  return word.startsWith('##') || word.startsWith('--') || word.startsWith('【') || word.startsWith('<--') || word.startsWith('//');
}

/** In a command, "--", "--prefix", "--line-numbers" are options; "---ok", "--ok,删除成功", "###x" are remarks. */
function isRemarkInCommand(word: string): boolean {
  return isRemarkWord(word) && !/^--(?:[a-z][\da-z-]*(?:=\S*)?)?$/.test(word);
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,3}(?:\.\d{1,3}){0,3})?$/;
const IPV6 = /^[\da-f]{0,4}(?::[\da-f]{0,4}){2,7}(?:\/\d{1,3})?$/i;
const MAC = /^[\da-f]{2}(?::[\da-f]{2}){5}$/i;
const DEVICE = /^[A-Za-z][\w.@-]{0,30}$/;
const DEVICE_ALIAS = /^[A-Za-z][\w.@-]{0,14}:[\w-]{1,15}$/;
const CHAIN = /^[A-Za-z][\w-]{0,63}$/;
const KUBE_NAME = /^[a-z\d][\w.:/-]{0,252}$/;
const PATH = /^[~./][^\s=]{0,1000}$/;

function isAddress(word: string): boolean {
  return IPV4.test(word) || (word.includes(':') && IPV6.test(word));
}

/** A device name, or an alias of one ("eth0:1", ifconfig's), not the first word of an output ("eth0:", "1:", "....", a MAC). */
function isDeviceWord(word: string): boolean {
  return (DEVICE.test(word) || DEVICE_ALIAS.test(word)) && !MAC.test(word) && !word.endsWith(':');
}

class Cursor {
  i = 0;
  /** Indexes of the bare words taken as arguments (a device, a chain, a pod): where an output may have begun instead. */
  readonly bare: number[] = [];
  constructor(
    readonly tokens: Token[],
    /** The text goes on with output after the command (a flattened paste): take no bare word that could start it. */
    readonly conservative: boolean,
  ) {}

  peek(offset = 0): string | undefined {
    return this.tokens[this.i + offset]?.value;
  }

  token(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  take(): string {
    const value = this.tokens[this.i]?.value ?? '';
    this.i++;
    return value;
  }

  /** Takes a bare argument word: one the output's first word could be mistaken for. */
  takeBare(): string {
    this.bare.push(this.i);
    return this.take();
  }

  get done(): boolean {
    const next = this.tokens[this.i];
    if (!next) return true;
    if (next.quoted) return false;
    return next.value === '|' || next.value === ';' || next.value === '&&' || isRemarkInCommand(next.value);
  }
}

interface Reading {
  program: string;
  format: FormatId | null;
  options?: Record<string, string>;
  scope: CommandMatch['scope'];
  pod?: string;
  host?: string;
}

/** A reading of a later listing on the line as a ChainedCommand. */
function chained(command: string, reading: Reading): ChainedCommand {
  const out: ChainedCommand = { command, program: reading.program, format: reading.format, scope: reading.scope };
  if (reading.options) out.options = reading.options;
  if (reading.pod) out.pod = reading.pod;
  return out;
}

// The keys are ours (dev, table, chain); only the values come from the input.
function options(entries: [string, string | undefined][]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  let any = false;
  for (const [key, value] of entries) {
    if (value !== undefined) {
      out[key] = value;
      any = true;
    }
  }
  return any ? out : undefined;
}

/** Takes "keyword value" pairs and bare flags while they fit; a bare word only when `bare` accepts it. */
function keywords(
  c: Cursor,
  withValue: ReadonlySet<string>,
  bareFlags: ReadonlySet<string>,
  bare: ((word: string) => boolean) | null,
  found: Map<string, string>,
  flags?: string[],
): void {
  while (!c.done) {
    const word = c.peek() as string;
    if (withValue.has(word) && c.peek(1) !== undefined) {
      c.take();
      found.set(word, c.take());
    } else if (bareFlags.has(word)) {
      // taken whether or not the caller keeps flags: `flags?.push(c.take())` would skip the take
      // when flags is undefined, and loop for ever (`route add default gw 10.0.0.1`)
      const flag = c.take();
      flags?.push(flag);
    } else if (bare?.(word)) {
      found.set('', c.takeBare());
    } else return;
  }
}

// ---------------------------------------------------------------- iproute2

const IP_OBJECTS = [
  'address', 'addrlabel', 'maddress', 'route', 'rule', 'neighbor', 'neighbour', 'ntable', 'ntbl', 'link', 'l2tp',
  'fou', 'ila', 'macsec', 'tunnel', 'tunl', 'tuntap', 'tap', 'token', 'tcpmetrics', 'tcp_metrics', 'monitor', 'xfrm',
  'mroute', 'mrule', 'netns', 'netconf', 'vrf', 'sr', 'nexthop', 'mptcp', 'ioam', 'stats',
];
const IP_OPTIONS_WITH_VALUE = new Set(['-n', '-netns', '-f', '-family', '-b', '-batch', '-rc', '-rcvbuf', '-l', '-loops']);
const IP_OPTIONS = /^-{1,2}(?:[046BDMNacdhjoprst]|details|stats|statistics|oneline|json|pretty|colou?r|(?:c|colou?r)=\w+|br|brief|resolve|all|human|human-readable|iec|numeric|timestamp|ts|tshort)$/;
const SHOW_VERBS = ['show', 'list', 'lst'];

/** iproute2's matches(): the word is a prefix of the full name. */
function matches(word: string, full: string): boolean {
  return word.length > 0 && full.startsWith(word);
}

function ipObject(word: string): string | null {
  for (const name of IP_OBJECTS) if (matches(word, name)) return name === 'neighbour' ? 'neighbor' : name;
  return null;
}

const ROUTE_KEYS = new Set([
  'table', 'tab', 'dev', 'oif', 'iif', 'proto', 'protocol', 'scope', 'type', 'via', 'src', 'from', 'to', 'root', 'match',
  'exact', 'realm', 'realms', 'metric', 'preference', 'vrf', 'mtu', 'advmss', 'nexthop', 'weight', 'tos', 'dsfield',
]);
const ROUTE_FLAGS = new Set(['cloned', 'cached', 'cache', 'onlink', 'pervasive', 'blackhole', 'unreachable', 'prohibit', 'throw', 'local', 'unicast']);
// ip route show's SELECTOR (ip/iproute.c iproute_list_flush_or_save): these keywords with a value, the
// flags cloned and cached, and one destination, bare or after to / root / match / exact
const ROUTE_SHOW_KEYS = new Set([
  'table', 'tab', 'vrf', 'tos', 'dsfield', 'proto', 'protocol', 'scope', 'type', 'dev', 'oif', 'iif', 'mark',
  'metric', 'priority', 'preference', 'via', 'src', 'realms', 'from',
]);
const ROUTE_SHOW_FLAGS = new Set(['cloned', 'cached', 'cache']);
const ROUTE_SHOW_DESTINATION_KEYS = new Set(['to', 'root', 'match', 'exact']);
const ADDR_KEYS = new Set(['dev', 'scope', 'label', 'to', 'type', 'master', 'vrf']);
const ADDR_FLAGS = new Set(['up', 'dynamic', 'permanent', 'primary', 'secondary', 'tentative', 'deprecated', 'dadfailed', 'temporary', 'nomaster']);
const LINK_KEYS = new Set(['dev', 'type', 'master', 'vrf', 'group']);
const NEIGH_KEYS = new Set(['dev', 'to', 'nud', 'vrf']);
const NEIGH_FLAGS = new Set(['proxy', 'nomaster']);
const ROUTE_GET_KEYS = new Set(['from', 'iif', 'oif', 'mark', 'tos', 'dsfield', 'vrf', 'ipproto', 'sport', 'dport', 'as', 'uid', 'dev']);
const RULE_KEYS = new Set(['table', 'lookup', 'priority', 'pref', 'order', 'from', 'to', 'iif', 'oif', 'fwmark']);
const TUNNEL_KEYS = new Set(['mode', 'remote', 'local', 'ttl', 'dev', 'key', 'ikey', 'okey', 'tos', 'name']);

function readIp(c: Cursor, depth: number): Reading {
  // ip -n NS / -netns NS: the listing is that namespace's, not the node's
  let netns: string | null = null;
  while (!c.done) {
    const word = c.peek() as string;
    if (IP_OPTIONS_WITH_VALUE.has(word) && c.peek(1) !== undefined) {
      c.take();
      const value = c.take();
      if (word === '-n' || word === '-netns') netns = value;
    } else if (IP_OPTIONS.test(word)) c.take();
    else break;
  }
  const objectWord = c.done ? undefined : c.peek();
  const object = objectWord === undefined ? null : ipObject(objectWord);
  if (!object) return { program: 'ip', format: null, scope: 'host' };
  c.take();
  if (object === 'netns' && c.peek() === 'exec' && c.peek(1) !== undefined) {
    // ip netns exec NS CMD: CMD's output, from that namespace (as sos's per-namespace files)
    c.take();
    const name = c.take();
    const inner = readOne(c, depth + 1);
    return inner ? inOtherNamespace({ ...inner, wrappers: ['ip netns exec', ...inner.wrappers] }, name) : { program: 'ip', format: null, scope: 'host' };
  }
  if (netns !== null) return inOtherNamespace(readIpObject(c, object), netns);
  return readIpObject(c, object);
}

function readIpObject(c: Cursor, object: string): Reading {
  let verb = 'show';
  let explicitVerb = false;
  if (!c.done) {
    const word = c.peek() as string;
    const show = SHOW_VERBS.some((v) => matches(word, v));
    const action = /^[a-z]+$/.test(word) && [
      'add', 'change', 'chg', 'replace', 'prepend', 'append', 'test', 'delete', 'get', 'flush', 'restore', 'save', 'set',
      'help', 'showdump', 'monitor', 'xstats', 'afstats', 'property',
    ].some((v) => matches(word, v) && (word.length > 1 || v !== 'save'));
    if (show) {
      explicitVerb = true;
      c.take();
    } else if (action) {
      verb = word;
      c.take();
    }
  }
  const found = new Map<string, string>();
  const flags: string[] = [];
  const showing = verb === 'show';
  const format: FormatId | null = !showing ? null
    : object === 'route' ? 'ip-route' : object === 'address' ? 'ip-addr' : object === 'link' ? 'ip-link'
      : object === 'neighbor' ? 'ip-neigh' : object === 'rule' ? 'ip-rule'
        // the ip-route format reads nexthop objects too ("id 1 via 10.0.0.1 dev eth0 scope link")
        : object === 'nexthop' ? 'ip-route' : null;
  // "ip route default via …" is no command (a selector needs "show" before it): the output has begun.
  const bareAddress = (word: string): boolean => explicitVerb && !c.conservative && (isAddress(word) || word === 'default' || word === 'all');
  switch (object) {
    case 'route':
      if (showing) routeSelectors(c, bareAddress, found);
      else if (matches(verb, 'get')) {
        // ip route get [fibmatch] [to] ADDRESS [from A iif D oif D mark M …] (ip/iproute.c iproute_get): one
        // address; its output starts with that address again ("172.20.2.15 via …") or a type ("local …")
        keywords(c, new Set(), new Set(['fibmatch', 'connected', 'to']), null, found);
        if (!c.done && isAddress(c.peek() as string)) found.set('get', c.take());
        keywords(c, ROUTE_GET_KEYS, new Set(['fibmatch', 'connected']), null, found);
      } else {
        // ip route del 10.244.2.0/255.255.255.192: one destination, then keyword arguments
        if (!c.done && (isAddress(c.peek() as string) || ['default', 'blackhole', 'unreachable', 'prohibit', 'local'].includes(c.peek() as string))) c.take();
        if (!c.done && isAddress(c.peek() as string)) c.take();
        keywords(c, ROUTE_KEYS, ROUTE_FLAGS, null, found);
      }
      break;
    case 'address':
      keywords(c, ADDR_KEYS, ADDR_FLAGS, showing ? isDeviceWord : (w) => isAddress(w), found, flags);
      break;
    case 'nexthop':
      // ip nexthop show [dev D] [vrf V] [master M] [groups] [fdb] (ip/ipnexthop.c); not "id N", which is how each listed object starts
      if (showing) keywords(c, new Set(['dev', 'vrf', 'master', 'protocol']), new Set(['groups', 'group', 'fdb']), null, found);
      break;
    case 'link':
      keywords(c, LINK_KEYS, new Set(['up']), isDeviceWord, found, flags);
      break;
    case 'neighbor':
      keywords(c, NEIGH_KEYS, NEIGH_FLAGS, showing ? bareAddress : (w) => isAddress(w) || w === 'lladdr' || MAC.test(w), found, flags);
      break;
    case 'rule':
      keywords(c, RULE_KEYS, new Set(['not']), null, found);
      break;
    case 'tunnel':
    case 'tunl':
      if (!c.done && isDeviceWord(c.peek() as string) && !TUNNEL_KEYS.has(c.peek() as string)) c.takeBare();
      keywords(c, TUNNEL_KEYS, new Set(), null, found);
      break;
    default:
      if (!c.conservative) while (!c.done) c.take();
  }
  // ip route get ADDRESS: the kernel's own lookup, read with ip route's grammar and kept apart from the table
  const lookup = object === 'route' && matches(verb, 'get') ? found.get('get') : undefined;
  if (lookup !== undefined) {
    return { program: 'ip', format: 'ip-route', options: options([['get', lookup], ['from', found.get('from')], ['iif', found.get('iif')], ['oif', found.get('oif')], ['mark', found.get('mark')]]), scope: 'host' };
  }
  const dev = found.get('dev') ?? (object === 'address' || object === 'link' ? found.get('') : undefined);
  const table = found.get('table') ?? found.get('tab');
  const filter = format === 'ip-neigh' || format === 'ip-addr' || format === 'ip-link' ? narrowing(found, flags, object !== 'neighbor') : undefined;
  const opts = format === 'ip-neigh' ? options([['dev', dev], ['filter', filter]])
    : format === 'ip-route' ? options([['table', table], ['dev', dev]])
      : format === 'ip-addr' || format === 'ip-link' ? options([['dev', dev], ['filter', filter]]) : undefined;
  return { program: 'ip', format, options: opts, scope: 'host' };
}

/**
 * ip route show's selectors, up to where a flattened output begins. A typed command names each selector
 * once, so what reads as ip's own line ends it: a second destination or a selector named again (the next
 * route of the listing), a word show does not take ("onlink", a route type: iproute2 would reject it as
 * a prefix), and a destination followed by "via", or by "dev" and more than its device, as ip prints
 * every route ("default via …", "10.0.0.0/8 dev eth0 proto kernel …"): a typed "ip route show
 * 10.0.0.0/8 dev eth0" ends with its device.
 */
function routeSelectors(c: Cursor, bareAddress: (word: string) => boolean, found: Map<string, string>): void {
  let hasDestination = false;
  while (!c.done) {
    const word = c.peek() as string;
    const next = c.peek(1);
    if (ROUTE_SHOW_KEYS.has(word) && next !== undefined && !found.has(word)) {
      c.take();
      found.set(word, c.take());
    } else if (ROUTE_SHOW_FLAGS.has(word)) c.take();
    else if (ROUTE_SHOW_DESTINATION_KEYS.has(word) && next !== undefined && !hasDestination) {
      hasDestination = true;
      c.take();
      found.set(word, c.take());
    } else if (bareAddress(word) && !hasDestination && next !== 'via' && !(next === 'dev' && c.peek(3) !== undefined)) {
      hasDestination = true;
      found.set('', c.takeBare());
    } else return;
  }
}

/**
 * The selectors of a listing that leave entries out ("nud reachable", "to 10.0.0.0/8", "type vxlan",
 * "permanent"), as one string: what such a listing does not show is not absent. The device is an
 * option of its own; `nud all` shows more, not less. A bare word is the device for ip addr / ip link
 * (`bareIsDevice`), an address otherwise.
 */
function narrowing(found: ReadonlyMap<string, string>, flags: readonly string[], bareIsDevice: boolean): string | undefined {
  const words: string[] = [];
  for (const [key, value] of found) {
    if (key === 'dev' || key === 'brport' || (key === '' && bareIsDevice) || (key === 'nud' && value === 'all')) continue;
    words.push(key === '' ? value : `${key} ${value}`);
  }
  append(words, flags);
  return words.length ? words.join(' ') : undefined;
}

function readBridge(c: Cursor): Reading {
  // bridge(8)'s options (-c[olor][=always|auto|never] among them)
  while (!c.done && /^-{1,2}(?:[bcdjnopst46]|details|stats|statistics|json|pretty|colou?r|(?:c|colou?r)=\w+|oneline|netns|batch|timestamp|tshort|compressvlans|force)$/.test(c.peek() as string)) {
    const word = c.take();
    if (['-n', '-netns', '-b', '-batch'].includes(word)) c.take();
  }
  const object = c.done ? '' : (c.peek() as string);
  if (!matches(object, 'fdb') || object.length < 1) {
    if (['link', 'mdb', 'vlan', 'monitor'].some((o) => matches(object, o))) c.take();
    if (!c.conservative) while (!c.done) c.take();
    return { program: 'bridge', format: null, scope: 'host' };
  }
  c.take();
  let showing = true;
  if (!c.done) {
    const word = c.peek() as string;
    if (SHOW_VERBS.some((v) => matches(word, v))) c.take();
    else if (['add', 'append', 'del', 'delete', 'replace', 'flush', 'get'].some((v) => matches(word, v))) {
      showing = false;
      c.take();
      if (!c.done && MAC.test(c.peek() as string)) c.take();
    }
  }
  const found = new Map<string, string>();
  const flags: string[] = [];
  // A bare word after "show" is ignored by bridge (bridge/fdb.c fdb_show): the output is not filtered, so no dev option.
  keywords(c, new Set(['dev', 'br', 'brport', 'vlan', 'state', 'dst', 'port', 'vni', 'via', 'src_vni']),
    new Set(['dynamic', 'self', 'master', 'permanent', 'static', 'router', 'use', 'extern_learn', 'sticky']),
    (word) => isDeviceWord(word) && !['dev', 'br', 'brport'].includes(word), found, flags);
  found.delete(''); // ignored by bridge (above)
  return {
    program: 'bridge', format: showing ? 'bridge-fdb' : null, scope: 'host',
    options: showing ? options([['dev', found.get('dev') ?? found.get('brport')], ['filter', narrowing(found, flags, true)]]) : undefined,
  };
}

// ---------------------------------------------------------------- net-tools

function readRoute(c: Cursor): Reading {
  let numeric = false;
  let listing = true;
  while (!c.done) {
    const word = c.peek() as string;
    if (/^-[nevFC]+$/.test(word)) {
      if (word.includes('n')) numeric = true;
      c.take();
    } else if (word === '--numeric') {
      numeric = true;
      c.take();
    } else if (['--extend', '--verbose', '-4', '-6', '--fib', '--cache'].includes(word)) c.take();
    else if (word === '-A' && c.peek(1) !== undefined) {
      c.take();
      c.take();
    } else if (['add', 'del'].includes(word)) {
      listing = false;
      c.take();
      keywords(c, new Set(['-net', '-host', 'net', 'host', 'netmask', 'gw', 'dev', 'metric', 'mss', 'window', 'irtt']),
        new Set(['reject', 'mod', 'dyn', 'reinstate', 'default']), (w) => isAddress(w), new Map());
      break;
    } else break;
  }
  return { program: 'route', format: listing && numeric ? 'route-n' : null, scope: 'host' };
}

function readNetstat(c: Cursor): Reading {
  let letters = '';
  while (!c.done) {
    const word = c.peek() as string;
    if (/^-[a-zA-Z46]+$/.test(word) && word !== '-A') letters += c.take();
    else if ((word === '-A' || word === '--protocol') && c.peek(1) !== undefined) {
      // the address family: netstat -rn -A inet6
      c.take();
      c.take();
    } else if (word.startsWith('--protocol=')) c.take();
    else if (word === '--route') {
      letters += 'r';
      c.take();
    } else if (word === '--numeric') {
      letters += 'n';
      c.take();
    } else break;
  }
  return { program: 'netstat', format: letters.includes('r') && letters.includes('n') ? 'route-n' : null, scope: 'host' };
}

const IFCONFIG_ACTIONS = new Set(['up', 'down', 'arp', '-arp', 'promisc', '-promisc', 'allmulti', '-allmulti', 'multicast', '-multicast', 'dynamic', '-dynamic']);
const IFCONFIG_ACTION_ARGS = new Set(['mtu', 'netmask', 'broadcast', 'inet', 'add', 'del', 'hw', 'txqueuelen', 'pointopoint', 'dstaddr', 'metric', 'address', 'tunnel']);

function readIfconfig(c: Cursor): Reading {
  while (!c.done && ['-a', '-s', '-v', '--all', '--short', '--verbose'].includes(c.peek() as string)) c.take();
  let action = false;
  if (!c.done && isDeviceWord(c.peek() as string) && c.peek(1) !== 'Link') {
    c.takeBare();
    while (!c.done) {
      const word = c.peek() as string;
      if (IFCONFIG_ACTIONS.has(word)) c.take();
      else if (IFCONFIG_ACTION_ARGS.has(word) && c.peek(1) !== undefined) {
        c.take();
        c.take();
        if (word === 'hw' && !c.done) c.take();
      } else if (isAddress(word)) c.take();
      else break;
      action = true;
    }
  }
  return { program: 'ifconfig', format: action ? null : 'ifconfig', scope: 'host' };
}

// ---------------------------------------------------------------- netfilter

const IPTABLES_LONG = new Set(['--numeric', '--verbose', '--exact', '--line-numbers', '--wait', '--list', '--list-rules', '--table', '-w', '--counters', '-c']);

function readIptables(c: Cursor, program: string): Reading {
  let table: string | undefined;
  let mode: 'L' | 'S' | 'other' | null = null;
  let chain: string | undefined;
  const takeChain = (): void => {
    if (!c.done && chain === undefined) {
      const word = c.peek() as string;
      if (CHAIN.test(word) && word !== 'Chain' && word !== 'target') chain = c.takeBare();
    }
  };
  while (!c.done) {
    const word = c.peek() as string;
    if (word === '-t' || word === '--table') {
      c.take();
      if (!c.done) table = c.take();
    } else if (word.startsWith('--table=')) {
      table = c.take().slice('--table='.length);
    } else if (word === '--list' || word === '--list-rules') {
      mode = word === '--list' ? 'L' : 'S';
      c.take();
      takeChain();
    } else if (IPTABLES_LONG.has(word)) {
      c.take();
      if ((word === '-w' || word === '--wait') && !c.done && /^\d+$/.test(c.peek() as string)) c.take();
    } else if (/^-[A-Za-z]+$/.test(word) && /^[LSZnvwx]*(?:t|$)/.test(word.slice(1))) {
      // Clustered short options (-nvL, -tnat, -t nat -nL); t takes the rest of the word or the next one.
      c.take();
      const letters = word.slice(1);
      const t = letters.indexOf('t');
      const flags = t === -1 ? letters : letters.slice(0, t);
      if (flags.includes('L')) mode = 'L';
      if (flags.includes('S')) mode = 'S';
      if (t !== -1) {
        const rest = letters.slice(t + 1);
        if (rest) table = rest;
        else if (!c.done) table = c.take();
      }
      if (flags.endsWith('L') || flags.endsWith('S')) takeChain();
    } else if (mode === null && /^-[ADEFINPRX]$/.test(word) || ['--append', '--insert', '--delete', '--flush', '--policy'].includes(word)) {
      mode = 'other';
      c.take();
      if (!c.conservative) while (!c.done) c.take();
      break;
    } else break;
  }
  const ip6 = program.startsWith('ip6');
  if (mode === 'L') return { program, format: ip6 ? null : 'iptables-list', options: options([['table', table ?? 'filter'], ['chain', chain]]), scope: 'host' };
  if (mode === 'S') return { program, format: ip6 ? null : 'iptables-list-rules', options: options([['table', table ?? 'filter'], ['chain', chain]]), scope: 'host' };
  return { program, format: null, scope: 'host' };
}

function readIptablesSave(c: Cursor, program: string): Reading {
  while (!c.done) {
    const word = c.peek() as string;
    if ((word === '-t' || word === '--table') && c.peek(1) !== undefined) {
      c.take();
      c.take();
    } else if (/^-(?:c|t\w+)$/.test(word) || ['--counters', '--modprobe'].includes(word)) c.take();
    else break;
  }
  return { program, format: program.startsWith('ip6') ? null : 'iptables-save', scope: 'host' };
}

// ---------------------------------------------------------------- kubernetes and containers

const KUBECTL_VALUE_FLAGS = new Set(['-n', '--namespace', '-o', '--output', '-l', '--selector', '-c', '--container', '--tail', '--since', '--context', '--kubeconfig', '-s', '--server', '--field-selector', '--sort-by']);

/** kubectl's flags: "-n x", "-nx", "--namespace=x", "-owide", "-f", "-A". Returns the namespace and output seen. */
function kubectlFlag(c: Cursor, found: Map<string, string>): boolean {
  const word = c.peek() as string;
  if (KUBECTL_VALUE_FLAGS.has(word) && c.peek(1) !== undefined) {
    c.take();
    found.set(word.replace(/^-+/, '').charAt(0), c.take());
    return true;
  }
  const attached = /^-([nolc])([\w.=,/-]+)$/.exec(word) ?? /^--(namespace|output|selector|container|tail|since|context|kubeconfig)=(\S+)$/.exec(word);
  if (attached) {
    c.take();
    found.set((attached[1] as string).charAt(0), attached[2] as string);
    return true;
  }
  if (/^-{1,2}[a-zA-Z][\w-]*(?:=\S*)?$/.test(word) && word !== '--') {
    c.take();
    return true;
  }
  return false;
}

function readKubectl(c: Cursor): Reading & { inner?: number } {
  const found = new Map<string, string>();
  while (!c.done && kubectlFlag(c, found));
  const verb = c.done ? '' : c.take();
  if (verb === 'logs' || verb === 'log') {
    let pod: string | undefined;
    let container: string | undefined;
    while (!c.done) {
      if (kubectlFlag(c, found)) continue;
      const word = c.peek() as string;
      if (pod === undefined && KUBE_NAME.test(word)) pod = c.take().replace(/^pods?\//, '');
      else if (pod !== undefined && container === undefined && !c.conservative && KUBE_NAME.test(word)) container = c.take();
      else break;
    }
    const flannel = /flannel/.test(pod ?? '') || /flannel/.test(found.get('c') ?? container ?? '') || /flannel/.test(found.get('l') ?? '');
    return { program: 'kubectl', format: flannel ? 'flannel-log' : null, scope: 'pod', pod };
  }
  if (verb === 'exec') {
    let pod: string | undefined;
    while (!c.done) {
      if (c.peek() === '--') {
        c.take();
        return { program: 'kubectl', format: null, scope: 'pod', pod, inner: c.i };
      }
      if (kubectlFlag(c, found)) continue;
      const word = c.peek() as string;
      if (pod === undefined && KUBE_NAME.test(word)) pod = c.take().replace(/^pods?\//, '');
      else if (pod !== undefined) return { program: 'kubectl', format: null, scope: 'pod', pod, inner: c.i }; // old form without "--"
      else break;
    }
    return { program: 'kubectl', format: null, scope: 'pod', pod };
  }
  // get, describe, edit, apply…: cluster facts. Names are lower case; output starts with NAME, Name:, No resources…
  const words: string[] = [];
  while (!c.done) {
    if (kubectlFlag(c, found)) continue;
    const word = c.peek() as string;
    if (KUBE_NAME.test(word) && !/^\d+(?:\.\d+)*$/.test(word)) words.push(c.take());
    else break;
  }
  // kubectl get's tables, -o json and -o yaml (not -o name, jsonpath…) are the kubectl-get format; -n tells the namespace
  const output = found.get('o')?.replace(/^=/, '');
  if (verb === 'get' && words.length > 0 && (output === undefined || output === 'wide' || output === 'json' || output === 'yaml')) {
    return { program: 'kubectl', format: 'kubectl-get', options: options([['namespace', found.get('n')]]), scope: 'cluster' };
  }
  return { program: 'kubectl', format: null, scope: 'cluster' };
}

// etcdctl's global and get flags that take the next word as their value (etcdctl/ctlv3/ctl.go, command/get_command.go)
const ETCDCTL_VALUE_FLAGS = new Set([
  '-w', '--write-out', '--endpoints', '--cacert', '--cert', '--key', '--user', '--password', '--dial-timeout',
  '--command-timeout', '--limit', '--rev', '--sort-by', '--order', '--consistency', '--discovery-srv',
]);

/** etcdctl flags: "--endpoints=x", "-w json", "$TLS_CERT"; the output format of -w / --write-out. */
function etcdctlFlags(c: Cursor, found: Map<string, string>): void {
  while (!c.done) {
    const word = c.peek() as string;
    if (ETCDCTL_VALUE_FLAGS.has(word) && c.peek(1) !== undefined) {
      c.take();
      found.set(word, c.take());
    } else if (/^--?[a-z][\w-]*(?:=\S*)?$/.test(word) || /^\$\w+$/.test(word)) {
      const [flag = '', value] = c.take().split('=', 2);
      if (value !== undefined) found.set(flag, value);
    } else break;
  }
}

function readEtcdctl(c: Cursor): Reading {
  const found = new Map<string, string>();
  etcdctlFlags(c, found);
  const verb = c.done ? '' : c.take();
  if (verb === 'get' || verb === 'del' || verb === 'put' || verb === 'watch') {
    const key = c.done ? undefined : c.take();
    etcdctlFlags(c, found);
    // get's simple and json layouts are the etcdctl-get format (-w fields, protobuf, table are not)
    const output = found.get('-w') ?? found.get('--write-out') ?? 'simple';
    if (verb === 'get' && (output === 'simple' || output === 'json')) {
      return { program: 'etcdctl', format: 'etcdctl-get', options: options([['key', key]]), scope: 'cluster' };
    }
  } else if (!c.conservative) while (!c.done) c.take();
  return { program: 'etcdctl', format: null, scope: 'cluster' };
}

/**
 * nft(8): `nft [-a -n -s -t -N -y -j …] list ruleset | tables | table [family] NAME | chain [family] TABLE CHAIN | set … | map …`.
 * The listings are the nft-ruleset format, text or JSON (`-j` / `--json`: the format reads both).
 */
function readNft(c: Cursor): Reading {
  while (!c.done && /^-[A-Za-z]+$|^--[a-z-]+$/.test(c.peek() as string)) {
    const flag = c.take();
    // -I/--includepath, -f/--file, -D/--define take a value
    if (['-I', '--includepath', '-f', '--file', '-D', '--define'].includes(flag) && !c.done) c.take();
  }
  if (c.done || c.peek() !== 'list') return readGeneric(c, 'nft');
  c.take();
  const object = c.done ? '' : c.take();
  // a Map: the object is the input's word ("nft list constructor" is no listing)
  const arity = new Map<string, number>([['ruleset', 1], ['tables', 1], ['table', 2], ['chain', 3], ['chains', 1], ['set', 3], ['map', 3], ['sets', 1], ['maps', 1]]);
  const family = /^(?:ip|ip6|inet|arp|bridge|netdev)$/;
  let left = arity.get(object) ?? 0;
  if (left > 0 && !c.done && family.test(c.peek() as string)) c.take();
  // "list ruleset [family]", "list table [family] NAME", "list chain [family] TABLE CHAIN"
  while (left > 1 && !c.done) {
    c.take();
    left--;
  }
  if (object === 'ruleset' && !c.done && family.test(c.peek() as string)) c.take();
  const format: FormatId | null = arity.has(object) ? 'nft-ruleset' : null;
  return { program: 'nft', format, scope: 'host' };
}

function readJournalctl(c: Cursor): Reading {
  let unit = '';
  while (!c.done) {
    const word = c.peek() as string;
    if (word === '-u' || word === '--unit' || word === '-n' || word === '--lines' || word === '--since' || word === '--until' || word === '-o' || word === '-t') {
      c.take();
      const value = c.done ? '' : c.take();
      if (word === '-u' || word === '--unit' || word === '-t') unit += ` ${value}`;
    } else if (/^-u\S+$/.test(word) || /^--unit=\S+$/.test(word)) unit += ` ${c.take()}`;
    else if (/^-{1,2}[a-zA-Z][\w-]*(?:=\S*)?$/.test(word) && !word.startsWith('--L')) c.take();
    else break;
  }
  return { program: 'journalctl', format: /flannel/.test(unit) ? 'flannel-log' : null, scope: 'host' };
}

function readCat(c: Cursor): Reading {
  const files: string[] = [];
  while (!c.done) {
    const word = c.peek() as string;
    // "2>&1", ">/dev/null": redirections, no files
    if (REDIRECTION.test(word)) c.take();
    else if (PATH.test(word) || (!c.conservative && !word.includes('='))) files.push(c.take());
    else if (/^-[A-Za-z]+$/.test(word)) c.take();
    else break;
  }
  if (files.length === 1 && /(?:^|\/)subnet\.env$/.test(files[0] as string)) return { program: 'cat', format: 'flannel-subnet-env', scope: 'host' };
  // cat /proc/sys/net/ipv4/ip_forward: values alone, their keys from the paths
  const keys = files.map(keyFromProcPath);
  if (keys.length > 0 && keys.every((key) => key !== null)) return { program: 'cat', format: 'sysctl', options: { key: keys.join(' ') }, scope: 'host' };
  return { program: 'cat', format: null, scope: 'host' };
}

// sysctl's options (procps-ng src/sysctl.c getopt_long "bneNwfp::qoxaAXr:Vdh"): -a/-A/-X list all, -n/-b print
// values alone, -N names alone, -w/-p/-f/--system write (echoing "key = value"), -r/--pattern filters
const SYSCTL_KEY = /^[A-Za-z][\w./@:+-]*$/;

/**
 * sysctl [options] [key[=value] …]: every output is the sysctl format but -N's names alone; `-a` is a
 * listing of every key ({ listing: 'all' }, with its { pattern }), `-n KEY…` values whose { key } the
 * command names. In a flattened paste a key followed by "=" is the output's first line, not an argument.
 */
function readSysctl(c: Cursor): Reading {
  let all = false;
  let values = false;
  let names = false;
  let pattern: string | undefined;
  const keys: string[] = [];
  while (!c.done) {
    const word = c.peek() as string;
    if (word === '-r' || word === '--pattern') {
      c.take();
      if (!c.done) pattern = c.take();
    } else if (word.startsWith('--pattern=')) pattern = c.take().slice('--pattern='.length);
    else if (/^--(?:all|values|binary|names|ignore|quiet|write|system|deprecated|dry-run|load(?:=\S*)?)$/.test(word)) {
      c.take();
      if (word === '--all') all = true;
      if (word === '--values' || word === '--binary') values = true;
      if (word === '--names') names = true;
    } else if (/^-[bneNwfpqoxaAX]+$/.test(word)) {
      c.take();
      if (/[aAX]/.test(word)) all = true;
      if (/[nb]/.test(word)) values = true;
      if (word.includes('N')) names = true;
    } else if (SYSCTL_KEY.test(word) && c.peek(1) !== '=') {
      keys.push(keyFromArgument(c.takeBare()));
    } else if (/^-?[A-Za-z][\w./@:+-]*=\S*$/.test(word) || (word.startsWith('/') && !word.includes('='))) {
      c.take(); // key=value to write, or sysctl -p's file
    } else break;
  }
  if (names) return { program: 'sysctl', format: null, scope: 'host' };
  if (all) return { program: 'sysctl', format: 'sysctl', options: options([['listing', 'all'], ['pattern', pattern]]), scope: 'host' };
  return { program: 'sysctl', format: 'sysctl', options: values && keys.length > 0 ? { key: keys.join(' ') } : undefined, scope: 'host' };
}

/** Programs without a format: how many plain arguments they take before their output may begin. */
const ARITY: Record<string, number> = Object.assign(Object.create(null) as Record<string, number>, {
  lsmod: 0, rmmod: 1, modprobe: 1, insmod: 1, hostname: 0, whoami: 0, uname: 0, free: 0, df: 0, dmesg: 0, ps: 0,
  curl: 1, wget: 1, ping: 1, traceroute: 1, mtr: 1, dig: 1, nslookup: 1, brctl: 2, conntrack: 0, arp: 0,
  ss: 0, sysctl: 1, systemctl: 2, service: 2, nft: 3, calicoctl: 3, ethtool: 1, tc: 3, crictl: 2,
});

/**
 * Options that take the next word as their value, per program (ping(8), curl(1), traceroute(8), mtr(8),
 * dig(1), wget(1), tcpdump(8)): "ping -c 2 -W 1 10.42.3.5" ends after the address, not at "-W".
 */
const VALUE_OPTIONS: Record<string, ReadonlySet<string>> = Object.assign(Object.create(null) as Record<string, ReadonlySet<string>>, {
  ping: new Set(['-c', '-i', '-I', '-W', '-w', '-s', '-t', '-Q', '-l', '-p', '-M', '-m', '-F', '-T', '-S']),
  curl: new Set(['-H', '-X', '-d', '-o', '-A', '-e', '-u', '-m', '-b', '-c', '-w', '-x', '-r', '-T', '-F', '-E', '-K', '--header', '--request',
    '--data', '--data-raw', '--data-binary', '--output', '--user-agent', '--user', '--max-time', '--connect-timeout', '--resolve',
    '--cookie', '--write-out', '--proxy', '--interface', '--cacert', '--cert', '--key', '--retry']),
  wget: new Set(['-O', '-o', '-t', '-T', '-U', '--header', '--timeout', '--tries']),
  traceroute: new Set(['-m', '-q', '-w', '-p', '-f', '-s', '-i', '-g', '-N', '-z', '-t']),
  mtr: new Set(['-c', '-i', '-s', '-m', '-f', '-a', '-P', '-L', '-B', '-G', '-Q', '-o']),
  dig: new Set(['-p', '-t', '-c', '-b', '-k', '-q', '-y', '-f']),
  tcpdump: new Set(['-i', '-c', '-s', '-w', '-r', '-C', '-W', '-G', '-y', '-E', '-F', '-T', '-B']),
});

// ipvsadm(8)'s options that take the next word: a service (-t/-u/--sctp-service/-f), a real
// server, a scheduler, a weight, a persistence, thresholds, a daemon's settings
const IPVSADM_VALUE_OPTIONS: ReadonlySet<string> = new Set([
  '-t', '--tcp-service', '-u', '--udp-service', '--sctp-service', '-f', '--fwmark-service', '-s', '--scheduler', '-r', '--real-server',
  '-w', '--weight', '-p', '--persistent', '-M', '--netmask', '--pe', '-b', '--sched-flags', '-x', '--u-threshold', '-y', '--l-threshold',
  '--mcast-interface', '--syncid', '--tun-type', '--tun-port', '--mcast-group', '--mcast-port', '--mcast-ttl', '--sync-maxlen',
]);
// ipvsadm(8): -L/-l/--list, -S/--save and -c/--connection list, as ipvsadm alone does; -A -E -D -C -R -a -e -d -Z and
// --set change the table and print nothing but errors; --daemon lists sync daemons, a listing netsift does not read
const IPVSADM_WITHOUT_TABLE = /^--(?:add-service|edit-service|delete-service|clear|restore|add-server|edit-server|delete-server|zero|set|start-daemon|stop-daemon|daemon)$/;
const printsNoIpvsTable = (word: string): boolean => IPVSADM_WITHOUT_TABLE.test(word) || (!word.startsWith('--') && /[AEDCRaedZ]/.test(word));

// the options that name one virtual service: a listing with one lists only it
const IPVSADM_SERVICE_OPTIONS: ReadonlySet<string> = new Set(['-t', '--tcp-service', '-u', '--udp-service', '--sctp-service', '-f', '--fwmark-service']);

/**
 * ipvsadm [command] [options], ipvsadm-save [-n]: a listing reads as the ipvsadm format, with { service }
 * when it lists one virtual service (-Ln -t VIP:PORT, -Lnt VIP:PORT, --tcp-service=VIP:PORT); a change
 * (or --daemon) has none.
 */
function readIpvsadm(c: Cursor, program: string): Reading {
  let noTable = false;
  let service: string | undefined;
  let saves = program === 'ipvsadm-save';
  while (!c.done) {
    const word = c.peek() as string;
    // a save's output is "-A …" and "-a …" lines: in a flattened paste they begin the output
    if (saves && (word === '-A' || word === '-a')) break;
    if (IPVSADM_VALUE_OPTIONS.has(word)) {
      c.take();
      const value = c.done ? undefined : c.take();
      if (IPVSADM_SERVICE_OPTIONS.has(word)) service = value;
    } else if (/^-[A-Za-z]{1,12}$/.test(word) || /^--[a-z][\w-]{0,30}(?:=\S*)?$/.test(word)) {
      c.take();
      if (word === '--save' || (!word.startsWith('--') && word.includes('S'))) saves = true;
      else if (printsNoIpvsTable(word)) noTable = true;
      const equals = word.indexOf('=');
      if (equals !== -1 && IPVSADM_SERVICE_OPTIONS.has(word.slice(0, equals))) service = word.slice(equals + 1);
      // a cluster ending in an option that takes a value (-Lnt VIP:PORT) takes it too
      const last = `-${word.slice(-1)}`;
      if (!word.startsWith('--') && word.length > 2 && IPVSADM_VALUE_OPTIONS.has(last) && !c.done) {
        const value = c.take();
        if (IPVSADM_SERVICE_OPTIONS.has(last)) service = value;
      }
    } else break;
  }
  // with no command ipvsadm lists (its options alone, as --stats or -n, list too)
  if (noTable) return { program, format: null, scope: 'host' };
  return { program, format: 'ipvsadm', options: service === undefined ? undefined : { service }, scope: 'host' };
}

// ipset(8): list (-L) and save (-S) print sets; create, add, del, test, flush, destroy, swap, rename print nothing of them
const IPSET_LISTS = new Set(['list', '-L', '--list', 'save', '-S', '--save']);

/** ipset [options] COMMAND [SETNAME] [options]: a listing reads as the ipset format, one set's too. */
function readIpset(c: Cursor): Reading {
  let command: string | null = null;
  let named = false;
  // -n / -name lists set names alone, -o xml lists XML: neither is the layout the ipset format reads
  let other = false;
  while (!c.done) {
    const word = c.peek() as string;
    if (word === '-o' || word === '-output' || word === '--output') {
      c.take();
      if (!c.done && c.take() === 'xml') other = true;
    } else if (/^-[A-Za-z-]{1,20}$/.test(word) && !(command === null && IPSET_LISTS.has(word))) {
      if (/^--?n(?:ame)?$/.test(c.take())) other = true;
    }
    else if (command === null && /^[A-Za-z-]{1,10}$/.test(word)) command = c.take();
    // one set's name after list or save; its output starts with "Name:" or "create"
    else if (command !== null && !named && IPSET_LISTS.has(command) && /^[\w.:-]{1,31}$/.test(word) && !word.endsWith(':') && word !== 'create') {
      named = true;
      c.take();
    } else break;
  }
  const lists = command !== null && IPSET_LISTS.has(command);
  // create, add, del…: a set, an element or type and their options, which print nothing (a typed line is the command whole)
  if (!lists) for (let taken = 0; !c.done && (!c.conservative || (taken < 4 && !(c.peek() as string).endsWith(':'))); taken++) c.take();
  return { program: 'ipset', format: lists && !other ? 'ipset' : null, scope: 'host' };
}

function readGeneric(c: Cursor, program: string): Reading {
  const arity = ARITY[program];
  if (arity === undefined || !c.conservative) {
    while (!c.done) c.take();
    return { program, format: null, scope: 'host' };
  }
  let taken = 0;
  while (!c.done) {
    const word = c.peek() as string;
    if (/^-{1,2}[a-zA-Z][\w-]*(?:=\S*)?$/.test(word)) {
      c.take();
      // ping -c 2, curl -H 'x: y', -X POST, -d …: an argument that is not itself an option
      if (VALUE_OPTIONS[program]?.has(word) && !c.done && !(c.peek() as string).startsWith('-')) c.take();
    } else if (taken < arity && !/^\d+$/.test(word) && !word.endsWith(':')) {
      c.take();
      taken++;
    } else break;
  }
  return { program, format: null, scope: 'host' };
}

// ---------------------------------------------------------------- the reader

/** "ETCDCTL_API=3 etcdctl …": variables set for one command. */
const ENV_ASSIGNMENT = /^[A-Z_][A-Z\d_]*=\S*$/;
// commands typed before a listing on its line that print nothing of the node's network (date one line)
const PRELUDE = new Set(['cd', 'export', 'set', 'unset', 'clear', 'sleep', 'true', 'date', 'umask']);

/** sudo's -S (alone or among other short flags, "-kS") or --stdin: the password is read from standard input. */
function isStdinFlag(word: string): boolean {
  return word === '--stdin' || (/^-[A-Za-z]{1,16}$/.test(word) && word.includes('S'));
}

function readOne(c: Cursor, depth: number): (Reading & { wrappers: string[] }) | null {
  while (!c.done && ENV_ASSIGNMENT.test(c.peek() as string) && c.peek(1) !== undefined && !ENV_ASSIGNMENT.test(c.peek(1) as string)) c.take();
  if (c.done || depth > 4) return null;
  const first = c.peek() as string;
  const program = first.replace(/^.*\//, '');
  const wrappers: string[] = [];
  if (program === 'sudo') {
    c.take();
    // short flags ("-S", "-kS", "-u root") and the long ones ("--stdin", "--user root", "--user=root")
    while (!c.done && (/^-[A-Za-z]+$/.test(c.peek() as string) || /^--[a-z][a-z-]{0,30}(?:=\S{0,256})?$/.test(c.peek() as string))) {
      const flag = c.take();
      if (['-u', '-g', '--user', '--group'].includes(flag) && !c.done) c.take();
    }
    const inner = readOne(c, depth + 1);
    return inner ? { ...inner, wrappers: ['sudo', ...inner.wrappers] } : { program: 'sudo', format: null, scope: 'host', wrappers };
  }
  if (PRELUDE.has(program) && depth === 0) {
    // `cd /tmp && ip route`, `date; ip route`: a command that lists nothing of the node's network
    // before one that does: the line is that one's (its output follows; date's line is a remark of it)
    let k = 1;
    while (k < 16 && c.token(k) !== undefined && !(!c.token(k)?.quoted && (c.peek(k) === ';' || c.peek(k) === '&&'))) k++;
    if (c.token(k) !== undefined && c.token(k + 1) !== undefined && k < 16) {
      for (let taken = 0; taken <= k; taken++) c.take();
      const inner = readOne(c, depth + 1);
      if (inner) return inner;
    }
  }
  if (program === 'busybox' && c.peek(1) !== undefined && /^[a-z][\w-]*$/.test(c.peek(1) as string)) {
    // busybox APPLET ARGS runs the applet (busybox route -n, busybox ifconfig, busybox ip addr)
    c.take();
    const inner = readOne(c, depth + 1);
    return inner ? { ...inner, wrappers: ['busybox', ...inner.wrappers] } : { program, format: null, scope: 'host', wrappers };
  }
  if (program === 'runuser') {
    // runuser [-u USER | -g GROUP | -G GROUP | -l] [--] COMMAND: the command, run as another user
    c.take();
    while (!c.done && /^-/.test(c.peek() as string)) {
      const flag = c.take();
      if (flag === '--') break;
      if (['-u', '--user', '-g', '--group', '-G', '--supp-group'].includes(flag) && !c.done) c.take();
    }
    const inner = readOne(c, depth + 1);
    return inner ? { ...inner, wrappers: ['runuser', ...inner.wrappers] } : { program, format: null, scope: 'host', wrappers };
  }
  if ((program === 'echo' || program === 'printf') && depth === 0) {
    // `echo pw | sudo -S ip route`: the password fed to sudo on its standard input; the command is sudo's
    let pipe = 1;
    while (pipe <= 8 && c.token(pipe) !== undefined && !(c.peek(pipe) === '|' && !c.token(pipe)?.quoted)) pipe++;
    if (c.peek(pipe) === '|' && c.peek(pipe + 1) === 'sudo' && isStdinFlag(c.peek(pipe + 2) ?? '')) {
      for (let k = 0; k <= pipe; k++) c.take();
      return readOne(c, depth + 1);
    }
  }
  if ((program === 'sh' || program === 'bash') && c.peek(1) === '-c' && c.token(2)?.quoted) {
    c.take();
    c.take();
    const script = c.take();
    const inner = innerOfScript(script, depth);
    return { ...(inner ?? { program, format: null, scope: 'host' }), wrappers: [program] };
  }
  if (program === 'docker' || program === 'crictl' || program === 'nerdctl') {
    if (c.peek(1) === 'logs') {
      c.take();
      c.take();
      while (!c.done && /^-/.test(c.peek() as string)) {
        const flag = c.take();
        if (['-n', '--tail', '--since', '--until'].includes(flag) && !c.done) c.take();
      }
      // the container's name says whose log it is (kubelet's k8s_kube-flannel_…); an id says nothing
      const container = c.done ? '' : c.take();
      return { program, format: /flannel/i.test(container) ? 'flannel-log' : null, scope: 'host', wrappers };
    }
    if (c.peek(1) === 'exec') {
      c.take();
      c.take();
      while (!c.done && /^-/.test(c.peek() as string)) {
        const flag = c.take();
        if (['-e', '--env', '-u', '--user', '-w', '--workdir'].includes(flag) && !c.done) c.take();
      }
      const container = c.done ? '' : c.take();
      const inner = readOne(c, depth + 1);
      if (!inner) return { program, format: null, scope: 'host', wrappers };
      const read = { ...inner, wrappers: [program, ...inner.wrappers] };
      return HOST_NETWORK.test(container) ? read : inOtherNamespace(read, `container ${container}`);
    }
  }
  if (program === 'watch') {
    // watch(1) reruns the command and shows its latest output under a title line ("Every 1.0s: …")
    c.take();
    while (!c.done && /^-/.test(c.peek() as string)) if (/^(?:-n|--interval)$/.test(c.take()) && !c.done) c.take();
    const inner = readOne(c, depth + 1);
    return inner ? { ...inner, wrappers: ['watch', ...inner.wrappers] } : { program, format: null, scope: 'host', wrappers };
  }
  if (program === 'ssh') {
    c.take();
    // ssh(1)'s options that take an argument
    while (!c.done && /^-/.test(c.peek() as string)) if (/^-[BbcDEeFIiJLlmOopQRSWw]$/.test(c.take()) && !c.done) c.take();
    if (c.done) return { program, format: null, scope: 'host', wrappers };
    const destination = c.take();
    // options may follow the destination, and "--" ends them (`ssh k8s-w2 -- ip route`)
    while (!c.done && /^-/.test(c.peek() as string)) {
      const option = c.take();
      if (option === '--') break;
      if (/^-[BbcDEeFIiJLlmOopQRSWw]$/.test(option) && !c.done) c.take();
    }
    if (c.done) return { program, format: null, scope: 'host', wrappers }; // a login: the prompts that follow name the host
    // `ssh host "ip route"`: the remote command as one quoted word
    const quoted = c.token(0)?.quoted === true && c.token(1) === undefined;
    const inner = quoted ? innerOfScript(c.take(), depth) : readOne(c, depth + 1);
    if (!inner) return { program, format: null, scope: 'host', wrappers };
    const host = destination.replace(/^ssh:\/\//, '').replace(/^[^@]*@/, '').replace(/:\d+$/, '');
    const read = { ...inner, wrappers: ['ssh', ...('wrappers' in inner ? (inner.wrappers as string[]) : [])] };
    return inner.scope === 'host' && /^[A-Za-z0-9][\w.-]{0,252}$/.test(host) ? { ...read, host } : read;
  }
  if (program === 'nsenter') {
    c.take();
    let target: string | null = null;
    let net: string | null = null;
    while (!c.done && /^-/.test(c.peek() as string)) {
      const flag = c.take();
      if (['-t', '--target'].includes(flag) && !c.done && /^\d+$/.test(c.peek() as string)) target = c.take();
      else if (/^-t\d+$/.test(flag)) target = flag.slice(2);
      else if (flag.startsWith('--target=')) target = flag.slice(9);
      else if (flag.startsWith('--net=')) net = flag.slice(6);
      else if (flag === '-n' || flag === '--net' || flag === '-a' || flag === '--all' || (/^-[a-zA-Z]+$/.test(flag) && flag.includes('n'))) net ??= '';
    }
    const inner = readOne(c, depth + 1);
    if (!inner) return { program, format: null, scope: 'host', wrappers };
    const read = { ...inner, wrappers: [program, ...inner.wrappers] };
    // the network namespace of PID 1 is the node's; another process's, or a named one, is not
    if (net === null || (net === '' && (target === null || target === '1')) || net === '/proc/1/ns/net') return read;
    return inOtherNamespace(read, net === '' ? `pid ${target}` : net);
  }
  c.take();
  // `k`, the alias kubectl's docs suggest, before its flags or verb
  switch (program === 'k' && /^(?:-|logs?$|get$|exec$|describe$)/.test(c.peek() ?? '') ? 'kubectl' : program) {
    case 'ip':
      return { ...readIp(c, depth), wrappers };
    case 'bridge':
      return { ...readBridge(c), wrappers };
    case 'route':
      return { ...readRoute(c), wrappers };
    case 'netstat':
      return { ...readNetstat(c), wrappers };
    case 'ifconfig':
      return { ...readIfconfig(c), wrappers };
    case 'iptables':
    case 'ip6tables':
    case 'iptables-legacy':
    case 'iptables-nft':
      return { ...readIptables(c, program), wrappers };
    case 'iptables-save':
    case 'ip6tables-save':
    case 'iptables-legacy-save':
    case 'iptables-nft-save':
      return { ...readIptablesSave(c, program), wrappers };
    case 'kubectl': {
      const reading = readKubectl(c);
      if (reading.inner !== undefined) {
        const inner = readOne(c, depth + 1);
        if (inner) {
          const read = { ...inner, scope: 'pod' as const, pod: reading.pod, wrappers: ['kubectl', ...inner.wrappers] };
          // flannel's, kube-proxy's and the control plane's pods run in the node's network namespace (hostNetwork)
          return inner.scope !== 'host' || HOST_NETWORK.test(reading.pod ?? '') ? read : inOtherNamespace(read, `pod ${reading.pod ?? ''}`);
        }
      }
      return { program: reading.program, format: reading.format, options: reading.options, scope: reading.scope, pod: reading.pod, wrappers };
    }
    case 'etcdctl':
      return { ...readEtcdctl(c), wrappers };
    case 'journalctl':
      return { ...readJournalctl(c), wrappers };
    case 'nft':
      return { ...readNft(c), wrappers };
    case 'cat':
      return { ...readCat(c), wrappers };
    case 'sysctl':
      return { ...readSysctl(c), wrappers };
    case 'ipvsadm':
    case 'ipvsadm-save':
      return { ...readIpvsadm(c, program), wrappers };
    case 'ipset':
      return { ...readIpset(c), wrappers };
    default:
      return { ...readGeneric(c, program), wrappers };
  }
}

/**
 * Pods and containers that run in their node's network namespace (hostNetwork: true in flannel's,
 * kube-proxy's, the CNIs' and the control plane's manifests; kubelet names their containers
 * k8s_<container>_<pod>_…): what they show of the network is the node's.
 */
const HOST_NETWORK = /^(?:k8s_(?:[^_]*_)?)?(?:(?:pods?|ds|daemonsets?(?:\.apps)?)\/)?(?:kube-flannel|flannel|rke2-canal|canal|kube-proxy|calico-node|cilium|weave-net|kube-router|antrea-agent|kindnet|aws-node|kube-multus|multus|etcd|kube-apiserver|kube-controller-manager|kube-scheduler)(?:[-_.]|$)/;

/** A host command run in another network namespace (a pod's, a process's): its output is not the node's state. */
function inOtherNamespace<R extends Reading>(read: R, netns: string): R {
  return read.scope === 'cluster' ? read : { ...read, options: { ...read.options, netns } };
}

/** The command of `sh -c "export X=1 && etcdctl get /k"`: its last part. */
function innerOfScript(script: string, depth: number): Reading | null {
  const readings = script.split(/&&|;/).map((part) => part.trim()).filter(Boolean).map((part) => readOne(new Cursor(tokenize(part), false), depth + 1));
  const reading = readings[readings.length - 1] ?? null;
  // two commands that both print a listing ("ip route; ip addr"): their outputs run together, which no
  // one format reads (a chain is cut apart only on the line itself: readChain)
  const listings = readings.filter((read) => read?.format).length;
  return reading && listings > 1 ? { ...reading, format: null } : reading;
}

/** A redirection whose target is a descriptor or /dev/null: what shows on the terminal stays the output. */
const REDIRECTION = /^(?:[012]?>>?&[012]|[012]?>>?\/dev\/null|&>>?\/dev\/null)$/;

const PIPE_PARTIAL = new Set(['grep', 'egrep', 'fgrep', 'head', 'tail', 'less', 'more', 'sort', 'uniq', 'column']);

/** `| grep x | head -5`: how far the pipe goes, and what it does to the output. */
function readPipes(c: Cursor): { reasons: string[]; transformed: boolean } {
  const reasons: string[] = [];
  let transformed = false;
  while (c.peek() === '|' && !c.token()?.quoted) {
    const start = c.i;
    c.take();
    const program = c.peek();
    if (program === undefined) {
      c.i = start;
      break;
    }
    c.take();
    let args = 0;
    while (!c.done) {
      const word = c.peek() as string;
      if (/^-[\w-]*$/.test(word) && word !== '-') {
        c.take();
        if (/^-[ABCmefn]$/.test(word) && !c.done) c.take();
      } else if (args === 0 && (program.includes('grep') || ['awk', 'sed', 'cut', 'tr'].includes(program))) {
        c.take();
        args++;
      } else if (!c.conservative && !PIPE_PARTIAL.has(program)) {
        c.take();
      } else break;
    }
    const text = c.tokens.slice(start + 1, c.i).map((t) => t.value).join(' ');
    if (PIPE_PARTIAL.has(program)) {
      if (program === 'less' || program === 'more' || program === 'sort' || program === 'column' || program === 'uniq') {
        if (program === 'uniq') reasons.push(`| ${text}`);
      } else reasons.push(`| ${text}`);
    } else {
      transformed = true;
      reasons.push(`| ${text}`);
    }
  }
  return { reasons, transformed };
}

// formats whose outputs a chain may cut apart: per-node listings, each line of which reads alone (sysctl's "key = value")
const CHAINABLE: ReadonlySet<FormatId> = new Set([
  'route-n', 'ip-route', 'ip-addr', 'ip-link', 'ip-rule', 'ip-neigh', 'bridge-fdb', 'ifconfig', 'iptables-save',
  'iptables-list', 'iptables-list-rules', 'sysctl',
]);
// pairs whose lines read as each other's (ip addr and ip link, whose headers are alike; ip -br neigh
// and ip route): not cut apart. ip neigh's full lines differ from ip route's ("lladdr", a NUD state)
const CONFUSABLE: readonly (readonly [FormatId, FormatId, 'always' | 'brief'])[] = [['ip-addr', 'ip-link', 'always'], ['ip-neigh', 'ip-route', 'brief']];
const BRIEF = /(?:^|\s)-{1,2}br(?:ief)?(?=\s|$)/;

/** A reading a chain may hold: a listing netsift cuts apart, run here (no ssh, exec or script), whole (no pipe). */
function chainable(reading: Reading & { wrappers: string[] }, pipes: { reasons: string[]; transformed: boolean }): boolean {
  // sysctl's "key = value" lines read alone; its values alone (sysctl -n, cat /proc/sys/…) do not
  if (reading.format === 'sysctl' && reading.options?.['key'] !== undefined) return false;
  return reading.format !== null && CHAINABLE.has(reading.format) && reading.scope === 'host' && reading.host === undefined
    && reading.wrappers.every((w) => w === 'sudo' || w === 'busybox' || w === 'runuser') && pipes.reasons.length === 0 && !pipes.transformed;
}

/**
 * The listings that follow the one just read on the line (`; ip addr`, `&& ip neigh show dev
 * flannel.1`): only when the whole line is such a chain of two to four listings of different
 * formats, each run here and whole (no pipe, no ssh, exec or script, no command that lists nothing,
 * no remark, nothing after the last: a flattened paste's output would be read as arguments). The
 * cursor is left after the chain; otherwise null, and the cursor where it was.
 */
function readChain(c: Cursor, text: string, first: Reading & { wrappers: string[] }, firstPipes: { reasons: string[]; transformed: boolean }): ChainedCommand[] | null {
  const start = c.i;
  const separator = (): boolean => c.token() !== undefined && !c.token()?.quoted && (c.peek() === ';' || c.peek() === '&&');
  if (!separator() || !chainable(first, firstPipes)) return null;
  const later: ChainedCommand[] = [];
  const formats = [first.format as FormatId];
  let brief = BRIEF.test(text.slice(0, (c.token() as Token).start));
  const fail = (): null => {
    c.i = start;
    return null;
  };
  // (the cursor is done at a separator: its token is looked at directly)
  while (separator()) {
    c.take();
    const from = c.token();
    if (!from || isRemarkWord(from.value) || later.length === 3) return fail();
    const bare = c.bare.length;
    const reading = readOne(c, 1);
    if (!reading || c.bare.length !== bare) return fail();
    while (!c.done && REDIRECTION.test(c.peek() as string)) c.take();
    const pipes = readPipes(c);
    if (!chainable(reading, pipes)) return fail();
    const format = reading.format as FormatId;
    brief ||= BRIEF.test(text.slice(from.start, (c.tokens[c.i - 1] as Token).end));
    if (formats.includes(format) || CONFUSABLE.some(([a, b, when]) => (when === 'always' || brief) && ((formats.includes(a) && format === b) || (formats.includes(b) && format === a)))) return fail();
    formats.push(format);
    later.push(chained(text.slice(from.start, (c.tokens[c.i - 1] as Token).end).trim(), reading));
  }
  return c.i === c.tokens.length ? later : fail();
}

/**
 * Reads the command at the start of `text` (one line, or the part of one up to the next prompt).
 * When the command does not fill the line, the rest is its output (a flattened paste), and bare
 * words that could start an output (an address, a device followed by a colon) are not taken.
 * Null when the text does not start with a command word. Never throws.
 */
export function readCommand(text: string): CommandMatch | null {
  const tokens = tokenize(text.length > 100_000 ? text.slice(0, 100_000) : text);
  if (tokens.length === 0) return null;
  const firstWord = (tokens[0] as Token).value;
  if ((!/^[\w./~-]+$/.test(firstWord) && !ENV_ASSIGNMENT.test(firstWord)) || isRemarkWord(firstWord)) return null;
  const attempt = (conservative: boolean, limit = tokens.length): (CommandMatch & { rest: boolean; bare: number[]; end: number }) | null => {
    const c = new Cursor(limit < tokens.length ? tokens.slice(0, limit) : tokens, conservative);
    const reading = readOne(c, 0);
    if (!reading || c.i === 0) return null;
    // redirections of the command's streams are part of it, not output ("ip route 2>&1", "iptables-save 2>/dev/null")
    while (!c.done && REDIRECTION.test(c.peek() as string)) c.take();
    const pipes = readPipes(c);
    const last = tokens[c.i - 1] as Token;
    const commandEnd = last.end;
    // `ip route; ip addr`, `route -n && ip neigh`: the listings after this one (readChain says when)
    const then = readChain(c, text, reading, pipes);
    const length = then ? (tokens[c.i - 1] as Token).end : commandEnd;
    const partialReason = pipes.reasons.length > 0 ? `piped through ${pipes.reasons.join(' ')}` : undefined;
    const match: CommandMatch & { rest: boolean; bare: number[]; end: number } = {
      command: text.slice(0, commandEnd).trim(),
      length,
      program: reading.program,
      format: pipes.transformed ? null : reading.format,
      scope: reading.scope,
      rest: c.i < tokens.length && !isRemarkWord((tokens[c.i] as Token).value),
      bare: c.bare,
      end: c.i,
    };
    if (reading.options && !pipes.transformed) match.options = reading.options;
    if (reading.pod) match.pod = reading.pod;
    if (reading.host) match.host = reading.host;
    if (partialReason) match.partialReason = partialReason;
    if (pipes.transformed) match.transformed = true;
    if (then) match.then = then;
    return match;
  };
  // a failure message after the command (a flattened paste: "bridge fdb show dev flannel.1 Cannot find
  // device "flannel.1" $ …"): the command ends before it, whatever words it could take as arguments
  let limit = tokens.length;
  for (let i = 1; i < Math.min(tokens.length, 64); i++) {
    const token = tokens[i] as Token;
    if (!token.quoted && startsWithFailure(text.slice(token.start))) {
      limit = i;
      break;
    }
  }
  const greedy = attempt(false, limit);
  if (!greedy) return null;
  const careful = attempt(true, limit) ?? greedy;
  // Output on the command's line: the greedy reading stopped before the end, a remark is followed by
  // more words, or the careful reading leaves several words (lsmod Module Size Used by …).
  const flattened = greedy.rest || wordsAfter(tokens, greedy.length) > 0
    || (ARITY[careful.program] !== undefined && wordsAfter(tokens, careful.length) >= 3);
  let chosen = flattened ? careful : greedy;
  if (flattened && chosen.format !== null) chosen = endWhereOutputBegins(text, tokens, chosen, attempt);
  const { rest: _rest, bare: _bare, end: _end, ...match } = chosen;
  return match;
}

/**
 * A bare word the command took as an argument may be the first word of its output instead: "ip -br link lo
 * UNKNOWN …" lists "lo" first, it does not show only lo. The format's sniffer decides: the command ends
 * before the first such word from which the text reads as the format better than after the command.
 */
function endWhereOutputBegins<M extends { format: FormatId | null; bare: number[]; end: number }>(
  text: string, tokens: Token[], chosen: M, attempt: (conservative: boolean, limit?: number) => M | null,
): M {
  const format = chosen.format === null ? undefined : getFormat(chosen.format);
  if (!format || chosen.bare.length === 0) return chosen;
  const sniff = (from: number): number => {
    try {
      return format.sniff(text.slice(from, from + 2000));
    } catch {
      return 0;
    }
  };
  const after = tokens[chosen.end];
  const baseline = after ? sniff(after.start) : 0;
  for (const index of chosen.bare) {
    const token = tokens[index];
    if (!token || index >= chosen.end) continue;
    const score = sniff(token.start);
    if (score >= 0.5 && score > baseline) return attempt(true, index) ?? chosen;
  }
  return chosen;
}

/** Words after `length` once a first remark word is skipped: the output that may follow a "----note". */
function wordsAfter(tokens: Token[], length: number): number {
  const index = tokens.findIndex((t) => t.start >= length);
  if (index === -1) return 0;
  const first = tokens[index] as Token;
  return tokens.length - index - (isRemarkWord(first.value) ? 1 : 0);
}

/** The program word a text starts with, when it is one a prompt may run. */
export function startsWithKnownProgram(text: string): boolean {
  // environment assignments before the program ("LANG=C route -n", "LANGUAGE=ja ip route"), as readCommand takes them
  let rest = text;
  for (let i = 0; i < 4; i++) {
    const assignment = /^[A-Z_][A-Z\d_]{0,63}=\S{0,256}\s+/.exec(rest);
    if (!assignment) break;
    rest = rest.slice(assignment[0].length);
  }
  const match = /^[\w./-]{1,64}/.exec(rest);
  if (!match) return false;
  const program = match[0].replace(/^.*\//, '');
  return KNOWN_PROGRAMS.has(program);
}
