import type { Rule } from '../rule';

export const leaseRules: readonly Rule[] = [];
