// What a service walk could not decide, written and recognised here only: the resolvers, the walk
// budget and the tracer all read a branch's assumptions through these.

/**
 * An assumption that a match or statement could not be evaluated (a module netsift does not read,
 * an nft xt statement without its options): written and recognised here only, so that the tracer
 * can tell "no rule matched" from "the rules could not be followed".
 */
export const notEvaluated = (what: string): string => `${what} not evaluated`;
export const isNotEvaluated = (assumption: string): boolean => assumption.endsWith(' not evaluated');
/** A set match (-m set --match-set) not decided: no ipset listing shows the set, or not all of its members. */
export const isSetMatchNotEvaluated = (assumption: string): boolean => assumption === notEvaluated('match set');
/** An assumption that a chain, map or set the walk needed is not in the listing: written and recognised here only. */
export const notInListing = (what: string): string => `${what} is not in the listing`;
/**
 * An assumption the walk could not decide a rule by: a match not evaluated, or a chain, map or set
 * it needed that the listing does not show ("chain nat/KUBE-SVC-… is not in the listing").
 */
export const isUndecidable = (assumption: string): boolean => isNotEvaluated(assumption) || assumption.endsWith(' is not in the listing');
