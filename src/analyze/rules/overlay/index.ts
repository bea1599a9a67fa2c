import type { Rule } from '../rule';
import { addressConflict } from './address-conflict';
import { missingFdb } from './missing-fdb';
import { missingNeighbor } from './missing-neighbor';
import { missingVxlanDevice } from './missing-vxlan-device';
import { staleVtepMac } from './stale-vtep-mac';
import { wrongFdbDestination } from './wrong-fdb-destination';
import { duplicatePublicIp } from './duplicate-public-ip';
import { vxlanSettingsDiffer } from './vxlan-settings-differ';

export const overlayRules: readonly Rule[] = [addressConflict, missingVxlanDevice, missingNeighbor, missingFdb, staleVtepMac, wrongFdbDestination, duplicatePublicIp, vxlanSettingsDiffer];
