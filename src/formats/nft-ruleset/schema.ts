// Records of `nft list ruleset` / `nft -a list ruleset` text: one per block head, base-chain spec,
// set or map block, rule, closing brace and remark, each with the table (and chain) it sits in.
// Words per nft(8) (TABLES, CHAINS, SETS, MAPS, STATEMENTS) and nftables src/rule.c.
import { z } from 'zod';
import { Span } from '../../core';

export const NftFamily = z
  .enum(['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'])
  .meta({ id: 'nft-ruleset/family', title: 'An nftables address family' });
export type NftFamily = z.infer<typeof NftFamily>;

const handle = z.int().nonnegative().nullable().meta({ description: 'the "# handle N" nft -a prints; null without -a' });
const where = {
  family: NftFamily.nullable().meta({ description: 'family of the enclosing table; null outside any table' }),
  table: z.string().nullable(),
  chain: z.string().nullable().meta({ description: 'the enclosing chain, or null' }),
};

export const NftTable = z
  .object({ kind: z.literal('table'), ...where, handle, span: Span })
  .meta({ id: 'nft-ruleset/table', title: 'table <family> <name> {' });

export const NftChain = z
  .object({ kind: z.literal('chain'), ...where, handle, span: Span })
  .meta({ id: 'nft-ruleset/chain', title: 'chain <name> {; chain is the chain it opens' });

export const NftChainSpec = z
  .object({
    kind: z.literal('chain-spec'), ...where,
    type: z.string().meta({ description: 'filter, nat, route' }),
    hook: z.string().meta({ description: 'prerouting, input, forward, output, postrouting, ingress, egress' }),
    device: z.string().nullable().meta({ description: 'netdev chains: "device eth0"' }),
    priority: z.string().meta({ description: 'as printed: "dstnat", "-100", "dstnat - 10"' }),
    priorityValue: z.int().nullable().meta({ description: 'the number when the priority is printed as one; null for names' }),
    policy: z.string().nullable().meta({ description: 'accept or drop; null when not printed' }),
    span: Span,
  })
  .meta({ id: 'nft-ruleset/chain-spec', title: 'A base chain: type … hook … priority …; policy …;' });

export const NftSet = z
  .object({
    kind: z.enum(['set', 'map']), ...where,
    name: z.string(),
    keyword: z.enum(['type', 'typeof']).nullable().meta({ description: 'whether the key is given by type or typeof; null if no such line' }),
    type: z.string().nullable().meta({ description: 'the rest of the type/typeof line: "ipv4_addr . inet_proto . inet_service : verdict"' }),
    policy: z.string().nullable().meta({ description: 'the policy line: "memory" (nft prints none for the default, performance); null without one' }),
    size: z.int().nonnegative().nullable().meta({ description: 'the size line: the most elements the set holds (kube-proxy\'s affinity sets: 65535); null without one' }),
    flags: z.array(z.string()).meta({ description: 'the words of the flags line: "interval", "timeout"' }),
    statements: z.string().nullable().meta({ description: 'the statements line that each element gets, as printed ("counter"); null without one' }),
    autoMerge: z.boolean().meta({ description: 'whether the auto-merge line is printed' }),
    timeout: z.string().nullable().meta({ description: 'the default timeout of the elements as printed: "3h", "1d2h3m4s", "500ms"; null without one' }),
    timeoutSeconds: z.number().nonnegative().nullable().meta({ description: 'timeout in seconds (3h: 10800, 500ms: 0.5); null without one or when it is not a time nft prints' }),
    gcInterval: z.string().nullable().meta({ description: 'the gc-interval line as printed: "1m"; null without one' }),
    gcIntervalSeconds: z.number().nonnegative().nullable().meta({ description: 'gcInterval in seconds; null without one or when it is not a time nft prints' }),
    comment: z.string().nullable().meta({ description: 'the comment line, unquoted' }),
    elements: z.array(z.string()).nullable().meta({ description: 'each element as written ("10.96.0.1 . tcp . 443 : goto service-…"); null without an elements line' }),
    elementLines: z.array(z.int().positive()).meta({ description: 'how many elements nft printed on each line' }),
    handle,
    span: Span,
  })
  .meta({ id: 'nft-ruleset/set', title: 'A set or map block, from its head to the line before its "}"' });

export const NftVerdict = z
  .object({
    verdict: z.enum(['jump', 'goto', 'return', 'accept', 'drop']),
    target: z.string().nullable().meta({ description: 'the chain of jump/goto' }),
  })
  .meta({ id: 'nft-ruleset/verdict', title: 'The verdict a rule ends with' });

export const NftRule = z
  .object({
    kind: z.literal('rule'), ...where,
    text: z.string().meta({ description: 'the statements as printed, without indentation and "# handle N" (nft may print a leading or doubled blank)' }),
    counter: z.object({ packets: z.int().nonnegative(), bytes: z.int().nonnegative() }).nullable(),
    verdict: NftVerdict.nullable(),
    dnat: z.string().nullable().meta({ description: 'the address (and port) of "dnat to", as written: "10.244.2.6:9090"' }),
    comment: z.string().nullable().meta({ description: 'the rule\'s comment "…", unquoted' }),
    handle,
    span: Span,
  })
  .meta({ id: 'nft-ruleset/rule', title: 'One rule of a chain' });

export const NftClose = z
  .object({
    kind: z.literal('close'), ...where,
    closes: z.enum(['table', 'chain', 'set', 'map']),
    span: Span,
  })
  .meta({ id: 'nft-ruleset/close', title: 'The "}" that ends a table, chain, set or map' });

export const NftComment = z
  .object({
    kind: z.literal('comment'), ...where,
    form: z.enum(['warning', 'property']).meta({ description: 'warning: nft\'s "# Warning: …" line; property: a table or chain\'s comment "…" line' }),
    text: z.string().meta({ description: 'without "# " or quotes' }),
    span: Span,
  })
  .meta({ id: 'nft-ruleset/comment', title: 'A remark: nft\'s warning, or a table\'s or chain\'s comment' });

export const NftRecord = z
  .discriminatedUnion('kind', [NftTable, NftChain, NftChainSpec, NftSet, NftRule, NftClose, NftComment])
  .meta({ id: 'nft-ruleset/record', title: 'One record of nft list ruleset' });

export type NftTable = z.infer<typeof NftTable>;
export type NftChain = z.infer<typeof NftChain>;
export type NftChainSpec = z.infer<typeof NftChainSpec>;
export type NftSet = z.infer<typeof NftSet>;
export type NftVerdict = z.infer<typeof NftVerdict>;
export type NftRule = z.infer<typeof NftRule>;
export type NftClose = z.infer<typeof NftClose>;
export type NftComment = z.infer<typeof NftComment>;
export type NftRecord = z.infer<typeof NftRecord>;
