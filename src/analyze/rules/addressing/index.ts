import type { Rule } from '../rule';

export const addressingRules: readonly Rule[] = [];
