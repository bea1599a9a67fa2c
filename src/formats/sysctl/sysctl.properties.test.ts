// Property tests of the sysctl grammar: generated "key = value" lines, warnings and --system lines
// as procps-ng prints them.
import fc from 'fast-check';
import { describe } from 'vitest';
import { formatProperties } from '../../../test/support/format-properties';
import { parseSysctl, sysctlReader } from './parse';
import { printSysctl } from './print';
import type { SysctlEntry } from './schema';

const SPAN = { line: 1, column: 1, offset: 0, length: 0, text: '' };
const component = fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/);
const device = fc.constantFrom('eth0', 'flannel/1', 'cni0', 'veth1a2b3c4d', 'br-5f0e');
const key = fc.oneof(
  fc.tuple(fc.constantFrom('net', 'kernel', 'vm', 'fs', 'dev', 'user'), fc.array(component, { minLength: 1, maxLength: 3 })).map(([top, rest]) => [top, ...rest].join('.')),
  fc.tuple(fc.constantFrom('net.ipv4.conf', 'net.ipv6.conf', 'net.ipv4.neigh'), device, component).map(([base, dev, leaf]) => `${base}.${dev}.${leaf}`),
);
const integers = fc.array(fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }), { minLength: 1, maxLength: 3 });
// a word of a value: never "=" alone, never a key followed by " =" (the generator joins words with single blanks or tabs)
const word = fc.stringMatching(/^[A-Za-z(#/][\w().,:@/-]{0,12}$/);
const setting: fc.Arbitrary<SysctlEntry> = fc.oneof(
  fc.tuple(key, integers, fc.constantFrom(' ', '\t')).map(([k, ns, sep]) => ({ type: 'setting' as const, key: k, value: ns.join(sep), numeric: ns, span: SPAN })),
  fc.tuple(key, fc.array(word, { minLength: 0, maxLength: 4 })).map(([k, words]) => ({ type: 'setting' as const, key: k, value: words.join(' '), span: SPAN })),
);
const error: fc.Arbitrary<SysctlEntry> = fc.oneof(
  key.map((k) => ({
    type: 'error' as const, error: 'cannot-stat' as const, program: 'sysctl' as const, key: k, ignoring: false, path: `/proc/sys/${k.split('.').map((c) => c.replace('/', '.')).join('/')}`,
    reason: 'No such file or directory', message: '', span: SPAN,
  })).map((r) => ({ ...r, message: `cannot stat ${r.path}: ${r.reason}` })),
  // cat of /proc/sys files: "cat: PATH: strerror"
  fc.tuple(key, fc.constantFrom(['No such file or directory', 'cannot-stat'] as const, ['Permission denied', 'permission-denied'] as const)).map(([k, [reason, kind]]) => {
    const path = `/proc/sys/${k.split('.').map((c) => c.replace('/', '.')).join('/')}`;
    return { type: 'error' as const, error: kind, program: 'cat' as const, key: k, ignoring: false, path, reason, message: `${path}: ${reason}`, span: SPAN };
  }),
  key.map((k) => ({ type: 'error' as const, error: 'permission-denied' as const, program: 'sysctl' as const, key: k, ignoring: false, message: `permission denied on key '${k}'`, span: SPAN })),
  key.map((k) => ({ type: 'error' as const, error: 'unknown-key' as const, program: 'sysctl' as const, key: k, ignoring: true, message: `"${k}" is an unknown key, ignoring`, span: SPAN })),
);
const applying: fc.Arbitrary<SysctlEntry> = fc.stringMatching(/^\/etc\/sysctl\.d\/[\w-]{1,12}\.conf$/).map((file) => ({ type: 'applying' as const, file, span: SPAN }));

describe('sysctl properties', () => {
  const uncached = sysctlReader({ cache: false });
  formatProperties<SysctlEntry>({
    records: fc.array(fc.oneof({ weight: 6, arbitrary: setting }, { weight: 1, arbitrary: error }, { weight: 1, arbitrary: applying }), { minLength: 1, maxLength: 8 }),
    print: printSysctl,
    parse: (text) => parseSysctl(text),
    parseWithoutCache: (text) => parseSysctl(text, { reader: uncached }),
    // junk is no "key = value" line: without "=" every junk line is a value alone, which sysctl -a never prints
    junkLines: fc.oneof(
      fc.constantFrom('###看这里', '----问题节点----', '[root@host188 ~]#', '...', 'hello world'),
      fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n=]/g, ' ')),
    ),
  });
});
