import type { Rule } from '../rule';
import { podNetworkOverlap } from './pod-network-overlap';

export const addressingRules: readonly Rule[] = [podNetworkOverlap];
