// How much a text looks like /run/flannel/subnet.env, from its first lines.
import { firstLines } from '../format';

export function sniffFlannelSubnetEnv(text: string): number {
  const lines = firstLines(text, 6);
  if (lines.length === 0) return 0;
  if (lines.some((line) => /^\s*FLANNEL_(?:NETWORK|SUBNET|MTU|IPMASQ|IPV6_NETWORK|IPV6_SUBNET)=/.test(line))) return 0.95;
  return 0;
}
