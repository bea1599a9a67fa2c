import type { Rule } from '../rule';
import { sourcesDisagree } from './sources-disagree';

export const consistencyRules: readonly Rule[] = [sourcesDisagree];
