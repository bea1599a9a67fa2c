import type { Rule } from '../rule';
import { mtuMismatch } from './mismatch';

export const mtuRules: readonly Rule[] = [mtuMismatch];
