// Writes subnet.env variables as flanneld does: "NAME=VALUE\n" each (main.go writeSubnetFile).
import type { FlannelSubnetEnvEntry } from './schema';

export function printFlannelSubnetEnv(records: readonly FlannelSubnetEnvEntry[]): string {
  return records.map((record) => `${record.name}=${String(record.value)}\n`).join('');
}
