import type { Rule } from '../rule';
import { leaseFailure } from './lease-failure';
import { programmingError } from './programming-error';

export const flannelRules: readonly Rule[] = [programmingError, leaseFailure];
