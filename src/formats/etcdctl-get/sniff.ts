// How much a text looks like etcdctl get output, from its first lines: a Kubernetes or flannel
// key alone on a line (or first in a flattened paste), a -w json response, a stored value.
import { firstLines } from '../format';

export function sniffEtcdctlGet(text: string): number {
  if (/^\s*\{\s*"header"\s*:\s*\{\s*"cluster_id"/.test(text.slice(0, 200))) return 0.95;
  for (const line of firstLines(text, 6)) {
    const trimmed = line.trimStart();
    if (/^\/registry\/minions\/[^/\s]+(?:\s|$)/.test(trimmed)) return 0.95;
    if (/^\/[\w.-]+\/network\/subnets\/\d{1,3}(?:\.\d{1,3}){3}-\d{1,2}(?:\s|$)/.test(trimmed)) return 0.95;
    if (trimmed.startsWith('k8s\u0000')) return 0.6;
    if (/^\{"PublicIP":"[\d.]+"/.test(trimmed)) return 0.6;
  }
  return 0;
}
