import type { Rule } from '../rule';
import { tableChanged } from './table-changed';

export const historyRules: readonly Rule[] = [tableChanged];
