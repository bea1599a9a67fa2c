// libnftables JSON as `nft -j list ruleset` prints it (libnftables-json(5): RULESET, OBJECTS,
// STATEMENTS, EXPRESSIONS; nftables src/json.c): the `nftables` array of metainfo, table, chain,
// rule, set, map and element objects, and the statement and expression objects of rules and sets.
// Nested expressions are checked where they are read (json-render.ts), one object at a time, so one
// odd expression costs one diagnostic and the schemas below stay shallow.
import { z } from 'zod';

/** Any JSON value: a nested expression, checked against its own schema when it is rendered. */
const nested = z.unknown();
const names = z.union([z.string(), z.array(z.string())]);

export const NftJsonMetainfo = z
  .object({ version: z.string().optional(), release_name: z.string().optional(), json_schema_version: z.int().optional() })
  .meta({ id: 'nft-json/metainfo', title: '{"metainfo": …}: the nft version that wrote the JSON' });

export const NftJsonTable = z
  .object({
    family: z.string(), name: z.string(), handle: z.int().nonnegative().optional(),
    comment: z.string().optional(), flags: names.optional(),
  })
  .meta({ id: 'nft-json/table', title: '{"table": …}' });

export const NftJsonChain = z
  .object({
    family: z.string(), table: z.string(), name: z.string(), handle: z.int().nonnegative().optional(),
    type: z.string().optional(), hook: z.string().optional(),
    prio: z.union([z.int(), z.string()]).optional().meta({ description: 'a number (nft -j prints -110 where the text says "dstnat - 10")' }),
    dev: names.optional(), policy: z.string().optional(), comment: z.string().optional(),
  })
  .meta({ id: 'nft-json/chain', title: '{"chain": …}: a regular chain, or a base chain with type, hook, prio and policy' });

export const NftJsonRule = z
  .object({
    family: z.string(), table: z.string(), chain: z.string(), handle: z.int().nonnegative().optional(),
    index: z.int().optional(), comment: z.string().optional(),
    expr: z.array(nested).meta({ description: 'the statements, in order' }),
  })
  .meta({ id: 'nft-json/rule', title: '{"rule": …}' });

export const NftJsonSet = z
  .object({
    family: z.string(), table: z.string(), name: z.string(), handle: z.int().nonnegative().optional(),
    type: names.meta({ description: 'a datatype name, or the names of a concatenation' }),
    map: names.optional().meta({ description: 'maps: the type of the values ("verdict")' }),
    flags: names.optional(), comment: z.string().optional(),
    elem: z.array(nested).optional().meta({ description: 'values; for maps [key, value] pairs' }),
    policy: z.string().optional(), timeout: z.number().nonnegative().optional().meta({ description: 'seconds' }),
    'gc-interval': z.number().nonnegative().optional().meta({ description: 'seconds' }),
    size: z.int().nonnegative().optional(), 'auto-merge': z.boolean().optional(), stmt: z.array(nested).optional(),
  })
  .meta({ id: 'nft-json/set', title: '{"set": …} or {"map": …}' });

export const NftJsonElement = z
  .object({ family: z.string(), table: z.string(), name: z.string(), elem: z.array(nested) })
  .meta({ id: 'nft-json/element', title: '{"element": …}: elements of a set or map listed apart from it' });

/** The document: `{"nftables": [ … ]}`. */
export const NftJsonDocument = z
  .object({ nftables: z.array(z.record(z.string(), nested)) })
  .meta({ id: 'nft-json/document', title: 'nft -j output: {"nftables": [ {"metainfo": …}, {"table": …}, … ]}' });

/** Top-level objects netsift reads into records, by their one key. */
export const NFT_JSON_OBJECTS = new Map<string, z.ZodType>([
  ['metainfo', NftJsonMetainfo], ['table', NftJsonTable], ['chain', NftJsonChain], ['rule', NftJsonRule],
  ['set', NftJsonSet], ['map', NftJsonSet], ['element', NftJsonElement],
]);

