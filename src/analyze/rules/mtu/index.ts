import type { Rule } from '../rule';

export const mtuRules: readonly Rule[] = [];
