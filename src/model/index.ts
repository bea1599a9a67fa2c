// The model room: what the parsed records say about a node, independent of the listing they came from.
export { RuleSet } from './netfilter/rule-set';
export type { ChainModel } from './netfilter/rule-set';
export { matchesOf, targetOf, PackedRule, PackedChain } from '../formats/shared/iptables/packed';
export type { MatchParts, TargetParts } from '../formats/shared/iptables/packed';
export { resolveService, isUndecidable } from './netfilter/resolve-service';
export type { ServiceQuery, ServiceBranch, ServiceOutcome, ServiceAffinity } from './netfilter/resolve-service';
export { resolveNodeService } from './netfilter/resolve-node-service';
export { WalkBudget, MAX_RULE_VISITS } from './netfilter/walk-budget';
export { resolveKubeProxyNft, kubeProxyTable, KUBE_PROXY_TABLE } from './netfilter/resolve-kube-proxy-nft';
export { NftRuleSet, priorityNumber } from './netfilter/nft-rule-set';
export type { NftRuleModel, NftChainModel, NftTableModel, NftBaseChain } from './netfilter/nft-rule-set';
export { iptablesFromNft, iptablesRuleFromNft, isIptablesTable, IPTABLES_TABLES } from './netfilter/nft-iptables';
export type { NftAsIptables } from './netfilter/nft-iptables';
export { parseNftStatements } from './netfilter/nft-statements';
export type { NftStatement, NftValue } from './netfilter/nft-statements';
export { Evidence, cite, citeAbsence, citeFailure, asInferred, inputSpan } from './evidence';
export type { ParsedSection } from './evidence';
export { buildModel } from './build';
export type { Model } from './build';
export { VXLAN_KERNEL_PORT, buildCluster, leaseContaining, leaseOf, bestClaim, nodeOfVtep, nodesByClaim, ownClaims, ownVtepMac, ownUnderlay } from './cluster';
export type { Cluster, ClusterNode, Claim, Lease, PeerSubnet, Pod, Service, ClusterConflict, FlannelConfig } from './cluster';
export { findRoute, sameLookup } from './find-route';
export { compareKernelLookup, kernelAnswer } from './kernel-lookup';
export type { RouteLookup, RouteLookupNotes } from './find-route';
export type { NodeSnapshot } from './node/snapshot';
export type { Link, LinkKind, Address, Route, RouteType, Neighbor, FdbEntry, Listing, Table, TableChange, KernelLookup } from './node/facts';
export { coversDevice } from './node/table';
export type { NodeNetfilter } from './node/netfilter';
export { citeRule } from './node/netfilter';
export type { FlannelState, FlannelEvent } from './node/flannel';
export { sysctlKey, sysctlNumber, sysctlAbsence, forwardingOff, effectiveRpFilter } from './node/sysctl';
export type { Sysctl } from './node/sysctl';
export { overlayNodes, isOverlayNode, isOverlayMember, FLANNEL_VXLAN, flannelVxlanDevice, vniOf, unrecoveredLeaseFailure, FLANNEL_DEVICE } from './queries';
// prefix arithmetic, for rules (which import only the model)
export { parsePrefix4, formatPrefix4, prefixContains, prefixesOverlap, prefixWithin, prefixRange, parseIPv4 } from '../core';
export type { Prefix4 } from '../core';
export type { IptablesRule, IptablesRecord } from '../formats/shared/iptables/schema';
export { evaluateFilter, evaluateForward } from './netfilter/forward';
export { evaluateMangle } from './netfilter/mangle';
export { evaluateSourceNat } from './netfilter/source-nat';
export type { SourceNat } from './netfilter/source-nat';
export type { MangleResult } from './netfilter/mangle';
export type { ForwardPacket, ForwardVerdict } from './netfilter/forward';
export {
  proxiedServices, servicePortName, kubectlEndpoints, podAddresses, podListings, citePodAbsence, podNetwork, inPrefix, requestedTargets,
} from './services';
export type { ProxiedService, ProxiedEndpoint, ServiceVerdictRule, KubectlEndpointSet, PodAddress, RequestedTarget } from './services';
