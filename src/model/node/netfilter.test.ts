// citeRule: a rule or chain of a node's rule set is cited from the listing its table was read from
// (no map entry per record); a record of a listing the model did not choose is not cited as if it
// were in the rule set.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPath } from '../../node/sos';
import { ingest } from '../../ingest';
import type { IptablesRule } from '../../formats/shared/iptables/schema';
import { buildModel } from '../build';
import { citeRule } from './netfilter';

const SOS = join(__dirname, '../../../corpus/incidents/nf-no-endpoints/sos');

describe('citeRule', () => {
  it('cites rules and chains of the rule set from iptables-save, and nothing for the -nvL listing of the same table', async () => {
    const model = buildModel(await ingestPath([join(SOS, 'sosreport-node1')]));
    const node = model.nodes.get('node1');
    const netfilter = node?.netfilter;
    if (!netfilter) throw new Error('node1 has no netfilter');
    expect(netfilter.tables.get('nat')?.section.command).toBe('iptables-save');
    const chain = netfilter.rules.chain('nat', 'KUBE-SERVICES');
    const rule = chain?.rules[1] as IptablesRule;
    const cited = citeRule(netfilter, rule);
    expect(cited?.command).toBe('iptables-save');
    expect(cited?.text).toBe(rule.span.text);
    expect(cited?.text.startsWith('-A KUBE-SERVICES ')).toBe(true);
    const declaration = chain?.declaration;
    expect(declaration && citeRule(netfilter, declaration)?.text).toBe(':KUBE-SERVICES - [0:0]');
    // the same rule as iptables -t nat -nvL shows it: parsed, but not the rule set's record
    const listing = model.hosts.find((h) => h.name === 'node1')?.sections.find((s) => s.section.command === 'iptables -t nat -nvL');
    const listed = (listing?.records as IptablesRule[]).find((r) => r.type === 'rule' && r.chain === 'KUBE-SERVICES');
    expect(listed).toBeDefined();
    expect(citeRule(netfilter, listed as IptablesRule)).toBeNull();
    // a copy of a rule set record (same table, chain and position) is not that record either
    expect(citeRule(netfilter, { ...rule })).toBeNull();
  });

  it('cites the rules of an iptables -S listing (no table in its records) from that listing', () => {
    const text = [
      'root@node1:~# iptables -t nat -S',
      '-P PREROUTING ACCEPT',
      '-N KUBE-SERVICES',
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y',
      '',
    ].join('\n');
    const model = buildModel(ingest(text));
    const netfilter = model.nodes.get('node1')?.netfilter;
    if (!netfilter) throw new Error('node1 has no netfilter');
    const rule = netfilter.rules.chain('nat', 'KUBE-SERVICES')?.rules[0] as IptablesRule;
    expect(rule.table).toBe('nat');
    const cited = citeRule(netfilter, rule);
    expect(cited?.command).toBe('iptables -t nat -S');
    expect(cited?.span.line).toBe(5);
    expect(cited?.text).toBe(text.split('\n')[4]);
  });
});
