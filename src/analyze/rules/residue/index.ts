import type { Rule } from '../rule';
import { leftoverCniState } from './leftover-cni-state';

export const residueRules: readonly Rule[] = [leftoverCniState];
