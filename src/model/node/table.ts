// A host shows the same table more than once in a transcript (before and after a fix). The first
// complete listing of each command is the baseline, partial listings add what they show (never an
// absence), and each later complete listing is compared with the one before it: those are changes.
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
    const command = `${listing.source.section.format ?? ''}\u0000${listing.source.section.command ?? ''}\u0000${listing.dev ?? ''}`;
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
