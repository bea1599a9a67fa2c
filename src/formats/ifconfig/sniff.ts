// How much a text looks like ifconfig output, from its first lines.
import { firstLines } from '../format';

const squash = (line: string): string => line.trim().split(/\s+/).join(' ');
const SHORT_HEADER = 'Iface MTU RX-OK RX-ERR RX-DRP RX-OVR TX-OK TX-ERR TX-DRP TX-OVR Flg';

export function sniffIfconfig(text: string): number {
  const lines = firstLines(text, 6);
  let score = 0;
  for (const line of lines) {
    const flat = squash(line);
    if (flat.startsWith(SHORT_HEADER)) return 0.95;
    const space = flat.indexOf(' ');
    const second = space === -1 ? '' : flat.slice(space + 1);
    // "eth0: flags=4163<UP,…> mtu 1500" (also a flattened paste: the header comes first)
    if (flat.slice(0, Math.max(space, 0)).endsWith(':') && second.startsWith('flags=') && second.includes(' mtu ')) return 0.95;
    // "eth0      Link encap:Ethernet  HWaddr …"
    if (second.startsWith('Link encap:')) return 0.95;
    if (flat.startsWith('inet addr:') || flat.startsWith('RX packets') || flat.startsWith('TX packets')) score = Math.max(score, 0.6);
  }
  return score;
}
