// How much a text looks like sysctl output, from its first lines: "key = value" with a key of a
// /proc/sys top-level directory, or sysctl's own warnings.
import { firstLines } from '../format';

const SETTING = /^(?:abi|crypto|debug|dev|fs|kernel|net|sunrpc|user|vm)\.[\w./-]+ = /;
const WARNING = /^sysctl: (?:cannot stat \/proc\/sys\/|permission denied on key |"[^"]*" is an unknown key|reading key |setting key )/;

export function sniffSysctl(text: string): number {
  const lines = firstLines(text, 8);
  if (lines.length === 0) return 0;
  let hits = 0;
  for (const line of lines) if (SETTING.test(line.trimStart()) || WARNING.test(line.trimStart()) || line.startsWith('* Applying /')) hits++;
  if (hits === 0) {
    // flattened: one long line of "key = value key = value …"
    const first = lines[0] ?? '';
    const keys = first.match(/(?:^| )(?:abi|crypto|debug|dev|fs|kernel|net|sunrpc|user|vm)\.[\w./-]+ = /g)?.length ?? 0;
    return keys >= 2 ? 0.9 : 0;
  }
  return hits === lines.length ? 0.95 : Math.min(0.9, 0.5 + hits / lines.length / 2);
}
