import type { Rule } from '../rule';
import { missingOverlayRoute } from './missing-overlay-route';
import { staleBlackhole } from './stale-blackhole';

export const routingRules: readonly Rule[] = [missingOverlayRoute, staleBlackhole];
