// How much a text looks like ipvsadm output, from its first lines.
import { firstLines } from '../format';

const STRONG = /^(?:IP Virtual Server version \d|Prot LocalAddress:Port |IPVS connection entries|pro expire state |Timeout \(tcp tcpfin udp\): |Can't initialize ipvs: )/;
// a name without -n may be cut before its colon (28 and 33 characters): a service names its scheduler, a server its method
const SERVICE = /^(?:TCP|UDP|SCTP) {1,2}[^\s:]+:\S* |^FWM {2}\d|^(?:TCP|UDP|SCTP) {1,2}\S{28} (?:rr|wrr|lc|wlc|lblc|lblcr|dh|sh|sed|nq|fo|ovf|mh|twos)\b/;
const SERVER = /^ {2}-> [^\s:]*:|^ {2}-> \S{28} (?:Masq|Route|Tunnel|Local) /;
const SAVE = /^-[Aa] (?:-t|-u|-f|--sctp-service) \S+ -[sr] /;

export function sniffIpvsadm(text: string): number {
  const lines = firstLines(text, 8);
  if (lines.length === 0) return 0;
  if (lines.some((line) => STRONG.test(line.trimStart()))) return 0.95;
  let hits = 0;
  for (const line of lines) if (SERVICE.test(line) || SERVER.test(line) || SAVE.test(line)) hits++;
  if (hits === 0) {
    // flattened: one line holding a service and its real servers
    const first = lines[0] ?? '';
    return first.includes(' -> ') && /(?:^|\s)(?:TCP|UDP) +\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}:\d+ /.test(first) ? 0.85 : 0;
  }
  return hits === lines.length ? 0.9 : Math.min(0.85, 0.4 + hits / lines.length / 2);
}
