// How much a text looks like iptables -L output, from its first lines.
import { firstLines } from '../format';

const CHAIN = /^Chain \S+ \((?:policy \w+|\d+ references)/;
const HEADER = /^\s*(?:num\s+)?(?:pkts\s+bytes\s+)?target\s+prot\s+opt\s+(?:in\s+out\s+)?source\s+destination/;
const RULE = /\S\s+(?:!?[a-z]+|\d+)\s+[-!][-f]\s+\S/;

export function sniffIptablesList(text: string): number {
  const lines = firstLines(text, 6);
  let score = 0;
  for (const line of lines) {
    if (HEADER.test(line)) return 0.95;
    if (CHAIN.test(line)) score = Math.max(score, 0.9);
    else if (RULE.test(line)) score = Math.max(score, 0.5);
  }
  return score;
}
