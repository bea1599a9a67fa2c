// How much a text looks like bridge fdb show (text or -j), from its first lines.
import { firstLines } from '../format';

const FDB_WORDS = new Set(['dev', 'dst', 'vlan', 'self', 'master', 'permanent', 'static', 'extern_learn', 'used', 'nhid', 'vni']);

function isMac(word: string): boolean {
  if (word.length !== 17) return false;
  for (let i = 0; i < 17; i++) {
    const c = word.charCodeAt(i);
    if (i % 3 === 2) {
      if (c !== 58) return false;
    } else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return true;
}

export function sniffBridgeFdb(text: string): number {
  const lines = firstLines(text, 6);
  if (lines.length === 0) return 0;
  const head = lines[0]?.trimStart() ?? '';
  if (head.startsWith('[') || head.startsWith('{')) {
    const start = text.slice(0, 2000);
    return start.includes('"mac"') && (start.includes('"flags"') || start.includes('"ifname"')) ? 0.9 : 0;
  }
  let score = 0;
  for (const raw of lines) {
    const words = raw.trim().split(/\s+/);
    const at = words[0] === 'Deleted' ? 1 : 0;
    if (!isMac(words[at] ?? '')) continue;
    const next = words[at + 1] ?? '';
    if (!FDB_WORDS.has(next)) continue;
    // ip neigh prints an address first, so a MAC then dev/dst/self is bridge fdb's own shape
    const known = words.filter((w) => FDB_WORDS.has(w)).length;
    score = Math.max(score, known >= 2 ? 0.9 : 0.6);
  }
  return score;
}
