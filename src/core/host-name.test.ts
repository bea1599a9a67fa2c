import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isHostName, safeHostName } from './host-name';

describe('safeHostName', () => {
  it('keeps a host name as it is, and replaces what no host name holds', () => {
    expect(['host188', 'ip-10-0-1-23.ec2.internal', 'node_1'].map(safeHostName)).toEqual(['host188', 'ip-10-0-1-23.ec2.internal', 'node_1']);
    expect(safeHostName('w1|x`y`*z*<img src=x onerror=alert(1)>\u001b]8;;x\u0007\u202e')).toBe('w1_x_y_z_img_src_x_onerror_alert_1_8_x_');
    expect(safeHostName('evil\n--> %%"];')).toBe('evil_--_');
    expect(safeHostName('')).toBe('_');
    expect(safeHostName('a'.repeat(300))).toHaveLength(253);
  });

  it('always gives a host name', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (name) => {
      expect(isHostName(safeHostName(name))).toBe(true);
    }));
  });
});
