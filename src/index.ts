// netsift's public API, browser-safe: it imports nothing from node:.
export { Span, SourceText, Diagnostic, DiagnosticCode, Severity } from './core';
export { parseIPv4, formatIPv4, prefixToMask, maskToPrefix, parseIPv6, parseIPv4Cidr, ipv4InPrefix } from './core';
export type { FormatId, FormatModule, ParseOptions, Parsed } from './formats/format';
export { FORMAT_IDS } from './formats/format';
export { parse, detectFormat, getFormat, formats } from './formats/registry';
export { MAX_LINE_LENGTH } from './formats/engine/unit-reader';
export type { Detection } from './formats/registry';
export { packParsed, unpackParsed } from './formats/transfer';
export type { PackedParse } from './formats/transfer';
export { parseRouteN, printRouteN, RouteNEntry, RouteNEntryV4, RouteNEntryV6, RouteNFlag } from './formats/route-n';
export { parseBridgeFdb, printBridgeFdb, BridgeFdbEntry, BridgeFdbFlag } from './formats/bridge-fdb';
export { parseIpNeigh, printIpNeigh, IpNeighEntry, NudState, NeighFlag } from './formats/ip-neigh';
export { parseIpRule, printIpRule, IpRuleEntry, IpRuleAction } from './formats/ip-rule';
export { parseIfconfig, printIfconfig, IfconfigInterface, IfconfigAddress, IfconfigFlag } from './formats/ifconfig';
export { parseIpRoute, printIpRoute, IpRouteEntry, IpRouteType, IpRouteFlag, IpRouteNexthop } from './formats/ip-route';
export type { IpRoute } from './formats/ip-route';
export { parseIpAddr, printIpAddr, IpAddrInterface, IpAddrAddress, IpAddrLifetime } from './formats/ip-addr';
export { parseIpLink, printIpLink, IpLinkInterface, IpLinkStats, IpLinkVxlan } from './formats/ip-link';
export { parseFlannelLog, printFlannelLog, FlannelLogEvent, FlannelLogSeverity, FlannelLogWrapping } from './formats/flannel-log';
export { parseFlannelSubnetEnv, printFlannelSubnetEnv, FlannelSubnetEnvEntry } from './formats/flannel-subnet-env';
export { parseIptablesList, printIptablesList, listFormatOf } from './formats/iptables-list';
export type { ListFormat } from './formats/iptables-list';
export { IptablesRecord, IptablesRule, IptablesChain, IptablesMeta, IptablesMatch, IptablesTarget, TypedMatch, TypedTarget } from './formats/shared/iptables/schema';
export { parseIptablesSave, printIptablesSave } from './formats/iptables-save';
export { parseIptablesListRules, printIptablesListRules } from './formats/iptables-list-rules';
export { RuleSet, resolveService, resolveNodeService, resolveKubeProxyNft, proxiedServices, WalkBudget, MAX_RULE_VISITS, PackedRule, PackedChain, targetOf, matchesOf } from './model';
export type { ChainModel, MatchParts, TargetParts, ServiceQuery, ServiceBranch, ServiceOutcome, ServiceAffinity, ProxiedService, ProxiedEndpoint, ServiceVerdictRule } from './model';
export { ingest, readCommand, findPrompts, Bundle, Section, SectionFailure, Note, HostSections, Unattributed, Origin } from './ingest';
export type { IngestInput, IngestOptions, TranscriptInput, CommandMatch, Prompt, PromptStyle } from './ingest';
export { parseNftRuleset, printNftRuleset, NftRecord } from './formats/nft-ruleset';
export { parseKubectlGet, printKubectlGet, KubectlGetRow, KubectlService, KubectlPod, KubectlNode, KubectlEndpoints } from './formats/kubectl-get';
export {
  KubernetesNodeObject, KubernetesPodObject, KubernetesServiceObject, KubernetesEndpointsObject, KubernetesServicePort, KubernetesEndpointAddress,
  FlannelNodeAnnotations, FlannelNetConfObject, FlannelBackendConfig,
} from './formats/shared/kubernetes/schema';
export { parseEtcdctlGet, printEtcdctlGet, printEtcdctlGetSimple, EtcdctlGetRecord, FlannelSubnetLease } from './formats/etcdctl-get';
export { parseSysctl, printSysctl, SysctlEntry } from './formats/sysctl';
export { buildModel, findRoute } from './model';
export type { Model, NodeSnapshot, Cluster, Lease, Route, FlannelConfig } from './model';
export { Finding, FindingRole, FindingObjects } from './analyze/finding';
export { runRules } from './analyze/run';
export { rules } from './analyze/rules';
export { defineRule } from './analyze/rules/rule';
export type { Rule, RuleMeta, RuleFinding } from './analyze/rules/rule';
export { trace, Trace, TraceBranch, TraceHop, TraceStep, Disposition } from './analyze/trace';
export type { TraceQuery, TraceOptions } from './analyze/trace';
export { diagnose, curlTargets, Report, renderText, renderTextLines, renderMarkdown, renderMarkdownLines, renderMermaid, VERSION } from './report';
export type { DiagnoseOptions, Paint, Style } from './report';
