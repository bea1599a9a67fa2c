// How much a text looks like ip link output, from its first lines: "2: eth0: <FLAGS> mtu …" headers,
// link/… lines, ip -br lines, or ip -j JSON with ifindex.
import { firstLines } from '../format';

const OPERSTATES = new Set(['UNKNOWN', 'UP', 'DOWN', 'LOWERLAYERDOWN', 'DORMANT', 'NOTPRESENT', 'TESTING']);

/** The fields of an `ip -br` line ("name  STATE  …"), colour escapes dropped; null when it is not one. */
export function briefFields(line: string): string[] | null {
  // eslint-disable-next-line no-control-regex -- ip -c colours
  const fields = line.replace(/\u001b\[[\d;]*m/g, ' ').trim().split(/\s+/);
  return fields.length >= 2 && OPERSTATES.has(fields[1] as string) ? fields : null;
}

export function sniffIpLink(text: string): number {
  const lines = firstLines(text, 8);
  if (lines.length === 0) return 0;
  const head = (lines[0] as string).trimStart();
  if (head.startsWith('[') || head.startsWith('{'))
    return text.includes('"ifindex"') ? (text.includes('"addr_info"') ? 0.3 : 0.9) : 0;
  let score = 0;
  for (const line of lines) {
    const trimmed = line.trimStart();
    const colon = trimmed.indexOf(': ');
    if (colon > 0 && /^\d+$/.test(trimmed.slice(0, colon)) && trimmed.includes(' mtu ')) score = Math.max(score, 0.6);
    if (trimmed.startsWith('link/')) score = Math.max(score, 0.7);
    if (trimmed.includes(' mode DEFAULT ') || trimmed.includes(' mode DORMANT ')) return 0.9;
    if (trimmed.startsWith('inet')) return 0.3;
    // ip -br link: "eth0@if3  UP  5a:d6:46:ab:ea:17 <BROADCAST,MULTICAST,UP,LOWER_UP>"
    const brief = briefFields(line);
    if (brief?.some((field) => field.startsWith('<'))) score = Math.max(score, 0.8);
  }
  return score;
}
