// ip addr (iproute2, BusyBox; text, -d, -s, -o, -br, -j): what the registry sees.
import { defineFormat } from '../format';
import { parseIpAddr } from './parse';
import { printIpAddr } from './print';
import { IpAddrInterface } from './schema';
import { sniffIpAddr } from './sniff';

export const ipAddr = defineFormat<IpAddrInterface>({
  id: 'ip-addr',
  title: 'ip addr',
  commands: ['ip addr', 'ip address show', 'ip addr show', 'ip a', 'ip -d address', 'ip -s addr', 'ip -o addr', 'ip -4 addr', 'ip -6 addr', 'ip -br addr', 'ip -j addr', 'ip -d -j addr', 'ip -j -p addr', 'busybox ip addr'],
  schema: IpAddrInterface,
  parse: (text) => parseIpAddr(text),
  sniff: sniffIpAddr,
  print: printIpAddr,
});

export { parseIpAddr, printIpAddr, sniffIpAddr, IpAddrInterface };
export { IpAddrAddress, IpAddrLifetime, IpAddrLinkInfo, IpAddrStats, IpAddrVxlan } from './schema';
