import type { Rule } from '../rule';
import { bridgeNfCallIptablesDisabled } from './bridge-nf-call-iptables-disabled';
import { ipForwardDisabled } from './ip-forward-disabled';
import { rpFilterStrict } from './rp-filter-strict';
import { ipvsUnavailable } from './ipvs-unavailable';

export const kernelRules: readonly Rule[] = [ipForwardDisabled, bridgeNfCallIptablesDisabled, rpFilterStrict, ipvsUnavailable];
