// The mangle walk's bound: a hostile table whose chains each jump to the next from many rules.
import { describe, expect, it } from 'vitest';
import { ingest } from '../../ingest';
import { buildModel } from '../build';
import { evaluateMangle } from './mangle';

/** Chains M0…M<depth>, each jumping to the next from `fanOut` rules that always match; the last sets mark 0x10. */
function ladder(depth: number, fanOut: number) {
  let text = '[root@n1 ~]# iptables-save -t mangle\n*mangle\n:PREROUTING ACCEPT [0:0]\n';
  for (let i = 0; i <= depth; i++) text += `:M${i} - [0:0]\n`;
  text += '-A PREROUTING -j M0\n';
  for (let i = 0; i < depth; i++) for (let k = 0; k < fanOut; k++) text += `-A M${i} -j M${i + 1}\n`;
  text += `-A M${depth} -j MARK --set-xmark 0x10/0xffffffff\nCOMMIT\n`;
  const node = buildModel(ingest(text)).nodes.get('n1');
  if (!node) throw new Error('no node');
  return node;
}
const packet = { destination: '10.244.1.5', source: null, inInterface: 'eth0', outInterface: null, protocol: 'tcp', port: 80, dnat: false } as const;

describe('evaluateMangle', () => {
  it('walks every path of a small ladder (3 chains of 3 jumps): the mark is set', () => {
    expect(evaluateMangle(ladder(3, 3), 'PREROUTING', packet).mark).toBe(0x10);
  });

  it('stops 20 chains of 20 jumps each (20^20 paths) at its visit bound, the mark then not known', () => {
    expect(evaluateMangle(ladder(20, 20), 'PREROUTING', packet).mark).toBe(null);
  });
});
