// Every rule netsift runs, by area. Each area lists its own rules (src/analyze/rules/<area>/index.ts);
// test/catalog.test.ts checks that every rule file is listed, tested and documented.
import type { Rule } from './rule';
import { overlayRules } from './overlay';
import { routingRules } from './routing';
import { flannelRules } from './flannel';
import { residueRules } from './residue';
import { historyRules } from './history';

export const rules: readonly Rule[] = [...overlayRules, ...routingRules, ...flannelRules, ...residueRules, ...historyRules];
