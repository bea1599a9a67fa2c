// ip link (iproute2, BusyBox; text, -d, -s, -o, -br, -j): what the registry sees.
import { defineFormat } from '../format';
import { parseIpLink } from './parse';
import { printIpLink } from './print';
import { IpLinkInterface } from './schema';
import { sniffIpLink } from './sniff';

export const ipLink = defineFormat<IpLinkInterface>({
  id: 'ip-link',
  title: 'ip link',
  commands: ['ip link', 'ip link show', 'ip -d link', 'ip -s link', 'ip -s -d link', 'ip -s -s link', 'ip -o link', 'ip -br link', 'ip -j link', 'ip -d -j link', 'ip -d -s -s -j link', 'busybox ip link'],
  schema: IpLinkInterface,
  parse: (text) => parseIpLink(text),
  sniff: sniffIpLink,
  print: printIpLink,
});

export { parseIpLink, printIpLink, sniffIpLink, IpLinkInterface };
export { IpLinkLinkInfo, IpLinkStats, IpLinkVxlan } from './schema';
