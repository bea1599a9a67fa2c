// How much a text looks like ip neigh output, from its first lines.
import { firstJsonObjectKeys, firstLines } from '../format';
import { lexLine } from '../engine/lex';
import { lexer } from './lexer';

function shapeOf(line: string): string[] {
  const types: string[] = [];
  lexLine(lexer, line, (token) => {
    if (token.type !== 'ws') types.push(token.type as string);
    return types.length < 40;
  });
  return types;
}

export function sniffIpNeigh(text: string): number {
  const keys = firstJsonObjectKeys(text);
  if (keys) return keys.has('dst') && (keys.has('lladdr') || keys.has('state') || keys.has('proxy')) && !keys.has('mac') ? 0.9 : 0;
  const lines = firstLines(text, 6);
  if (lines.length === 0) return 0;
  let score = 0;
  for (const line of lines) {
    const types = shapeOf(line);
    const first = types[0];
    if (first !== 'ipv4' && first !== 'ipv6') continue;
    if (types.includes('lladdr') && types.includes('nud')) return 0.9;
    // ip neigh show proxy: "10.0.0.200 dev eth0 proxy", "… dev eth1 router proxy"
    const words = line.trim().split(/\s+/);
    if (words[1] === 'dev' && words.at(-1) === 'proxy') score = Math.max(score, 0.8);
    // ip -br neigh show: "10.20.0.2   ens3" (no lladdr when it is not known)
    if (words.length === 2 && types.length === 2) score = Math.max(score, 0.4);
    if (types[1] === 'dev' && (types.includes('nud') || types.includes('lladdr'))) score = Math.max(score, 0.8);
    else if (types[1] === 'lladdr' || (types.length <= 2 && types.at(-1) === 'nud')) score = Math.max(score, 0.7);
    else if (types.length === 3 && types[1] === 'word' && types[2] === 'hwaddr') score = Math.max(score, 0.5);
  }
  return score;
}
