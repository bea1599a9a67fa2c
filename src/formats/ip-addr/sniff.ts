// How much a text looks like ip addr output, from its first lines: "2: eth0: <FLAGS> mtu …" headers,
// link/… lines, inet lines, ip -br lines, or ip -j JSON with ifindex and addr_info.
import { firstLines } from '../format';

const OPERSTATES = new Set(['UNKNOWN', 'UP', 'DOWN', 'LOWERLAYERDOWN', 'DORMANT', 'NOTPRESENT', 'TESTING']);

/** The fields of an `ip -br` line ("name  STATE  …"), colour escapes dropped; null when it is not one. */
export function briefFields(line: string): string[] | null {
  // eslint-disable-next-line no-control-regex -- ip -c colours
  const fields = line.replace(/\u001b\[[\d;]*m/g, ' ').trim().split(/\s+/);
  return fields.length >= 2 && OPERSTATES.has(fields[1] as string) ? fields : null;
}

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
    if (colon > 0 && /^\d+$/.test(trimmed.slice(0, colon)) && trimmed.includes(' mtu ')) {
      // iproute2's ip link prints "mode DEFAULT" in the header; ip addr never does
      score = Math.max(score, trimmed.includes(' state ') && !trimmed.includes(' mode ') ? 0.75 : 0.6);
    }
    // without any inet line, ip addr and ip link print the same blocks: ip link is the likelier command
    if (trimmed.startsWith('link/')) score = Math.max(score, 0.65);
    if (trimmed.startsWith('inet ') || trimmed.startsWith('inet6 ') || trimmed.includes('    inet')) return 0.9;
    if (trimmed.includes(' mode DEFAULT ')) return 0.5;
    // ip -br addr: "eth0@if3  UP  10.244.0.5/24 fe80::1/64"; ip -br link shows a MAC and <FLAGS> instead
    const brief = briefFields(line);
    if (brief && !brief.some((field) => field.startsWith('<'))) score = Math.max(score, brief.length > 2 ? 0.8 : 0.5);
  }
  return score;
}
