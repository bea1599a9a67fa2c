// How much a text looks like nft list ruleset output (text, or nft -j JSON), from its first lines.
import { firstLines } from '../format';

const TABLE = /^table (?:ip|ip6|inet|arp|bridge|netdev) \S+ \{(?: # handle \d+)?$/;

/** True when the text is nft's JSON (`nft -j …`): `{"nftables"` after blanks (blanks after "{" allowed). */
export function isNftJson(text: string): boolean {
  let i = 0;
  const blank = () => {
    while (i < text.length && ' \t\r\n\uFEFF'.includes(text[i] as string)) i++;
  };
  blank();
  if (text[i] !== '{') return false;
  i++;
  blank();
  return text.startsWith('"nftables"', i);
}

export function sniffNftRuleset(text: string): number {
  if (isNftJson(text)) return 0.95;
  const lines = firstLines(text, 6);
  if (lines.length === 0) return 0;
  if (lines.some((line) => TABLE.test(line))) return 0.95;
  if (lines.some((line) => /^\tchain \S+ \{/.test(line) || /^\t\ttype \w+ hook \w+/.test(line))) return 0.6;
  // a flattened paste (line breaks lost): parse.ts cuts it where nft's layout ends each unit
  const head = text.slice(0, 512).trimStart();
  if (/^table (?:ip|ip6|inet|arp|bridge|netdev) \S+ \{/.test(head) || /^chain \S+ \{ (?:type|# handle)/.test(head)) return 0.6;
  return 0;
}
