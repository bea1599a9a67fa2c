// Writes records as ipvsadm 1.31 prints them (ipvsadm.c print_title, print_service_entry,
// print_largenum, print_conn, list_timeout), headers where the layout changes, so that parse(print(x))
// gives x back and property tests can make input.
import { HEADERS } from './lexer';
import type { IpvsadmConnection, IpvsadmDestination, IpvsadmEntry, IpvsadmLayout, IpvsadmService, IpvsCounters, IpvsServiceKey } from './schema';

const pad = (value: string | number | null, width: number): string => String(value ?? 0).padEnd(width);
const right = (value: string | number | null, width: number): string => String(value ?? 0).padStart(width);

/** print_largenum: in full below 10^8 (or exact), else divided down and suffixed K, M, G, T; width 9 either way. */
export function largeNumber(value: number | null, abbreviated: boolean): string {
  const n = value ?? 0;
  if (n < 1e8) return right(n, 9);
  if (!abbreviated) return ` ${n}`;
  if (n < 1e9) return `${right(Math.floor(n / 1e3), 8)}K`;
  if (n < 1e11) return `${right(Math.floor(n / 1e6), 8)}M`;
  if (n < 1e14) return `${right(Math.floor(n / 1e9), 8)}G`;
  return `${right(Math.floor(n / 1e12), 8)}T`;
}

function countersText(counters: IpvsCounters | null, abbreviated: boolean): string {
  const c = counters ?? { connections: 0, inPackets: 0, outPackets: 0, inBytes: 0, outBytes: 0 };
  return [c.connections, c.inPackets, c.outPackets, c.inBytes, c.outBytes].map((n) => largeNumber(n, abbreviated)).join('');
}

/** "%-4s %s" of the protocol and the name, IPv4 cut at 33 characters; "FWM  %d" [IPv6]. */
function serviceName(service: IpvsServiceKey, inet6: boolean): string {
  if (service.protocol === 'FWM') return `FWM  ${service.name}${inet6 ? ' IPv6' : ''}`;
  const name = `${service.protocol.padEnd(4)} ${service.name}`;
  return inet6 ? name : name.slice(0, 33);
}

const SWITCH: Record<IpvsServiceKey['protocol'], string> = { TCP: '-t', UDP: '-u', SCTP: '--sctp-service', FWM: '-f' };
const saveName = (service: IpvsServiceKey, inet6: boolean): string =>
  `${SWITCH[service.protocol]} ${service.name}${service.protocol === 'FWM' && inet6 ? ' -6' : ''}`;

function serviceLine(record: IpvsadmService): string {
  const inet6 = record.family === 'inet6';
  if (record.layout === 'save') {
    let line = `-A ${saveName(record, inet6)} -s ${record.scheduler ?? 'rr'}`;
    if (record.persistent !== null) line += ` -p ${record.persistent}`;
    if (record.netmask !== null) line += ` -M ${record.netmask}`;
    if (record.persistenceEngine !== null) line += ` --pe ${record.persistenceEngine}`;
    if (record.onePacket) line += ' -o';
    if (record.schedulerFlags.length > 0) line += ` -b ${record.schedulerFlags.join(',')}`;
    return line;
  }
  const name = serviceName(record, inet6);
  if (record.layout === 'stats') return name.padEnd(33) + countersText(record.stats, record.abbreviated);
  if (record.layout === 'rate') return name.padEnd(33) + countersText(record.rates, record.abbreviated);
  let line = `${name} ${record.scheduler ?? 'rr'}`;
  if (record.schedulerFlags.length > 0) line += ` (${record.schedulerFlags.join(',')})`;
  if (record.persistent !== null) {
    line += ` persistent ${record.persistent}`;
    if (record.netmask !== null) line += ` mask ${record.netmask}`;
    if (record.persistenceEngine !== null) line += ` pe ${record.persistenceEngine}`;
  }
  if (record.onePacket) line += ' ops';
  return line;
}

