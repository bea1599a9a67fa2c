import type { Rule } from '../rule';
import { programmingError } from './programming-error';

export const flannelRules: readonly Rule[] = [programmingError];
