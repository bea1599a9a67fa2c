import type { Rule } from '../rule';

export const netfilterRules: readonly Rule[] = [];
