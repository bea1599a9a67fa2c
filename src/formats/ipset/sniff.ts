// How much a text looks like ipset output, from its first lines.
import { firstLines } from '../format';

const LIST = /^(?:Name: \S|Type: (?:hash|bitmap|list):|Header: |Members:$|Number of entries: \d)/;
const SAVE = /^(?:create \S+ (?:hash|bitmap|list):[a-z,]+|add \S+ \S)/;

export function sniffIpset(text: string): number {
  const lines = firstLines(text, 8);
  if (lines.length === 0) return 0;
  const first = lines[0] ?? '';
  if (first.startsWith('Name: ') && lines.some((line) => /^Type: (?:hash|bitmap|list):/.test(line))) return 0.95;
  if (/^create \S+ (?:hash|bitmap|list):[a-z,]+(?: |$)/.test(first)) return 0.95;
  // flattened
  if (/^Name: \S+ +Type: (?:hash|bitmap|list):/.test(first)) return 0.9;
  const hits = lines.filter((line) => LIST.test(line) || SAVE.test(line)).length;
  return hits >= 2 ? Math.min(0.85, 0.4 + hits / lines.length / 2) : 0;
}
