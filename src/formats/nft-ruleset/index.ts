// nft list ruleset (nftables text, and nft -j JSON): what the registry sees.
import { defineFormat } from '../format';
import { parseNftRuleset } from './read';
import { printNftRuleset } from './print';
import { NftRecord } from './schema';
import { sniffNftRuleset } from './sniff';

export const nftRuleset = defineFormat<NftRecord>({
  id: 'nft-ruleset',
  title: 'nft list ruleset',
  commands: ['nft list ruleset', 'nft -a list ruleset', 'nft list table', 'nft list chain', 'nft -j list ruleset'],
  schema: NftRecord,
  parse: (text) => parseNftRuleset(text),
  sniff: sniffNftRuleset,
  print: printNftRuleset,
});

export { parseNftRuleset, printNftRuleset, sniffNftRuleset, NftRecord };
export {
  NftFamily, NftTable, NftChain, NftChainSpec, NftSet, NftVerdict, NftRule, NftClose, NftComment,
} from './schema';
