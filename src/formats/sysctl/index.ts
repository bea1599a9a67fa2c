// sysctl (procps-ng): what the registry sees.
import { defineFormat } from '../format';
import { parseSysctl } from './parse';
import { printSysctl } from './print';
import { SysctlEntry } from './schema';
import { sniffSysctl } from './sniff';

export const sysctl = defineFormat<SysctlEntry>({
  id: 'sysctl',
  title: 'sysctl (procps-ng)',
  commands: [
    'sysctl -a', 'sysctl -a --pattern REGEX', 'sysctl KEY…', 'sysctl -n KEY…', 'sysctl -w KEY=VALUE', 'sysctl -p [FILE]',
    'sysctl --system', 'cat /proc/sys/…',
  ],
  schema: SysctlEntry,
  parse: (text, options) => parseSysctl(text, options),
  sniff: sniffSysctl,
  print: printSysctl,
});

export { parseSysctl, printSysctl, sniffSysctl, SysctlEntry };
export { sysctlKey, keyFromArgument, keyFromProcPath } from './keys';
