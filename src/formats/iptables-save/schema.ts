// Records of iptables-save: the rule model every iptables listing shares
// (src/formats/shared/iptables/schema.ts): rules, chains and meta lines (tables, COMMIT, comments).
export { IptablesRecord, IptablesRule, IptablesChain, IptablesMeta } from '../shared/iptables/schema';
