// How much a text looks like route -n output, from its first lines.
import { firstLines } from '../format';
import { CACHE_TITLES, IPV4_HEADERS, IPV4_TITLES, IPV6_HEADER, IPV6_HEADER_WIDE, IPV6_TITLES } from './headers';

const squash = (line: string): string => line.trim().split(/\s+/).join(' ');
const KNOWN = new Set(
  [...IPV4_TITLES, ...IPV6_TITLES, ...CACHE_TITLES, IPV6_HEADER, IPV6_HEADER_WIDE, ...Object.values(IPV4_HEADERS).flat()].map(squash),
);
const TITLE_WORDS = [...IPV4_TITLES, ...IPV6_TITLES].map(squash);

export function sniffRouteN(text: string): number {
  const lines = firstLines(text, 6);
  if (lines.length === 0) return 0;
  let score = 0;
  for (const line of lines) {
    const flat = squash(line);
    if (KNOWN.has(flat)) return 0.95;
    // a flattened paste: title and header on one line with the rows
    if (TITLE_WORDS.some((title) => flat.startsWith(title))) return 0.9;
    const fields = flat.split(' ');
    if ((fields.length === 8 || fields.length === 11) && fields[2]?.startsWith('255.') !== undefined) {
      const mask = fields[2] ?? '';
      if (mask.startsWith('255.') || mask === '0.0.0.0') score = Math.max(score, 0.6);
    }
  }
  return score;
}
