import type { Rule } from '../rule';
import { forwardDrop } from './forward-drop';
import { mixedBackends } from './mixed-backends';
import { natRulesDiffer } from './nat-rules-differ';

export const netfilterRules: readonly Rule[] = [forwardDrop, natRulesDiffer, mixedBackends];
