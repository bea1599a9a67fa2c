// /run/flannel/subnet.env: what the registry sees.
import { defineFormat } from '../format';
import { parseFlannelSubnetEnv } from './parse';
import { printFlannelSubnetEnv } from './print';
import { FlannelSubnetEnvEntry } from './schema';
import { sniffFlannelSubnetEnv } from './sniff';

export const flannelSubnetEnv = defineFormat<FlannelSubnetEnvEntry>({
  id: 'flannel-subnet-env',
  title: '/run/flannel/subnet.env',
  commands: ['cat /run/flannel/subnet.env'],
  schema: FlannelSubnetEnvEntry,
  parse: (text) => parseFlannelSubnetEnv(text),
  sniff: sniffFlannelSubnetEnv,
  print: printFlannelSubnetEnv,
});

export { parseFlannelSubnetEnv, printFlannelSubnetEnv, sniffFlannelSubnetEnv, FlannelSubnetEnvEntry };
