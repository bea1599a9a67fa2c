// The model room: what the parsed records say about a node, independent of the listing they came from.
export { RuleSet } from './netfilter/rule-set';
export type { ChainModel } from './netfilter/rule-set';
export { resolveService } from './netfilter/resolve-service';
export type { ServiceQuery, ServiceBranch, ServiceOutcome } from './netfilter/resolve-service';
