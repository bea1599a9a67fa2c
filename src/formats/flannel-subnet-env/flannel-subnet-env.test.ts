import { describe, expect, it } from 'vitest';
import { parseFlannelSubnetEnv } from './parse';
import { printFlannelSubnetEnv } from './print';
import { FlannelSubnetEnvEntry } from './schema';
import { sniffFlannelSubnetEnv } from './sniff';

// synthetic: host188's subnet.env of the reference incident as flanneld writes it, IPv6 lines added
const HOST188 = 'FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.0.1/24\nFLANNEL_IPV6_NETWORK=fd00:10:244::/56\nFLANNEL_IPV6_SUBNET=fd00:10:244::1/64\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n';

describe('flannel-subnet-env', () => {
  it('reads each variable with its typed value and prints the file back', () => {
    const { records, diagnostics } = parseFlannelSubnetEnv(HOST188);
    expect(diagnostics).toEqual([]);
    expect(records.map(({ span: _span, ...rest }) => rest)).toEqual([
      { type: 'cidr', name: 'FLANNEL_NETWORK', value: '10.244.0.0/16', address: '10.244.0.0', prefixLength: 16 },
      { type: 'cidr', name: 'FLANNEL_SUBNET', value: '10.244.0.1/24', address: '10.244.0.1', prefixLength: 24 },
      { type: 'cidr', name: 'FLANNEL_IPV6_NETWORK', value: 'fd00:10:244::/56', address: 'fd00:10:244::', prefixLength: 56 },
      { type: 'cidr', name: 'FLANNEL_IPV6_SUBNET', value: 'fd00:10:244::1/64', address: 'fd00:10:244::1', prefixLength: 64 },
      { type: 'number', name: 'FLANNEL_MTU', value: 1450 },
      { type: 'boolean', name: 'FLANNEL_IPMASQ', value: true },
    ]);
    expect(records[1]?.span).toEqual({ line: 2, column: 1, offset: 30, length: 28, text: 'FLANNEL_SUBNET=10.244.0.1/24' });
    for (const record of records) expect(FlannelSubnetEnvEntry.safeParse(record).success).toBe(true);
    expect(printFlannelSubnetEnv(records)).toBe(HOST188);
  });

  it('keeps unknown variables as text and warns on a known one of the wrong shape', () => {
    const { records, diagnostics } = parseFlannelSubnetEnv('FLANNEL_MTU=big\nMY_VAR=1450\n');
    expect(records.map(({ span: _span, ...rest }) => rest)).toEqual([
      { type: 'text', name: 'FLANNEL_MTU', value: 'big' },
      { type: 'text', name: 'MY_VAR', value: '1450' },
    ]);
    expect(diagnostics.map((d) => [d.code, d.span.text])).toEqual([['invalid-value', 'big']]);
  });

  it('reads a flattened paste with a remark', () => {
    const { records, diagnostics } = parseFlannelSubnetEnv('# cat /run/flannel/subnet.env FLANNEL_NETWORK=10.244.0.0/16 FLANNEL_SUBNET=10.244.0.1/24 ###ok FLANNEL_MTU=1450');
    expect(records.map((r) => r.name)).toEqual(['FLANNEL_NETWORK', 'FLANNEL_SUBNET', 'FLANNEL_MTU']);
    expect(diagnostics.map((d) => d.code)).toEqual(['annotation', 'annotation']);
  });

  it('sniffs', () => {
    expect(sniffFlannelSubnetEnv(HOST188)).toBeGreaterThan(0.9);
    expect(sniffFlannelSubnetEnv('hello')).toBe(0);
  });
});
