// ifconfig (net-tools 2.x and 1.60, BusyBox, ifconfig -s): what the registry sees.
import { defineFormat } from '../format';
import { parseIfconfig } from './parse';
import { printIfconfig } from './print';
import { IfconfigInterface } from './schema';
import { sniffIfconfig } from './sniff';

export const ifconfig = defineFormat<IfconfigInterface>({
  id: 'ifconfig',
  title: 'ifconfig',
  commands: ['ifconfig', 'ifconfig -a', 'ifconfig -v -a', 'ifconfig <interface>', 'ifconfig -s', 'ifconfig -a -s', 'busybox ifconfig', 'busybox ifconfig -a'],
  schema: IfconfigInterface,
  parse: (text) => parseIfconfig(text),
  sniff: sniffIfconfig,
  print: printIfconfig,
});

export { parseIfconfig, printIfconfig, sniffIfconfig, IfconfigInterface };
export { IfconfigAddress, IfconfigDevice, IfconfigFlag, IfconfigInet, IfconfigInet6, IfconfigLayout, IfconfigRx, IfconfigTx } from './schema';
