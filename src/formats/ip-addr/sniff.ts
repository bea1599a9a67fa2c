// How much a text looks like ip addr output, from its first lines: "2: eth0: <FLAGS> mtu …" headers,
// link/… lines, inet lines, ip -br lines, or ip -j JSON with ifindex and addr_info.
import { firstLines } from '../format';

export function sniffIpAddr(text: string): number {
  const lines = firstLines(text, 8);
  if (lines.length === 0) return 0;
  const head = (lines[0] as string).trimStart();
  if (head.startsWith('[') || head.startsWith('{'))
    return text.includes('"ifindex"') ? (text.includes('"addr_info"') ? 0.95 : 0.3) : 0;
  let score = 0;
  for (const line of lines) {
    const trimmed = line.trimStart();
    const colon = trimmed.indexOf(': ');
    if (colon > 0 && /^\d+$/.test(trimmed.slice(0, colon)) && trimmed.includes(' mtu ')) score = Math.max(score, 0.6);
    if (trimmed.startsWith('link/')) score = Math.max(score, 0.7);
    if (trimmed.startsWith('inet ') || trimmed.startsWith('inet6 ') || trimmed.includes('    inet')) return 0.9;
    if (trimmed.includes(' mode DEFAULT ')) return 0.5;
  }
  return score;
}
