// What an embedding program can name and call from the public entries: every type a public
// signature takes or returns is exported beside the function (tsc checks the annotations below),
// and the functions work on what the parsers give.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  buildModel, findRoute, ingest, NftRuleSet, parse, parseBridgeFdb, parseIpNeigh, parseNftRuleset, resolveKubeProxyNft, runRules,
  SharedRuleParts,
  type Analysis, type BuildModelOptions, type Model, type NftChainModel, type NftTableModel, type ParseBridgeFdbOptions, type ParseContext,
  type FormatId, type ParsedFormat, type ParsedSection, type ParseIpNeighOptions, type RouteLookup, type RouteLookupNotes, type RouteQuery,
} from '../src/index';
import * as node from '../src/node';
import { ROOT } from './support/corpus';

describe('types of public signatures are exported', () => {
  it('by the entry that exports the function (netsift, and netsift/node through it)', () => {
    expectTypeOf(runRules).returns.toEqualTypeOf<Analysis>();
    expectTypeOf(buildModel).parameter(1).toEqualTypeOf<BuildModelOptions | undefined>();
    expectTypeOf(findRoute).parameter(2).toEqualTypeOf<RouteQuery | string | undefined>();
    expectTypeOf(findRoute).parameter(3).toEqualTypeOf<RouteLookupNotes | undefined>();
    expectTypeOf(findRoute).returns.toEqualTypeOf<RouteLookup>();
    expectTypeOf(parseIpNeigh).parameter(1).toEqualTypeOf<ParseIpNeighOptions | undefined>();
    expectTypeOf(parseBridgeFdb).parameter(1).toEqualTypeOf<ParseBridgeFdbOptions | undefined>();
    expectTypeOf(parse).parameter(3).toEqualTypeOf<ParseContext | undefined>();
    expectTypeOf(node.parse).parameter(3).toEqualTypeOf<ParseContext | undefined>();
    expectTypeOf(NftRuleSet.from).returns.toEqualTypeOf<NftRuleSet>();
    expectTypeOf<NftRuleSet['tables']>().toEqualTypeOf<Map<string, NftTableModel>>();
    expectTypeOf<NftTableModel['chains']>().toEqualTypeOf<Map<string, NftChainModel>>();
    expectTypeOf<Model['hosts'][number]['sections']>().toEqualTypeOf<ParsedSection[]>();
    expectTypeOf<ParseContext['ruleParts']>().toEqualTypeOf<SharedRuleParts | undefined>();
  });
});

describe('Parsed.format', () => {
  it('is typed as what it can be: a FormatId for a known id, "unknown" from auto, else the id passed', () => {
    expectTypeOf(parse('route-n', '').format).toEqualTypeOf<FormatId>();
    expectTypeOf(parse('auto', '').format).toEqualTypeOf<FormatId | 'unknown'>();
    expectTypeOf(parse('no-such' as string, '').format).toEqualTypeOf<ParsedFormat>();
    expect(parse('auto', 'hello')).toMatchObject({ format: 'unknown', records: [], diagnostics: [{ code: 'unknown-format' }] });
    expect(parse('no-such', 'x')).toMatchObject({ format: 'no-such', records: [], diagnostics: [{ code: 'unknown-format', message: 'Unknown format "no-such".' }] });
    expect(parse('route-n', '').format).toBe('route-n');
  });
});

describe('resolveKubeProxyNft on parsed records', () => {
  it('takes NftRuleSet.from(parseNftRuleset(text).records), as docs/formats/nft-ruleset.md says', () => {
    const text = readFileSync(join(ROOT, 'corpus/captures/nft-ruleset/kube-proxy-nftables__nft_list_ruleset.txt'), 'utf8');
    const ruleSet = NftRuleSet.from(parseNftRuleset(text).records);
    const branches = resolveKubeProxyNft(ruleSet, { destination: '10.109.216.20', port: 9090, destinationIsLocal: false });
    expect(branches.map((b) => [b.outcome, b.probability, b.endpoint])).toEqual([
      ['dnat', 0.5, { address: '10.244.2.6', port: '9090' }],
      ['dnat', 0.5, { address: '10.244.1.9', port: '9090' }],
    ]);
    expect(node.NftRuleSet).toBe(NftRuleSet);
  });

  it('runRules gives an Analysis of a model', () => {
    const analysis: Analysis = runRules(buildModel(ingest('')));
    expect(analysis).toEqual({ findings: [], diagnostics: [] });
  });
});
