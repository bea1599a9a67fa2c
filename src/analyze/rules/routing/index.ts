import type { Rule } from '../rule';
import { missingOverlayRoute } from './missing-overlay-route';
import { staleBlackhole } from './stale-blackhole';
import { shadowedOverlayRoute } from './shadowed-overlay-route';
import { lookupDiffers } from './lookup-differs';

export const routingRules: readonly Rule[] = [missingOverlayRoute, staleBlackhole, shadowedOverlayRoute, lookupDiffers];
