// netsift's public API, browser-safe: it imports nothing from node:.
export { Span, SourceText, Diagnostic, DiagnosticCode, Severity } from './core';
export { parseIPv4, formatIPv4, prefixToMask, maskToPrefix, parseIPv6, parseIPv4Cidr, ipv4InPrefix } from './core';
export type { FormatId, FormatModule, Parsed } from './formats/format';
export { FORMAT_IDS } from './formats/format';
export { parse, detectFormat, getFormat, formats } from './formats/registry';
export type { Detection } from './formats/registry';
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
