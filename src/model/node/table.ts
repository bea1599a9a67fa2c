// A host shows the same table more than once in a transcript (before and after a fix). The first
// complete listing of each command (whatever its spelling: coverageKey) is the baseline, partial
// listings add what they show (never an absence), and each later complete listing is compared with
// the one before it: those are changes.
import type { Listing, Table, TableChange } from './facts';

export function buildTable<T>(
  kind: TableChange<T>['kind'],
  listings: readonly Listing<T>[],
  keyOf: (entry: T) => string,
): Table<T> {
  const entries: T[] = [];
  const seen = new Set<string>();
  const add = (entry: T): void => {
    const key = keyOf(entry);
    if (seen.has(key)) return;
    seen.add(key);
    entries.push(entry);
  };
  const complete: Listing<T>[] = [];
  const changes: TableChange<T>[] = [];
  // the previous complete listing of each command: later ones are compared with it
  const previous = new Map<string, Listing<T>>();
  for (const listing of listings) {
    const command = coverageKey(listing);
    const before = previous.get(command);
    if (listing.complete && before) {
      const change = diff(kind, before, listing, keyOf);
      if (change.added.length > 0 || change.removed.length > 0) changes.push(change);
      previous.set(command, listing);
      continue;
    }
    if (listing.complete) {
      previous.set(command, listing);
      complete.push(listing);
    }
    for (const entry of listing.entries) add(entry);
  }
  return { entries, complete, listings: [...listings], changes };
}

/**
 * What a listing shows, as a key: its format, its options (table, filter) and device, and the
 * address family its command asks for. Two spellings of one command (`ip r`, `sudo ip route show`)
 * show the same table; `ip -4 addr` and `ip addr` do not.
 */
function coverageKey<T>(listing: Listing<T>): string {
  const { section } = listing.source;
  const options = section.options ? Object.entries(section.options).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : [];
  const words = (section.command ?? '').split(/\s+/);
  const family: string[] = [];
  words.forEach((word, index) => {
    if (/^-[046]$/.test(word) || word === '--inet6' || word === '-inet6') family.push(word);
    else if (['-f', '-family', '--family', '-A'].includes(word)) family.push(`${word} ${words[index + 1] ?? ''}`);
  });
  return `${section.format ?? ''}\u0000${JSON.stringify(options)}\u0000${family.join(' ')}\u0000${listing.dev ?? ''}`;
}

function diff<T>(kind: TableChange<T>['kind'], before: Listing<T>, after: Listing<T>, keyOf: (entry: T) => string): TableChange<T> {
  const beforeKeys = new Set(before.entries.map(keyOf));
  const afterKeys = new Set(after.entries.map(keyOf));
  return {
    kind,
    before: before.source,
    after: after.source,
    added: after.entries.filter((entry) => !beforeKeys.has(keyOf(entry))),
    removed: before.entries.filter((entry) => !afterKeys.has(keyOf(entry))),
  };
}

/** Whether a table's complete listings cover a device (a listing of all devices, or of that one). */
export function coversDevice<T>(table: Table<T>, dev: string): boolean {
  return table.complete.some((listing) => listing.dev === null || listing.dev === dev);
}