/** Top-level objects nft prints that no record holds yet (libnftables-json(5) RULESET). */
export const NFT_JSON_UNREAD_OBJECTS = new Set([
  'flowtable', 'counter', 'quota', 'ct helper', 'limit', 'ct timeout', 'ct expectation', 'secmark', 'synproxy',
]);

const verdictTarget = z.object({ target: z.string() });
const binary = z.tuple([nested, nested]);
const natFlags = names.optional();

/** Expressions: the shape of each object's value, by its one key (libnftables-json(5) EXPRESSIONS). */
export const NFT_JSON_EXPRESSIONS = new Map<string, z.ZodType>([
  ['payload', z.union([
    z.object({ protocol: z.string(), field: z.string() }),
    z.object({ base: z.string(), offset: z.int(), len: z.int() }),
  ])],
  ['meta', z.object({ key: z.string() })],
  ['ct', z.object({ key: z.string(), family: z.string().optional(), dir: z.string().optional() })],
  ['fib', z.object({ result: z.string(), flags: names.optional() })],
  ['numgen', z.object({ mode: z.string(), mod: z.int().positive(), offset: z.int().optional() })],
  ['rt', z.object({ key: z.string(), family: z.string().optional() })],
  ['concat', z.array(nested)],
  ['set', z.union([z.array(nested), z.string()])],
  ['prefix', z.object({ addr: nested, len: z.int().nonnegative() })],
  ['range', binary],
  ['&', binary], ['|', binary], ['^', binary], ['<<', binary], ['>>', binary],
  ['elem', z.object({
    val: nested, timeout: z.number().optional(), expires: z.number().optional(), comment: z.string().optional(),
    counter: z.object({ packets: z.number(), bytes: z.number() }).optional(),
  })],
  ['map', z.object({ key: nested, data: nested })],
  ['accept', z.null()], ['drop', z.null()], ['continue', z.null()], ['return', z.null()],
  ['jump', verdictTarget], ['goto', verdictTarget],
]);

/** Statements: the shape of each object's value, by its one key (libnftables-json(5) STATEMENTS). */
export const NFT_JSON_STATEMENTS = new Map<string, z.ZodType>([
  ['match', z.object({ op: z.enum(['==', '!=', '<', '>', '<=', '>=', 'in']), left: nested, right: nested })],
  ['counter', z.union([z.object({ packets: z.number().nonnegative(), bytes: z.number().nonnegative() }), z.string(), z.null()])],
  ['vmap', z.object({ key: nested, data: nested })],
  ['mangle', z.object({ key: nested, value: nested })],
  ['dnat', z.object({ addr: nested.optional(), port: nested.optional(), family: z.string().optional(), flags: natFlags })],
  ['snat', z.object({ addr: nested.optional(), port: nested.optional(), family: z.string().optional(), flags: natFlags })],
  ['masquerade', z.union([z.null(), z.object({ port: nested.optional(), flags: natFlags })])],
  ['redirect', z.union([z.null(), z.object({ port: nested.optional(), flags: natFlags })])],
  ['reject', z.union([z.null(), z.object({ type: z.string().optional(), expr: nested.optional() })])],
  ['log', z.union([z.null(), z.object({
    prefix: z.string().optional(), group: z.int().optional(), snaplen: z.int().optional(),
    'queue-threshold': z.int().optional(), level: z.string().optional(), flags: names.optional(),
  })])],
  ['limit', z.object({
    rate: z.number().nonnegative(), per: z.string().optional(), burst: z.number().nonnegative().optional(),
    rate_unit: z.string().optional(), burst_unit: z.string().optional(), inv: z.boolean().optional(),
  })],
  ['notrack', z.null()],
  ['xt', z.object({ type: z.string(), name: z.string() }).meta({ description: 'an iptables-nft match or target: nft -j gives its type and name, not its options' })],
  ['set', z.object({ op: z.string(), elem: nested, set: z.string() })],
  ['accept', z.null()], ['drop', z.null()], ['continue', z.null()], ['return', z.null()],
  ['jump', verdictTarget], ['goto', verdictTarget],
]);
