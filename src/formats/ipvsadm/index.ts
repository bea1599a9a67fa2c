// ipvsadm (kube-proxy's IPVS mode): what the registry sees.
import { defineFormat } from '../format';
import { parseIpvsadm } from './parse';
import { printIpvsadm } from './print';
import { IpvsadmEntry } from './schema';
import { sniffIpvsadm } from './sniff';

export const ipvsadm = defineFormat<IpvsadmEntry>({
  id: 'ipvsadm',
  title: 'ipvsadm (IPVS virtual services; kube-proxy IPVS mode)',
  commands: [
    'ipvsadm -Ln', 'ipvsadm -L', 'ipvsadm -Ln --stats', 'ipvsadm -Ln --rate', 'ipvsadm -Ln --exact --stats', 'ipvsadm -Ln --thresholds',
    'ipvsadm -Ln --persistent-conn', 'ipvsadm -Ln --tun-info', 'ipvsadm -Ln -t VIP:PORT', 'ipvsadm -Lnc', 'ipvsadm -Ln --timeout',
    'ipvsadm -Sn', 'ipvsadm-save -n',
  ],
  schema: IpvsadmEntry,
  parse: (text) => parseIpvsadm(text),
  sniff: sniffIpvsadm,
  print: printIpvsadm,
});

export { parseIpvsadm, printIpvsadm, sniffIpvsadm, IpvsadmEntry };
