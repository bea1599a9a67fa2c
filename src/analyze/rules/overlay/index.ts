import type { Rule } from '../rule';
import { addressConflict } from './address-conflict';
import { missingFdb } from './missing-fdb';
import { missingNeighbor } from './missing-neighbor';

export const overlayRules: readonly Rule[] = [addressConflict, missingNeighbor, missingFdb];
