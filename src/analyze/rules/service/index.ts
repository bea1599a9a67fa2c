import type { Rule } from '../rule';
import { localTrafficPolicyDrop } from './local-traffic-policy-drop';
import { noEndpoints } from './no-endpoints';
import { orphanEndpoint } from './orphan-endpoint';
import { ipvsNoRealServers } from './ipvs-no-real-servers';

export const serviceRules: readonly Rule[] = [noEndpoints, localTrafficPolicyDrop, orphanEndpoint, ipvsNoRealServers];
