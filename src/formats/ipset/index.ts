// ipset (kube-proxy's IPVS mode, Calico, firewalld): what the registry sees.
import { defineFormat } from '../format';
import { parseIpset } from './parse';
import { printIpset } from './print';
import { IpsetEntry } from './schema';
import { sniffIpset } from './sniff';

export const ipset = defineFormat<IpsetEntry>({
  id: 'ipset',
  title: 'ipset (IP sets: kube-proxy\'s IPVS mode, Calico)',
  commands: ['ipset list', 'ipset -L', 'ipset list NAME', 'ipset list -t', 'ipset -o plain list', 'ipset list -o save', 'ipset save'],
  schema: IpsetEntry,
  parse: (text) => parseIpset(text),
  sniff: sniffIpset,
  print: printIpset,
});

export { parseIpset, printIpset, sniffIpset, IpsetEntry };
