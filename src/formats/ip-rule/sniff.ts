// How much a text looks like ip rule output, from its first lines.
import { firstJsonObjectKeys, firstLines } from '../format';

function isRuleLine(line: string): boolean {
  const colon = line.indexOf(':');
  if (colon < 1 || colon > 10) return false;
  for (let i = 0; i < colon; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const rest = line.slice(colon + 1).trimStart();
  return rest.startsWith('from ') || rest.startsWith('not from ');
}

export function sniffIpRule(text: string): number {
  const keys = firstJsonObjectKeys(text);
  if (keys) return keys.has('priority') ? 0.9 : 0;
  const lines = firstLines(text, 6);
  if (lines.length === 0) return 0;
  const hits = lines.filter(isRuleLine).length;
  if (hits === 0) return 0;
  return hits === lines.length ? 0.95 : 0.6;
}
