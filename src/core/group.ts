// Grouping by key, which rules and the model do over nodes, entries and findings: one pass, groups
// and their members in the order first met.

/** `items` by `keyOf` (an item whose key is null or undefined is left out), in the order met. */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K | null | undefined): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null || key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
