// What a finding names of a list that grows with the cluster: a rule that reports every node of
// one group against every node of another would otherwise say N things N times (1,000 nodes that
// disagree in pairs: a million evidence lines, a report no string can hold).

/** Other nodes named or cited by one finding, beyond its own. */
export const MAX_OTHERS = 10;

/** "a, b, c and 7 more": the first `max` of `items`, and how many more there are. */
export function namedList(items: readonly string[], max = 3, separator = ', '): string {
  return items.length > max ? `${items.slice(0, max).join(separator)} and ${items.length - max} more` : items.join(separator);
}
