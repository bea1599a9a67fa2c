// A text whose host the user names: what no prompt attributes goes to that host.
import { describe, expect, it } from 'vitest';
import { ingest } from './index';

const LOG = 'E1028 01:59:02.997781       1 vxlan_network.go:158] failed to add vxlanRoute (10.244.2.0/24 -> 10.244.2.0): invalid argument\n';
const ROUTE = '[root@b ~]# route -n\nKernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n0.0.0.0         10.0.0.1        0.0.0.0         UG    0      0        0 eth0\n';

describe('ingest with a named host', () => {
  it('gives a sniffed section the host of its input, and leaves prompts their own host', () => {
    const bundle = ingest([{ name: 'a.log', text: LOG, host: 'a' }, { name: 'b.txt', text: ROUTE }]);
    expect(bundle.hosts.map((h) => [h.name, h.sections.map((s) => [s.format, s.snapshot])])).toEqual([
      ['b', [['route-n', 1]]],
      ['a', [['flannel-log', 1]]],
    ]);
    expect(bundle.unattributed).toEqual([]);
  });

  it('counts snapshots across inputs of one host', () => {
    const bundle = ingest([{ name: '1', text: LOG, host: 'a' }, { name: '2', text: LOG, host: 'a' }]);
    expect(bundle.hosts[0]?.sections.map((s) => s.snapshot)).toEqual([1, 2]);
  });

  it('without a host, the sniffed section stays unattributed', () => {
    expect(ingest({ name: 'a.log', text: LOG }).unattributed).toHaveLength(1);
  });
});
