import type { Rule } from '../rule';

export const serviceRules: readonly Rule[] = [];
