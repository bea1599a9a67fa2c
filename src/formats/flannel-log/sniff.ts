// How much a text looks like a flanneld log, from its first lines: klog headers, and flannel's
// own source files or messages in them.
import { firstLines } from '../format';

const KLOG = /[IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ ([\w.-]+\.go):\d+\] /;
const FLANNEL_FILES = new Set(['main.go', 'kube.go', 'vxlan.go', 'vxlan_network.go', 'hostgw.go', 'iptables.go', 'device.go', 'network.go', 'manager.go', 'udp.go', 'subnet.go', 'registry.go']);

export function sniffFlannelLog(text: string): number {
  const lines = firstLines(text, 8);
  let score = 0;
  for (const line of lines) {
    if (/flannel|vxlan|subnet lease|Subnet Manager/i.test(line) && KLOG.test(line)) return 0.95;
    const match = KLOG.exec(line);
    if (match) score = Math.max(score, FLANNEL_FILES.has(match[1] ?? '') ? 0.8 : 0.5);
  }
  return score;
}
