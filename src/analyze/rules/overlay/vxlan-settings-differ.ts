// flannel's vxlan backend makes one device per node, flannel.<VNI>, with the VNI and UDP port of the
// network config (net-conf.json Backend VNI, Port; 1 and the kernel's 8472 by default). A node sends
// to its peers' port with its own VNI and takes only frames of its own VNI on its own port: a node
// whose VNI or port differs (a device left from an older config, a Windows node's 4096/4789 next to
// Linux defaults) exchanges no pod traffic with the others, silently.
import type { Evidence, NodeSnapshot } from '../../../model';
import { flannelVxlanDevice, vniOf, VXLAN_KERNEL_PORT as KERNEL_DEFAULT_PORT } from '../../../model';
import { flannelRestart, sh } from '../../fix-commands';
import { MAX_OTHERS, namedList } from '../../bounded';
import { defineRule } from '../rule';

interface VxlanSettings {
  host: string;
  device: string;
  vni: number;
  /** null: not shown (ip link without -d) */
  port: number | null;
  evidence: Evidence;
}

/** A node's vxlan settings: its flannel.<VNI> device as ip -d link shows it, else its flannel log's backend config. */
function settingsOf(node: NodeSnapshot): VxlanSettings | null {
  const device = flannelVxlanDevice(node);
  const shown = device ? vniOf(device) : null;
  if (device && shown !== null) return { host: node.name, device: device.name, vni: shown, port: device.vxlan?.port ?? null, evidence: device.evidence[0]! };
  const logged = node.flannel.events.filter((e) => e.event.event === 'vxlan-config').at(-1);
  if (logged?.event.event !== 'vxlan-config') return null;
  const { vni, port } = logged.event;
  return { host: node.name, device: `flannel.${vni}`, vni, port: port === 0 ? KERNEL_DEFAULT_PORT : port, evidence: logged.evidence };
}

/** The most common value, or null on a tie at the top (no majority to hold the others against). */
function majority(values: readonly number[]): number | null {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  if (sorted.length === 0) return null;
  if (sorted.length > 1 && sorted[0]![1] === sorted[1]![1]) return null;
  return sorted[0]![0];
}

export const vxlanSettingsDiffer = defineRule({
  meta: {
    id: 'overlay/vxlan-settings-differ',
    title: "Nodes' flannel vxlan devices differ in VNI or UDP port",
    severity: 'error',
    messages: {
      vni: "{host}'s {device} has VNI {vni} where {others} use VNI {common}: neither side takes the other's vxlan frames",
      port: "{host}'s {device} uses UDP port {port} where {others} use {common}: its frames go to a port its peers do not listen on, and theirs to one it does not",
      split: 'the nodes are split on vxlan {setting}: {groups}; no two groups exchange pod traffic',
      config: "{host}'s {device} has vxlan {setting} {value} where flannel's config ({config}) sets {expected}: it exchanges no pod traffic with the nodes that follow the config",
      pending: "every node's flannel device has vxlan {setting} {value}, but flannel's config ({config}) sets {expected}: the next flannel restart on any node cuts it off from the others",
    },
  },
  *check(model) {
    const all = [...model.nodes.values()].map(settingsOf).filter((s): s is VxlanSettings => s !== null);
    const config = model.cluster.flannelConfig;
    const where = config?.where ?? '';
    for (const setting of ['vni', 'port'] as const) {
      const known = all.filter((s) => s[setting] !== null);
      const values = known.map((s) => s[setting] as number);
      const label = setting === 'vni' ? 'VNI' : 'UDP port';
      const expected = config?.[setting] ?? null;
      if (expected !== null && known.length > 0) {
        const differ = known.filter((s) => s[setting] !== expected);
        if (differ.length === 0) continue;
        if (differ.length === known.length && new Set(values).size === 1) {
          // all alike, all unlike the config: nothing is cut off yet
          yield {
            messageId: 'pending' as const, host: null, severity: 'warning' as const,
            data: { setting: label, value: values[0]!, expected, config: where }, key: `${setting} config`,
            evidence: [...config!.evidence, ...known.slice(0, 2).map((s) => s.evidence)],
            objects: { interfaces: [...new Set(known.map((s) => s.device))], hosts: known.map((s) => s.host) },
            fix: [sh`${config!.where.startsWith('etcd') ? sh`etcdctl get ${config!.name}` : sh`kubectl -n ${config!.namespace ?? 'kube-flannel'} edit configmap ${config!.name}`}   # set Backend.${setting === 'vni' ? 'VNI' : 'Port'} back to ${values[0]!}, or restart flannel on every node at once`],
            explains: [],
          };
          continue;
        }
        for (const odd of differ) {
          yield {
            messageId: 'config' as const, host: odd.host,
            data: { host: odd.host, device: odd.device, setting: label, value: odd[setting] as number, expected, config: where },
            key: `${odd.device} ${setting}`,
            evidence: [odd.evidence, ...config!.evidence],
            objects: { interfaces: [odd.device], hosts: [odd.host] },
            fix: [sh`ip link delete ${odd.device}`, flannelRestart(model.nodes.get(odd.host)!)],
            explains: [`vxlan-${setting}:${odd.host}`],
          };
        }
        continue;
      }
      if (known.length < 2 || new Set(values).size < 2) continue;
      const common = majority(values);
      const netConf = sh`kubectl -n kube-flannel get configmap kube-flannel-cfg -o jsonpath='{.data.net-conf\\.json}'`;
      if (common === null) {
        const groups = [...new Set(values)].sort((a, b) => a - b)
          .map((value) => `${setting === 'vni' ? 'VNI' : 'port'} ${value} on ${known.filter((s) => s[setting] === value).map((s) => s.host).join(', ')}`);
        yield {
          messageId: 'split' as const, host: null,
          data: { setting: setting === 'vni' ? 'VNI' : 'UDP port', groups: groups.join('; ') }, key: setting,
          evidence: known.map((s) => s.evidence),
          objects: { interfaces: [...new Set(known.map((s) => s.device))], hosts: known.map((s) => s.host) },
          // which side is right is net-conf's to say: read it, then recreate the devices that differ
          fix: [netConf, ...known.flatMap((s) => [sh`ip link delete ${s.device}   # on ${s.host}, if it differs from net-conf.json`, flannelRestart(model.nodes.get(s.host)!)])],
          explains: [`vxlan-${setting}`],
        };
        continue;
      }
      const majorityHosts = known.filter((s) => s[setting] === common);
      for (const odd of known.filter((s) => s[setting] !== common)) {
        const others = majorityHosts.map((s) => s.host);
        yield {
          messageId: setting, host: odd.host,
          data: {
            host: odd.host, device: odd.device, [setting]: odd[setting] as number, common,
            others: namedList(others),
          },
          key: `${odd.device} ${setting}`,
          evidence: [odd.evidence, ...majorityHosts.slice(0, 2).map((s) => s.evidence)],
          objects: { interfaces: [odd.device], hosts: [odd.host, ...others.slice(0, MAX_OTHERS)] },
          fix: [netConf, sh`ip link delete ${odd.device}`, flannelRestart(model.nodes.get(odd.host)!)],
          explains: [`vxlan-${setting}:${odd.host}`],
        };
      }
    }
  },
});
