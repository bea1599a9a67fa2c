// What bounds a service resolution's walk. Each `statistic` rule (or numgen vmap) splits a walk in
// two, and a chain that returns sends both halves on: a rule set can make its paths grow as 2^n in
// its own length (a pasted or hostile listing as much as a real one). The walk gives up after a
// fixed number of rule visits and says so.
import { notEvaluated } from './assumptions';

/** Rule visits (a walk meeting a rule) one resolution makes at most: a query of the lab's 5,000-service table makes at most 5,500. */
export const MAX_RULE_VISITS = 100_000;

/** The assumption of a walk ended by the budget: undecidable (isUndecidable), as a match not evaluated is. */
export const PATHS_NOT_FOLLOWED = notEvaluated(`the rules after ${MAX_RULE_VISITS.toLocaleString('en-US')} rule visits (more paths than netsift follows)`);

/**
 * Rule visits left. One per resolution by default; a caller that resolves many queries of one
 * input (diagnose, tracing every curl of a paste) may share one among them, so a rule set that
 * spends every resolution's whole budget costs that once, not once a query.
 */
export class WalkBudget {
  private visits: number;

  constructor(visits = MAX_RULE_VISITS) {
    this.visits = visits;
  }

  /** Takes `count` visits (the walks about to meet a rule); false once the budget is spent. */
  spend(count: number): boolean {
    this.visits -= count;
    return this.visits >= 0;
  }
}

/**
 * The walks a spent budget stops, as one: their probability summed, the first one's assumptions
 * and PATHS_NOT_FOLLOWED, and no rules: every walk stopped anywhere in the resolution then merges
 * into one branch (mergeBranches), not thousands that differ by the rules each had passed.
 */
export function stoppedWalk<W extends { probability: number; assumptions: string[]; rules: readonly object[] }>(walks: readonly W[]): W {
  const first = walks[0] as W;
  let probability = 0;
  for (const walk of walks) probability += walk.probability;
  return { ...first, probability, rules: [], assumptions: [...first.assumptions, PATHS_NOT_FOLLOWED] };
}
