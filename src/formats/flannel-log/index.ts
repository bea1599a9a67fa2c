// flanneld logs (klog lines bare, behind kubectl --timestamps, CRI log files, journald): what the registry sees.
import { defineFormat } from '../format';
import { parseFlannelLog } from './parse';
import { printFlannelLog } from './print';
import { FlannelLogEvent } from './schema';
import { sniffFlannelLog } from './sniff';

export const flannelLog = defineFormat<FlannelLogEvent>({
  id: 'flannel-log',
  title: 'flanneld log',
  commands: ['kubectl logs', 'kubectl logs --timestamps', 'journalctl -u flanneld', 'flanneld', 'crictl logs'],
  schema: FlannelLogEvent,
  parse: (text) => parseFlannelLog(text),
  sniff: sniffFlannelLog,
  print: printFlannelLog,
});

export { parseFlannelLog, printFlannelLog, sniffFlannelLog, FlannelLogEvent };
export { FlannelLogSeverity, FlannelLogWrapping } from './schema';
