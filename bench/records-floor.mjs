// node --expose-gc bench/records-floor.mjs: what the records of route -n and of nft -a list ruleset
// cost on their own. A reader written by hand for the one layout of each bench capture (no grammar,
// no checks, no diagnostics) builds the records netsift's parser builds, field for field (checked
// equal), and keeps them; its time over the split floor is the least any parser of these records
// can reach here. Numbers, not assertions: the fastest of 15 runs each, after a warm-up, garbage
// collected before each (the main bench takes the median of 5: its ratios read higher).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitFloor } from './floor.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { parse } = await import(join(root, 'dist/index.js'));

const FLAG_NAMES = { U: 'up', G: 'gateway', H: 'host', '!': 'reject', D: 'dynamic', M: 'modified' };


/** One bit count per octet value: the prefix length of a dotted netmask. */
function prefixOf(mask) {
  let bits = 0;
  for (const octet of mask.split('.')) for (let v = Number(octet); v; v >>= 1) bits += v & 1;
  return bits;
}

function count(text) {
  return text === '-' ? null : Number(text);
}

/** The rows after the two header lines, as netsift's records (layout "metric"), flag lists shared. */
function routeByHand(source) {
  const records = [];
  const flagLists = new Map();
  const fields = [];
  let line = 0;
  for (let start = 0; start < source.length;) {
    let end = source.indexOf('\n', start);
    if (end === -1) end = source.length;
    line++;
    if (line > 2 && end > start) {
      fields.length = 0;
      for (let i = start; i < end;) {
        while (i < end && source.charCodeAt(i) === 32) i++;
        const from = i;
        while (i < end && source.charCodeAt(i) !== 32) i++;
        if (i > from) fields.push(source.slice(from, i));
      }
      const [destination, gateway, genmask, flags, metric, ref, use, iface] = fields;
      let flagNames = flagLists.get(flags);
      if (!flagNames) {
        flagNames = Object.freeze([...flags].map((letter) => FLAG_NAMES[letter]));
        flagLists.set(flags, flagNames);
      }
      const prefixLength = prefixOf(genmask);
      // "-" is an absence (reject routes), "*" a route without a device
      const device = iface === '-' || iface === '*' ? null : iface;
      records.push({
        family: 'inet', destination, default: prefixLength === 0, network: `${destination}/${prefixLength}`, gateway: gateway === '-' ? null : gateway,
        genmask, prefixLength, flags, flagNames, kind: flags.includes('!') ? 'reject' : device === null ? 'blackhole' : 'unicast',
        metric: count(metric), ref: count(ref), use: count(use), iface: device,
        span: { line, column: 1, offset: start, length: end - start, text: source.slice(start, end) },
      });
    }
    start = end + 1;
  }
  return records;
}

/** nft -a list ruleset of iptables-nft tables: tables, base-chain lines, chains, rules and closing braces. */
function nftByHand(source) {
  const records = [];
  let family = null;
  let table = null;
  let chain = null;
  let line = 0;
  for (let start = 0; start < source.length;) {
    let end = source.indexOf('\n', start);
    if (end === -1) end = source.length;
    line++;
    let at = start;
    while (at < end && source.charCodeAt(at) === 9) at++;
    if (at < end) {
      const handleAt = source.lastIndexOf(' # handle ', end);
      const handle = handleAt > at ? Number(source.slice(handleAt + 10, end)) : null;
      const span = { line, column: at - start + 1, offset: at, length: end - at, text: source.slice(at, end) };
      if (source.startsWith('table ', at)) {
        const words = source.slice(at, handleAt).split(' ');
        family = words[1];
        table = words[2];
        records.push({ kind: 'table', family, table, chain, handle, span });
      } else if (source.startsWith('chain ', at)) {
        chain = source.slice(at + 6, source.indexOf(' ', at + 6));
        records.push({ kind: 'chain', family, table, chain, handle, span });
      } else if (end - at === 1 && source.charCodeAt(at) === 125) {
        records.push({ kind: 'close', family, table, chain, closes: chain === null ? 'table' : 'chain', span });
        if (chain === null) family = table = null;
        chain = null;
      } else if (source.startsWith('type ', at)) {
        // "type filter hook input priority filter; policy accept;"
        const words = source.slice(at, end).replaceAll(';', '').split(' ');
        const priority = words[5];
        records.push({
          kind: 'chain-spec', family, table, chain, type: words[1], hook: words[3], device: null, priority,
          priorityValue: /^-?\d+$/.test(priority) ? Number(priority) : null, policy: words[7] ?? null, span,
        });
      } else {
        const ruleEnd = handleAt > at ? handleAt : end;
        const text = source.slice(at, ruleEnd);
        const words = text.split(' ');
        let counter = null;
        let dnat = null;
        for (let k = 0; k < words.length; k++) {
          if (words[k] === 'counter' && words[k + 1] === 'packets') counter = { packets: Number(words[k + 2]), bytes: Number(words[k + 4]) };
          else if (words[k] === 'dnat' && words[k + 1] === 'to') dnat = words[k + 2];
        }
        const last = words[words.length - 1];
        const before = words[words.length - 2];
        const verdict = last === 'accept' || last === 'drop' || last === 'return' ? { verdict: last, target: null }
          : before === 'jump' || before === 'goto' ? { verdict: before, target: last } : null;
        records.push({ kind: 'rule', family, table, chain, text, counter, verdict, dnat, comment: null, handle, span });
      }
    }
    start = end + 1;
  }
  return records;
}

function fastest(run) {
  run();
  const times = [];
  for (let i = 0; i < 15; i++) {
    globalThis.gc?.();
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return Math.min(...times);
}

for (const [format, name, byHand] of [['route-n', 'rt100k__route_-n.txt', routeByHand], ['nft-ruleset', 'svc5k-iptnft__nft_-a_list_ruleset.txt', nftByHand]]) {
  const file = join(root, 'bench', 'data', name);
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    console.log(`${name}: not in bench/data yet (\`npm run bench -- ${format}\` unpacks it)`);
    continue;
  }
  const mine = byHand(text);
  const theirs = parse(format, text).records;
  // the claim rests on this: the same records, values and key order
  const same = mine.length === theirs.length && mine.every((record, i) => JSON.stringify(record) === JSON.stringify(theirs[i]));
  const floor = fastest(() => splitFloor(text));
  const hand = fastest(() => byHand(text));
  const netsift = fastest(() => parse(format, text));
  console.log(`${format}/${name}: ${(text.length / 1e6).toFixed(2)} MB, ${mine.length} records, the same as netsift's: ${same ? 'yes' : 'NO'}`);
  console.log(`  split floor ${floor.toFixed(1)} ms; records by hand ${hand.toFixed(1)} ms (${(hand / floor).toFixed(2)}× the floor); netsift ${netsift.toFixed(1)} ms (${(netsift / floor).toFixed(2)}×)`);
}
