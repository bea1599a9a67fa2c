// The shared reader's caches are bounded, and a full one is emptied and filled again: input that
// fills them (hostile or merely varied) leaves a later input the fast path, and the same records.
import { describe, expect, it } from 'vitest';
import grammar from '../iptables-save/grammar.gen';
import { describeToken, lexer, skeleton } from '../iptables-save/lexer';
import { parseIptablesSave } from '../iptables-save/parse';
import type { IptablesSaveUnit } from '../iptables-save/build';
import { UnitReader } from './unit-reader';
import { parseBridgeFdb } from '../bridge-fdb';

const reader = (cache: boolean) => new UnitReader<IptablesSaveUnit>({ lexer, grammar, describe: describeToken, skeleton, cache });

// synthetic: a listing whose rules repeat two shapes
const LISTING = ['*nat', ':KUBE-SEP-A - [0:0]', ...Array.from({ length: 200 }, (_, i) => `-A KUBE-SEP-A -s 10.244.${i % 250}.5/32 -j KUBE-MARK-MASQ`), 'COMMIT', ''].join('\n');

/** Letters for the i-th name: every line of the filler has a skeleton of its own (names are not abstracted). */
const name = (i: number): string => {
  let out = '';
  for (let n = i; ; n = Math.floor(n / 26) - 1) {
    out = String.fromCharCode(97 + (n % 26)) + out;
    if (n < 26) return out;
  }
};

describe('UnitReader caches', () => {
  it('take new lines after 12,000 skeletons and 3,000 long shapes filled them, and read them as an uncached reader does', () => {
    const shared = reader(true);
    // 12,000 skeletons of their own, past MAX_SKELETONS
    const many = ['*filter', ...Array.from({ length: 12_000 }, (_, i) => `-A C-${name(i)} -j ACCEPT`), 'COMMIT', ''].join('\n');
    parseIptablesSave(many, { reader: shared });
    // shapes of 80 to 280 tokens, past the token budget of the shape cache
    const long = ['*filter', ...Array.from({ length: 3_000 }, (_, i) => `-A LONG${' -p tcp'.repeat(40 + (i % 100))} -j ACCEPT`), 'COMMIT', ''].join('\n');
    parseIptablesSave(long, { reader: shared });
    const before = shared.skeletonHits;
    const read = parseIptablesSave(LISTING, { reader: shared });
    // the listing's 200 rules: a line of each skeleton (one-, two- and three-digit octets) read by moo
    // and nearley, the rest from the cache (a full cache that took no new entries read none from it)
    expect(shared.skeletonHits - before).toBeGreaterThanOrEqual(190);
    expect(read).toEqual(parseIptablesSave(LISTING, { reader: reader(false) }));
    expect(read.records).toHaveLength(203);
  });
});

describe('UnitReader: long units', () => {
  // synthetic: a bridge fdb line whose flags go on for 10,000 words
  it('reads at most 1,000 tokens as one unit and reports the rest unread', () => {
    const text = `00:11:22:33:44:55 dev eth0${' self'.repeat(10_000)} permanent`;
    const parsed = parseBridgeFdb(text);
    expect(parsed.records).toHaveLength(1);
    expect(parsed.records[0]?.span.text).toBe(`00:11:22:33:44:55 dev eth0${' self'.repeat(997)}`);
    // (each repeated flag is reported too); the words after the unit, unread, in one diagnostic
    const unread = parsed.diagnostics.filter((d) => d.code === 'unexpected-token');
    const end = parsed.records[0]?.span.length ?? 0;
    expect(unread.map((d) => [d.span.offset, d.span.length])).toEqual([[end + 1, text.length - end - 1]]);
  });
});