function destinationLine(record: IpvsadmDestination): string {
  const head = `  -> ${record.name.padEnd(28)}`;
  switch (record.layout) {
    case 'save': {
      const service = record.service ?? { protocol: 'TCP', name: record.name, address: null, port: null, fwmark: null, family: null };
      const line = `-a ${saveName(service, service.family === 'inet6')} -r ${record.name} ${record.forwardText ?? '-m'} -w ${record.weight ?? 0}`;
      return record.tunnel === null ? line : `${line} ${record.tunnel}`;
    }
    case 'stats': return head + countersText(record.stats, record.abbreviated);
    case 'rate': {
      const r = record.rates ?? { connections: 0, inPackets: 0, outPackets: 0, inBytes: 0, outBytes: 0 };
      return `${head} ${right(r.connections, 8)} ${right(r.inPackets, 8)} ${right(r.outPackets, 8)}${largeNumber(r.inBytes, record.abbreviated)}${largeNumber(r.outBytes, record.abbreviated)}`;
    }
    case 'thresholds':
      return `${head} ${pad(record.upperThreshold, 10)} ${pad(record.lowerThreshold, 10)} ${pad(record.activeConnections, 10)} ${pad(record.inactiveConnections, 10)}`;
    case 'persistent-conn':
      return `${head} ${pad(record.weight, 9)} ${pad(record.persistentConnections, 11)} ${pad(record.activeConnections, 10)} ${pad(record.inactiveConnections, 10)}`;
    case 'tun-info':
      return `${head} ${pad(record.forwardText ?? '(null)', 7)} ${pad(record.tunnel ?? 'n/a', 13)} ${pad(record.weight, 6)} ${pad(record.activeConnections, 10)} ${pad(record.inactiveConnections, 10)}`;
    case 'list':
      return `${head} ${pad(record.forwardText ?? '(null)', 7)} ${pad(record.weight, 6)} ${pad(record.activeConnections, 10)} ${pad(record.inactiveConnections, 10)}`;
  }
}

/** The two title lines of a layout (none for a save). */
function header(layout: IpvsadmLayout): string[] {
  const label = 'Prot LocalAddress:Port'.padEnd(33);
  const short = `  ${HEADERS.destinationShort}`;
  switch (layout) {
    case 'list': return [HEADERS.list, `  ${'-> RemoteAddress:Port'.padEnd(32)}Forward Weight ActiveConn InActConn`];
    case 'tun-info': return [HEADERS.list, `  ${'-> RemoteAddress:Port'.padEnd(32)}Forward TunnelInfo    Weight ActiveConn InActConn`];
    case 'stats': return [`${label} ${['Conns', 'InPkts', 'OutPkts', 'InBytes', 'OutBytes'].map((h) => right(h, 8)).join(' ')}`, short];
    case 'rate': return [`${label} ${['CPS', 'InPPS', 'OutPPS', 'InBPS', 'OutBPS'].map((h) => right(h, 8)).join(' ')}`, short];
    case 'thresholds': return [`${label} ${['Uthreshold', 'Lthreshold', 'ActiveConn', 'InActConn'].map((h) => pad(h, 10)).join(' ')}`, short];
    case 'persistent-conn': return [`${label} ${pad('Weight', 9)} ${pad('PersistConn', 11)} ${pad('ActiveConn', 10)} ${pad('InActConn', 10)}`, short];
    case 'save': return [];
  }
}

function connectionLine(record: IpvsadmConnection): string {
  const line = `${pad(record.protocol, 3)} ${pad(record.expire, 6)} ${pad(record.state, 11)} ${pad(record.source.name, 18)} ${pad(record.virtual.name, 18)} `;
  if (record.persistenceEngine === null) return line + record.destination.name;
  return `${line}${pad(record.destination.name, 18)} ${pad(record.persistenceEngine, 16)} ${record.persistenceData ?? ''}`;
}

export function printIpvsadm(records: readonly IpvsadmEntry[]): string {
  const lines: string[] = [];
  let layout: IpvsadmLayout | 'connection' | 'connection-pe' | null = null;
  for (const record of records) {
    switch (record.type) {
      case 'version':
        lines.push(`IP Virtual Server version ${record.version} (size=${record.size})`);
        layout = null;
        break;
      case 'service':
      case 'destination':
        if (record.layout !== layout) lines.push(...header(record.layout));
        layout = record.layout;
        lines.push(record.type === 'service' ? serviceLine(record) : destinationLine(record));
        break;
      case 'connection': {
        const wanted = record.persistenceEngine === null ? 'connection' : 'connection-pe';
        if (layout !== wanted) {
          lines.push(HEADERS.connectionTitle);
          lines.push(wanted === 'connection'
            ? `pro expire ${pad('state', 11)} ${pad('source', 18)} ${pad('virtual', 18)} destination`
            : `pro expire ${pad('state', 11)} ${pad('source', 18)} ${pad('virtual', 18)} ${pad('destination', 18)} ${pad('pe name', 16)} pe_data`);
        }
        layout = wanted;
        lines.push(connectionLine(record));
        break;
      }
      case 'timeout':
        lines.push(`Timeout (tcp tcpfin udp): ${record.tcp ?? 0} ${record.tcpFin ?? 0} ${record.udp ?? 0}`);
        break;
      case 'error':
        lines.push(record.message);
        break;
    }
  }
  return lines.map((line) => `${line}\n`).join('');
}
