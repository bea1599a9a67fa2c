// How much a text looks like ip neigh output, from its first lines.
import { firstLines } from '../format';
import { lexer } from './lexer';

function shapeOf(line: string): string[] {
  const types: string[] = [];
  lexer.reset(line);
  for (let token = lexer.next(); token !== undefined && types.length < 40; token = lexer.next()) {
    if (token.type !== 'ws') types.push(token.type as string);
  }
  return types;
}

export function sniffIpNeigh(text: string): number {
  const head = text.trimStart();
  if (head.startsWith('[{"dst":') || head.startsWith('[ {\n   "dst"') || /^\[\s*\{\s*"dst"/.test(head.slice(0, 64))) return 0.9;
  const lines = firstLines(text, 6);
  if (lines.length === 0) return 0;
  let score = 0;
  for (const line of lines) {
    const types = shapeOf(line);
    const first = types[0];
    if (first !== 'ipv4' && first !== 'ipv6') continue;
    if (types.includes('lladdr') && types.includes('nud')) return 0.9;
    if (types[1] === 'dev' && (types.includes('nud') || types.includes('lladdr'))) score = Math.max(score, 0.8);
    else if (types[1] === 'lladdr' || (types.length <= 2 && types.at(-1) === 'nud')) score = Math.max(score, 0.7);
    else if (types.length === 3 && types[1] === 'word' && types[2] === 'hwaddr') score = Math.max(score, 0.5);
  }
  return score;
}
