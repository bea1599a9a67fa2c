// buildModel's skipRedundant: listings the host's iptables-save already holds are left unparsed, and
// the diagnosis is the same.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPath } from '../node/sos';
import { diagnose } from '../report';
import { buildModel } from './build';

const SOS = join(__dirname, '../../corpus/incidents/nf-no-endpoints/sos');

describe('buildModel({ skipRedundant })', () => {
  // this iptables-save holds filter and nat only (the lab's other tables are empty): those are skipped
  it('leaves iptables -t X -nvL unparsed when iptables-save shows table X, with the same findings', async () => {
    const bundle = await ingestPath(['sosreport-node1', 'sosreport-node2', 'sosreport-node3'].map((r) => join(SOS, r)));
    const model = buildModel(bundle, { skipRedundant: true });
    const node1 = model.hosts.find((h) => h.name === 'node1')?.sections ?? [];
    expect(node1.filter((s) => s.skipped).map((s) => [s.section.command, s.skipped])).toEqual([
      ['iptables -t filter -nvL', "the host's iptables-save shows the filter table"],
      ['iptables -t nat -nvL', "the host's iptables-save shows the nat table"],
      ['iptables -vnxL', "the host's iptables-save shows the filter table"],
    ]);
    expect(node1.filter((s) => s.skipped).every((s) => s.records.length === 0)).toBe(true);
    const all = diagnose(bundle).report;
    const used = diagnose(bundle, { records: 'used' }).report;
    expect(used.findings).toEqual(all.findings);
    expect(used.traces).toEqual(all.traces);
    // without the option every section is read
    expect(buildModel(bundle).hosts.flatMap((h) => h.sections).some((s) => s.skipped)).toBe(false);
  });
});
