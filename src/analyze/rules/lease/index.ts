import type { Rule } from '../rule';
import { cni0OutsideLease } from './cni0-outside-lease';
import { duplicateLease } from './duplicate-lease';
import { outsideClusterNetwork } from './outside-cluster-network';

export const leaseRules: readonly Rule[] = [cni0OutsideLease, outsideClusterNetwork, duplicateLease];
