// How much a text looks like ip route output, from its first lines: a destination ("default", an
// address or prefix, after an optional route type) followed by a key ip prints ("via", "dev", …).
import { firstJsonObjectKeys, firstLines } from '../format';
import { isIPv4, isIPv6 } from '../../core/ip';
import { ROUTE_TYPES } from './lexer';

const TYPES = new Set<string>(ROUTE_TYPES);
const KEYS = new Set(['via', 'dev', 'proto', 'table', 'scope', 'src', 'metric', 'nhid', 'from', 'tos']);
// ip neigh lines also start "10.0.0.1 dev eth0": they carry lladdr or a NUD state
const NEIGH_WORDS = new Set(['proxy', 'router', 'lladdr', 'REACHABLE', 'STALE', 'DELAY', 'PROBE', 'FAILED', 'INCOMPLETE', 'PERMANENT', 'NOARP']);

function isDestination(word: string): boolean {
  if (word === 'default') return true;
  const slash = word.indexOf('/');
  const address = slash === -1 ? word : word.slice(0, slash);
  return isIPv4(address) || isIPv6(address);
}

function isRouteLine(line: string): boolean {
  // ip -c colours addresses and names
  // eslint-disable-next-line no-control-regex -- the escape character is what ip -c prints
  const words = line.replace(/\u001b\[[\d;]*m/g, ' ').trim().split(/\s+/);
  if (words.some((w) => NEIGH_WORDS.has(w))) return false;
  if (words[0] === 'nexthop' || words[0] === 'cache' || words[0] === 'nh_info') return true;
  // ip nexthop objects: "id 1 via 10.0.0.1 dev eth0", "id 10 group 1/2"
  if (words[0] === 'id' && /^\d+$/.test(words[1] ?? '')) return true;
  let i = TYPES.has(words[0] ?? '') ? 1 : 0;
  if (!isDestination(words[i] ?? '')) return false;
  i++;
  // "blackhole 10.244.2.0/26" may stand alone
  return i === words.length ? i === 2 : KEYS.has(words[i] ?? '');
}

export function sniffIpRoute(text: string): number {
  const keys = firstJsonObjectKeys(text);
  // route objects have "dst" but none of a neighbour's "lladdr"/"state"/"proxy" nor an FDB entry's "mac"
  if (keys) {
    if (keys.has('id') && (keys.has('gateway') || keys.has('group') || keys.has('blackhole') || keys.has('dev'))) return 0.9;
    return keys.has('dst') && !keys.has('lladdr') && !keys.has('state') && !keys.has('proxy') && !keys.has('mac') ? 0.9 : 0;
  }
  const lines = firstLines(text, 6);
  if (lines.length === 0) return 0;
  const matching = lines.filter(isRouteLine).length;
  if (matching === lines.length) return 0.9;
  return matching / lines.length >= 0.5 ? 0.6 : 0;
}
