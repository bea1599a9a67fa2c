// Appending a list to a list. push(...items) passes every item as an argument to push, and a list
// of some 100,000 (the diagnostics of a hostile archive, the notes of a long paste) overflows the
// stack: a RangeError where netsift promises never to throw.

/** Appends `items` to `target`, one by one. */
export function append<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}
