// Every rule netsift runs, by area. Each area lists its own rules (src/analyze/rules/<area>/index.ts);
// test/catalog.test.ts checks that every rule file is listed, tested and documented.
import type { Rule } from './rule';
import { overlayRules } from './overlay';
import { routingRules } from './routing';
import { addressingRules } from './addressing';
import { leaseRules } from './lease';
import { flannelRules } from './flannel';
import { netfilterRules } from './netfilter';
import { serviceRules } from './service';
import { mtuRules } from './mtu';
import { residueRules } from './residue';
import { historyRules } from './history';
import { consistencyRules } from './consistency';
import { kernelRules } from './kernel';

export const rules: readonly Rule[] = [
  ...overlayRules, ...routingRules, ...addressingRules, ...leaseRules, ...flannelRules,
  ...netfilterRules, ...serviceRules, ...mtuRules, ...kernelRules, ...residueRules, ...consistencyRules, ...historyRules,
];
