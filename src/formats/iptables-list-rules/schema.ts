// Records of iptables -S: the rule model every iptables listing shares
// (src/formats/shared/iptables/schema.ts): rules, chains (-P, -N) and iptables-nft warnings.
export { IptablesRecord, IptablesRule, IptablesChain, IptablesMeta } from '../shared/iptables/schema';
