// Every format's parser as a loader, in the registry's order, for callers that load only what they
// use (the CLI: `parse route-n` loads route -n's parser alone, `parse auto` the sniffers first).
// parseLazily and detectFormatLazily answer what registry.ts's parse and detectFormat answer
// (lazy.test.ts checks both on every corpus capture).
import type { Detection, FormatId, ParseOptions, Parsed } from './format';
import { detectWith, parseWith } from './format';

/**
 * A format's parse. `sink`, where the format's records are final as soon as they are read, receives
 * each of them instead of the result's `records` (which then stay empty); other formats ignore it.
 */
type Parse = (text: string, options?: ParseOptions, sink?: (record: unknown) => void) => Parsed<unknown>;

export interface FormatLoader {
  id: FormatId;
  /**
   * The format's parse. Where it needs no zod schema at run time (route -n, ifconfig, the iptables
   * listings…), from its parse module alone, so neither the schemas nor zod load for `parse route-n`.
   */
  parser(): Promise<Parse>;
}

/** A parser that needs the schemas at run time anyway (it validates JSON with them): its index's parse. */
function viaIndex(module: { parse(text: string, options?: ParseOptions): Parsed<unknown> }): Parse {
  return (text, options) => module.parse(text, options);
}

/**
 * Every format in the order detectFormat breaks ties (the registry's `formats`). Where a parse
 * module needs no zod, the loader imports it alone; a format whose parse takes options from the
 * command exports the mapping there (`parse…With`), which its index.ts uses too.
 */
export const formatLoaders: readonly FormatLoader[] = [
  {
    id: 'route-n',
    parser: async () => {
      const { parseRouteN } = await import('./route-n/parse');
      return (text, _options, sink) => parseRouteN(text, { sink });
    },
  },
  {
    id: 'ip-route',
    parser: async () => {
      const { parseIpRoute } = await import('./ip-route');
      return (text, _options, sink) => parseIpRoute(text, { sink });
    },
  },
  { id: 'ip-addr', parser: async () => viaIndex((await import('./ip-addr')).ipAddr) },
  { id: 'ip-link', parser: async () => viaIndex((await import('./ip-link')).ipLink) },
  {
    id: 'bridge-fdb',
    parser: async () => {
      const { parseBridgeFdb } = await import('./bridge-fdb');
      return (text, options, sink) => parseBridgeFdb(text, { dev: options?.['dev'], sink });
    },
  },
  {
    id: 'ip-neigh',
    parser: async () => {
      const { parseIpNeigh } = await import('./ip-neigh');
      return (text, options, sink) => parseIpNeigh(text, { dev: options?.['dev'], sink });
    },
  },
  { id: 'ip-rule', parser: async () => viaIndex((await import('./ip-rule')).ipRule) },
  {
    id: 'ifconfig',
    parser: async () => {
      const { parseIfconfig } = await import('./ifconfig/parse');
      return (text, _options, sink) => parseIfconfig(text, { sink });
    },
  },
  {
    id: 'iptables-save',
    parser: async () => {
      const { parseIptablesSave } = await import('./iptables-save/parse');
      return (text, _options, sink) => parseIptablesSave(text, { sink });
    },
  },
  {
    id: 'iptables-list-rules',
    parser: async () => (await import('./iptables-list-rules/parse')).parseIptablesListRulesWith,
  },
  {
    id: 'iptables-list',
    parser: async () => (await import('./iptables-list/parse')).parseIptablesListWith,
  },
  { id: 'nft-ruleset', parser: async () => viaIndex((await import('./nft-ruleset')).nftRuleset) },
  { id: 'kubectl-get', parser: async () => viaIndex((await import('./kubectl-get')).kubectlGet) },
  {
    id: 'flannel-log',
    parser: async () => {
      const { parseFlannelLog } = await import('./flannel-log/parse');
      return (text, _options, sink) => parseFlannelLog(text, { sink });
    },
  },
  {
    id: 'flannel-subnet-env',
    parser: async () => {
      const { parseFlannelSubnetEnv } = await import('./flannel-subnet-env/parse');
      return (text) => parseFlannelSubnetEnv(text);
    },
  },
  { id: 'etcdctl-get', parser: async () => viaIndex((await import('./etcdctl-get')).etcdctlGet) },
  {
    id: 'sysctl',
    parser: async () => {
      const { parseSysctl } = await import('./sysctl/parse');
      return (text, options) => parseSysctl(text, options);
    },
  },
  {
    id: 'ipvsadm',
    parser: async () => {
      const { parseIpvsadm } = await import('./ipvsadm/parse');
      return (text) => parseIpvsadm(text);
    },
  },
  {
    id: 'ipset',
    parser: async () => {
      const { parseIpset } = await import('./ipset/parse');
      return (text) => parseIpset(text);
    },
  },
];

export const formatIds: readonly FormatId[] = formatLoaders.map((loader) => loader.id);

const byId = new Map<string, FormatLoader>(formatLoaders.map((loader) => [loader.id, loader]));

/** detectFormat, loading only the sniff functions (./sniffers): no parser, no schema. */
export async function detectFormatLazily(text: string): Promise<Detection> {
  const { sniffers } = await import('./sniffers');
  return detectWith(sniffers, text);
}

/** parse, loading only the sniffers ("auto") and the one parser the text needs. */
export async function parseLazily(format: FormatId | 'auto' | (string & {}), text: string, options?: ParseOptions): Promise<Parsed<unknown>> {
  return parseLazilyStreaming(format, text, options, () => {});
}

/**
 * parseLazily, handing records to `sink` as they are read where the format allows (route -n, ip route
 * text, the iptables listings, bridge fdb and ip neigh text, ifconfig, flannel logs): `start(format)`
 * is called once, before any record. What the result still holds in `records` comes after every
 * record streamed.
 */
export async function parseLazilyStreaming(
  format: FormatId | 'auto' | (string & {}), text: string, options: ParseOptions | undefined,
  start: (format: string) => void, sink?: (record: unknown) => void,
): Promise<Parsed<unknown>> {
  const input = typeof text === 'string' ? text : String(text);
  const id = format === 'auto' ? (await detectFormatLazily(input)).format : format;
  const loader = id === null ? undefined : byId.get(id);
  const parse = loader ? await loader.parser() : undefined;
  start(loader?.id ?? id ?? 'unknown');
  return parseWith(loader && parse ? { id: loader.id, parse: (t, o) => parse(t, o, sink) } : undefined, id, formatIds, input, options);
}
