// A node's kernel settings (sysctl, /proc/sys) as its outputs show them: each key's last shown value
// with the line that shows it, and where a key is shown to be absent: sysctl's "cannot stat" /
// "unknown key" warning for it, or a whole `sysctl -a` listing (sos's kernel plugin runs one)
// without it. Keys are spelt as procps sysctl prints them (net.ipv4.conf.flannel/1.rp_filter).
import type { SysctlEntry } from '../../formats/sysctl/schema';
import { keyFromProcPath, sysctlKey } from '../../formats/sysctl/keys';
import { cite, citeAbsence, citeFailure, type Evidence, type ParsedSection } from '../evidence';
import type { NodeSnapshot } from './snapshot';

export { sysctlKey };

export interface Sysctl {
  key: string;
  /** As printed. */
  value: string;
  /** The value's integers, when it is only integers. */
  numeric: number[] | null;
  evidence: Evidence;
  /** Which of the node's outputs shows it (0 for the first): a later output shows a later state. */
  output: number;
}

/** Every key shown, by key; a later output of the same key (after `sysctl -w`) replaces an earlier one. */
export function readSysctls(sources: readonly ParsedSection[]): Map<string, Sysctl> {
  const sysctls = new Map<string, Sysctl>();
  sources.forEach((source, output) => {
    if (source.section.format !== 'sysctl') return;
    for (const record of source.records as SysctlEntry[]) {
      if (record.type !== 'setting') continue;
      sysctls.set(record.key, { key: record.key, value: record.value, numeric: record.numeric ?? null, evidence: cite(source, record.span), output });
    }
  });
  return sysctls;
}

/** The single integer a key holds, with its evidence; null when it is not shown or not one integer. */
export function sysctlNumber(node: NodeSnapshot, key: string): { value: number; evidence: Evidence; output: number } | null {
  const sysctl = node.sysctls.get(key);
  const value = sysctl?.numeric?.length === 1 ? sysctl.numeric[0] : undefined;
  return sysctl && value !== undefined ? { value, evidence: sysctl.evidence, output: sysctl.output } : null;
}

/**
 * The keys a sysctl section lists completely: every key for `sysctl -a` (not partial: no "| grep",
 * no elision), the keys starting with a literal prefix for `sysctl -a --pattern '^net\.'`; null for any
 * other output. A pattern that is more than an anchored literal is not evaluated (it comes from the input).
 */
function listedPrefix(source: ParsedSection): string | null {
  const options = source.section.options;
  if (source.section.format !== 'sysctl' || source.section.partial || options?.listing !== 'all') return null;
  const pattern = options.pattern;
  if (pattern === undefined) return '';
  const literal = /^\^((?:[\w/-]|\\\.)+)$/.exec(pattern);
  return literal?.[1] ? literal[1].replace(/\\\./g, '.') : null;
}

/**
 * Evidence that a key does not exist on the node: sysctl's own warning for it ("cannot stat
 * /proc/sys/…", "… is an unknown key"), cat's for its /proc/sys file ("No such file or directory"), or a
 * complete `sysctl -a` listing without it. Null when no
 * output shows either (or the key is shown).
 */
export function sysctlAbsence(node: NodeSnapshot, key: string): Evidence | null {
  if (node.sysctls.has(key)) return null;
  for (const source of node.sections) {
    if (source.section.format !== 'sysctl') continue;
    for (const record of source.records as SysctlEntry[]) {
      if (record.type === 'error' && record.key === key && (record.error === 'cannot-stat' || record.error === 'unknown-key')) return cite(source, record.span);
    }
    // `cat /proc/sys/net/bridge/bridge-nf-call-iptables` → "cat: …: No such file or directory" (ingest's failure)
    const failure = source.section.failure;
    if (failure?.kind === 'no-file' && failure.subject !== null && keyFromProcPath(failure.subject) === key) return citeFailure(source);
  }
  for (const source of node.sections) {
    const prefix = listedPrefix(source);
    if (prefix !== null && key.startsWith(prefix) && source.records.length > 0) return citeAbsence(source, key);
  }
  return null;
}

/**
 * Whether the kernel forwards IPv4 packets that arrive on `inInterface` (any when null): ip_forward
 * writes every device's conf/<dev>/forwarding (devinet.c devinet_sysctl_forward), and the route input
 * path tests the input device's (route.c ip_route_input_slow: IN_DEV_FORWARD, else EHOSTUNREACH, which
 * ip_error drops silently). Gives the setting that turns forwarding off; null when on or not shown.
 */
export function forwardingOff(node: NodeSnapshot, inInterface: string | null): Sysctl | null {
  const number = (key: string): Sysctl | null => {
    const sysctl = node.sysctls.get(key);
    return sysctl?.numeric?.length === 1 ? sysctl : null;
  };
  const global = number('net.ipv4.ip_forward') ?? number('net.ipv4.conf.all.forwarding');
  const device = inInterface === null ? null : number(sysctlKey('net', 'ipv4', 'conf', inInterface, 'forwarding'));
  // the device's own key decides unless ip_forward was shown set later (writing it resets every device's)
  if (device && (!global || device.output >= global.output)) {
    if (device.numeric?.[0] !== 0) return null;
    return global?.numeric?.[0] === 0 ? global : device; // both off: ip_forward is what to name
  }
  return global?.numeric?.[0] === 0 ? global : null;
}

/**
 * Reverse-path filtering on a device as the kernel applies it: the larger of conf/all/rp_filter and
 * conf/<dev>/rp_filter (Documentation/networking/ip-sysctl.rst, rp_filter; fib_frontend.c
 * fib_validate_source). Null unless both are shown.
 */
export function effectiveRpFilter(node: NodeSnapshot, device: string): { value: number; all: Evidence; device: Evidence } | null {
  const all = sysctlNumber(node, 'net.ipv4.conf.all.rp_filter');
  const own = sysctlNumber(node, sysctlKey('net', 'ipv4', 'conf', device, 'rp_filter'));
  if (!all || !own) return null;
  return { value: Math.max(all.value, own.value), all: all.evidence, device: own.evidence };
}
