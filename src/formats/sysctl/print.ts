// Writes sysctl records as procps-ng prints them: "%s = %s\n" (ReadSetting, WriteSetting; the
// layout of sysctl -a), "sysctl: %s\n" for warnings (cat's "cat: %s\n" alike), "* Applying %s ...\n" (--system).
import type { SysctlEntry } from './schema';

export function printSysctl(records: readonly SysctlEntry[]): string {
  return records.map((record) => {
    switch (record.type) {
      case 'setting': return `${record.key} = ${record.value}\n`;
      case 'error': return `${record.program}: ${record.message}\n`;
      case 'applying': return `* Applying ${record.file} ...\n`;
    }
  }).join('');
}
