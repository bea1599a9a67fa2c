// Property tests of the subnet.env grammar: generated files as flanneld writes them.
import fc from 'fast-check';
import { describe } from 'vitest';
import { formatProperties } from '../../../test/support/format-properties';
import { flannelSubnetEnvReader, parseFlannelSubnetEnv } from './parse';
import { printFlannelSubnetEnv } from './print';
import type { FlannelSubnetEnvEntry } from './schema';

const SPAN = { line: 1, column: 1, offset: 0, length: 0, text: '' };
const octet = fc.integer({ min: 0, max: 255 });
const entry: fc.Arbitrary<FlannelSubnetEnvEntry> = fc.oneof(
  fc.tuple(fc.constantFrom('FLANNEL_NETWORK', 'FLANNEL_SUBNET'), fc.tuple(octet, octet, octet, octet), fc.integer({ min: 0, max: 32 })).map(([name, o, prefixLength]) => ({
    type: 'cidr' as const, name, value: `${o.join('.')}/${prefixLength}`, address: o.join('.'), prefixLength, span: SPAN,
  })),
  fc.integer({ min: 68, max: 65535 }).map((value) => ({ type: 'number' as const, name: 'FLANNEL_MTU', value, span: SPAN })),
  fc.boolean().map((value) => ({ type: 'boolean' as const, name: 'FLANNEL_IPMASQ', value, span: SPAN })),
  fc.tuple(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,15}$/), fc.stringMatching(/^[a-z0-9/.,:-]{0,12}$/))
    .filter(([name]) => !name.startsWith('FLANNEL_'))
    .map(([name, value]) => ({ type: 'text' as const, name, value, span: SPAN })),
);

describe('flannel-subnet-env properties', () => {
  const uncached = flannelSubnetEnvReader({ cache: false });
  formatProperties<FlannelSubnetEnvEntry>({
    records: fc.array(entry, { minLength: 1, maxLength: 8 }),
    print: printFlannelSubnetEnv,
    parse: parseFlannelSubnetEnv,
    parseWithoutCache: (text) => parseFlannelSubnetEnv(text, { reader: uncached }),
    // junk is never an assignment: a line with "NAME=" would be a variable
    junkLines: fc.oneof(
      fc.constantFrom('###看这里', '----问题节点----', '[root@host188 ~]#', '...', 'hello world'),
      fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n=]/g, ' ')),
    ),
  });
});
