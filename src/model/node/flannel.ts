// What a node's flannel said about itself: its log events (flannel-log) and its subnet file
// (/run/flannel/subnet.env), and the flannel pod the log came from (kubectl logs … <pod>).
import type { FlannelLogEvent } from '../../formats/flannel-log/schema';
import type { FlannelSubnetEnvEntry } from '../../formats/flannel-subnet-env/schema';
import { cite, type Evidence, type ParsedSection } from '../evidence';

export interface FlannelEvent {
  event: FlannelLogEvent;
  evidence: Evidence;
}

export interface FlannelState {
  events: FlannelEvent[];
  subnetEnv: { entry: FlannelSubnetEnvEntry; evidence: Evidence }[];
  /** The flannel pod whose log was shown, when the command named it. */
  pod: { namespace: string | null; name: string } | null;
}

export function readFlannel(sources: readonly ParsedSection[]): FlannelState {
  const state: FlannelState = { events: [], subnetEnv: [], pod: null };
  // the same line shown twice (a log pasted again, partially) is one event
  const seen = new Set<string>();
  for (const source of sources) {
    if (source.section.format === 'flannel-log') {
      for (const event of source.records as FlannelLogEvent[]) {
        const key = `${event.time ?? ''}\u0000${event.message}`;
        if (event.time !== null && seen.has(key)) continue;
        seen.add(key);
        state.events.push({ event, evidence: cite(source, event.span) });
      }
      state.pod ??= flannelPod(source.section.command);
    } else if (source.section.format === 'flannel-subnet-env') {
      for (const entry of source.records as FlannelSubnetEnvEntry[]) state.subnetEnv.push({ entry, evidence: cite(source, entry.span) });
    }
  }
  return state;
}

/** "kubectl logs -f -nkube-system kube-flannel-ds-fvj6h" → { namespace: kube-system, name: kube-flannel-ds-fvj6h }. */
export function flannelPod(command: string | null): FlannelState['pod'] {
  if (!command) return null;
  const words = command.split(/\s+/);
  if (!words.includes('logs')) return null;
  let namespace: string | null = null;
  let name: string | null = null;
  for (let i = words.indexOf('logs') + 1; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === '-n' || word === '--namespace') namespace = words[++i] ?? null;
    else if (word.startsWith('--namespace=')) namespace = word.slice('--namespace='.length);
    else if (word.startsWith('-n') && word.length > 2 && !word.startsWith('--')) namespace = word.slice(2);
    else if (word === '-c' || word === '--container' || word === '--tail' || word === '--since') i++;
    else if (!word.startsWith('-') && word.includes('flannel')) name = word.replace(/^pods?\//, '');
  }
  return name ? { namespace, name } : null;
}
