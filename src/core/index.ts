// The core room: shared contracts and arithmetic, browser-safe.
export { Span, SourceText, makeSpan } from './span';
export { Diagnostic, DiagnosticCode, Severity, unreachable } from './diagnostic';
export { Origin, Section, SectionFailure, failureMessage, Note, HostSections, Unattributed, Bundle } from './bundle';
export {
  parseIPv4, isIPv4, formatIPv4, prefixToMask, maskToPrefix, parseIPv6, isIPv6, formatAddressPort,
  ipv4InPrefix, parseIPv4Cidr, isHexColonAddress,
} from './ip';
export type { MaskInfo } from './ip';
export { parsePrefix4, formatPrefix4, prefixContains, prefixesOverlap, prefixWithin, prefixRange } from './prefix';
export type { Prefix4 } from './prefix';
export { groupBy } from './group';
export { append } from './append';
export { printable } from './printable';
export { decodeText, looksBinary, textEncodingOf, type TextEncodingName } from './text-bytes';
export { compareNatural } from './natural-order';
export { isHostName, safeHostName } from './host-name';
