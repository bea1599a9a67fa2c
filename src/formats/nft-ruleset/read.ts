// nft's listings, text or JSON: `nft -j` output (it starts with {"nftables") goes to the JSON reader,
// everything else to the text reader; both give the same records.
import type { Parsed } from '../format';
import { parseNftJson } from './json';
import { parseNftRuleset as parseNftText } from './parse';
import type { NftRecord } from './schema';
import { isNftJson } from './sniff';

/** Parses `nft list ruleset` text (with or without -a) or `nft -j list ruleset` JSON. Never throws. */
export function parseNftRuleset(text: string): Parsed<NftRecord> {
  return isNftJson(text) ? parseNftJson(text) : parseNftText(text);
}
