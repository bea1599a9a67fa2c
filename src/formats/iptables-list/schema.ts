// Records of iptables -L: the shared iptables rule model (chains and rules; -L has no meta lines).
export { IptablesRecord, IptablesRule, IptablesChain, IptablesMatch, IptablesTarget } from '../shared/iptables/schema';
