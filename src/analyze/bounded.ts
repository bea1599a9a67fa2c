import type { Evidence } from '../model';
import type { FindingObjects } from './finding';
import type { ShellCommand } from './fix-commands';
import type { RuleFinding } from './rules/rule';

// What a finding names of a list that grows with the cluster: a rule that reports every node of
// one group against every node of another would otherwise say N things N times (1,000 nodes that
// disagree in pairs: a million evidence lines, a report no string can hold).

/** Other nodes named or cited by one finding, beyond its own. */
export const MAX_OTHERS = 10;

/** "a, b, c and 7 more": the first `max` of `items`, and how many more there are. */
export function namedList(items: readonly string[], max = 3, separator = ', '): string {
  return items.length > max ? `${items.slice(0, max).join(separator)} and ${items.length - max} more` : items.join(separator);
}

/**
 * The one finding of a node that lacks the entries of more than MAX_OTHERS peers (flannel down on it,
 * or everywhere): how many, the first five named, the first MAX_OTHERS cited as absent, every overlay
 * path it lacks still linked to its causes. Null when it lacks no more than MAX_OTHERS: one finding
 * each, then, as missing-overlay-route, missing-neighbor and missing-fdb give them.
 */
export function missingMany<T, M extends string = 'missingMany'>(host: string, missing: readonly T[], what: {
  /** The rule's message for it ("missingMany" unless told). */
  messageId?: M;
  /** The data key of the names ("subnets", "gateways", "macs") and the name of an entry. */
  list: string;
  name: (entry: T) => string;
  absence: (entry: T) => Evidence;
  /** The peer's lease it lacks the entry for ("10.244.2.0/24"): the overlay path. */
  subnet: (entry: T) => string;
  objects: (shown: readonly T[]) => Partial<FindingObjects>;
  fix: ShellCommand[];
}): RuleFinding<M> | null {
  if (missing.length <= MAX_OTHERS) return null;
  const shown = missing.slice(0, MAX_OTHERS);
  return {
    messageId: what.messageId ?? ('missingMany' as M),
    host,
    data: { host, count: missing.length, [what.list]: namedList(missing.map(what.name), 5) },
    key: 'many',
    evidence: shown.map(what.absence),
    objects: what.objects(shown),
    fix: what.fix,
    effectOf: missing.map((entry) => `overlay-path:${host}:${what.subnet(entry)}`),
  };
}
