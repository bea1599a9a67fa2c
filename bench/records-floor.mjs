// node --expose-gc bench/records-floor.mjs [route -n capture]: what the records of route -n cost on
// their own. A reader written by hand for the one layout of the capture (no grammar, no checks, no
// diagnostics) builds the records netsift's route -n parser builds, field for field, and keeps
// them; its time over the split floor is the least any parser of these records can reach here.
// Numbers, not assertions: the minimum of 15 runs each, after a warm-up, garbage collected before each.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitFloor } from './floor.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const file = process.argv[2] ?? join(root, 'bench/data/rt100k__route_-n.txt');
const text = readFileSync(file, 'utf8');
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
function byHand(source) {
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

const floor = fastest(() => splitFloor(text));
const hand = fastest(() => byHand(text));
const netsift = fastest(() => parse('route-n', text));
const mine = byHand(text);
const theirs = parse('route-n', text).records;
// the claim rests on this: the same records, values and key order
const same = mine.length === theirs.length && mine.every((record, i) => JSON.stringify(record) === JSON.stringify(theirs[i]));
console.log(`${file}: ${(text.length / 1e6).toFixed(2)} MB, ${mine.length} records, the same as netsift's: ${same ? 'yes' : 'NO'}`);
console.log(`split floor ${floor.toFixed(1)} ms; records by hand ${hand.toFixed(1)} ms (${(hand / floor).toFixed(2)}× the floor); netsift ${netsift.toFixed(1)} ms (${(netsift / floor).toFixed(2)}×)`);
