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
 * What a listing shows, as a key: its format, options (table, filter) and device, and its command
 * in a canonical spelling — without sudo, with ip's object in full and without show/list — so that
 * `ip r` and `sudo ip route show` are one table, while `ip -4 addr` and `ip addr`, or `ip neigh show
 * nud noarp` and `ip -s -s neigh show` (sos's files, which carry no options), are not. A listing
 * no command introduced (sniffed from prose) is compared only with others like it.
 */
function coverageKey<T>(listing: Listing<T>): string {
  const { section } = listing.source;
  const options = section.options ? Object.entries(section.options).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : [];
  return `${section.format ?? ''}\u0000${JSON.stringify(options)}\u0000${canonicalCommand(section.command)}\u0000${listing.dev ?? ''}`;
}

// ip's objects in the order ip(8) matches an abbreviation against them ("r" is route, "n" neighbour)
const IP_OBJECTS = ['address', 'route', 'rule', 'neighbour', 'link'];
const SHOW = new Set(['show', 'list', 'lst', 'sh', 'ls']);

function canonicalCommand(command: string | null): string {
  if (command === null) return '\u0001sniffed';
  const words = command.trim().split(/\s+/);
  let at = 0;
  if (words[at] === 'sudo') for (at++; at < words.length && (words[at] as string).startsWith('-'); at++);
  const program = (words[at] ?? '').replace(/^.*\//, '');
  const rest = words.slice(at + 1);
  if (program === 'ip') {
    const object = rest.findIndex((word) => !word.startsWith('-'));
    if (object !== -1) {
      const word = rest[object] as string;
      const full = IP_OBJECTS.find((name) => name.startsWith(word));
      if (full) rest[object] = full === 'neighbour' ? 'neighbor' : full;
      if (object + 1 < rest.length && SHOW.has(rest[object + 1] as string)) rest.splice(object + 1, 1);
    }
  }
  return [program, ...rest].join(' ');
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
