// net.ipv4.ip_forward = 0: the kernel routes no packet between interfaces. ip_forward writes every
// device's conf/<dev>/forwarding (net/ipv4/devinet.c devinet_sysctl_forward); the route input path
// tests the input device's (net/ipv4/route.c ip_route_input_slow: !IN_DEV_FORWARD → EHOSTUNREACH, and
// ip_error drops the packet without an ICMP error when forwarding is off). A flannel node forwards
// every pod packet between cni0 and flannel.1 (and NodePort traffic DNATed to pods elsewhere).
import { FLANNEL_DEVICE, forwardingOff, isOverlayNode, type Sysctl } from '../../../model';
import { sh } from '../../fix-commands';
import { defineRule } from '../rule';

const POD_DEVICES = [FLANNEL_DEVICE, 'cni0'] as const;

export const ipForwardDisabled = defineRule({
  meta: {
    id: 'kernel/ip-forward-disabled',
    title: 'IPv4 forwarding off on a node that forwards pod traffic',
    severity: 'error',
    messages: {
      disabled: '{host} does not forward IPv4 packets arriving on {devices} ({setting}): its pods and pods on other nodes cannot reach each other, and NodePorts DNATed here to pods on other nodes time out',
    },
  },
  *check(model) {
    for (const node of model.nodes.values()) {
      const devices = POD_DEVICES.filter((dev) => node.links.has(dev) || node.routes.entries.some((route) => route.dev === dev));
      if (devices.length === 0 && !isOverlayNode(node)) continue;
      const off: { device: string; setting: Sysctl }[] = [];
      for (const device of devices.length > 0 ? devices : [FLANNEL_DEVICE]) {
        const setting = forwardingOff(node, device);
        if (setting) off.push({ device, setting });
      }
      if (off.length === 0) continue;
      const settings = [...new Set(off.map((o) => o.setting))];
      yield {
        messageId: 'disabled', host: node.name,
        data: { host: node.name, devices: off.map((o) => o.device).join(', '), setting: settings.map((s) => `${s.key} = ${s.value}`).join(', ') },
        key: 'ip_forward',
        evidence: settings.map((s) => s.evidence),
        objects: { hosts: [node.name], interfaces: off.map((o) => o.device) },
        fix: [
          sh`sysctl -w net.ipv4.ip_forward=1`,
          sh`echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/99-kubernetes-ip-forward.conf`,
        ],
        explains: [`ip-forward:${node.name}`, `pod-forward:${node.name}`],
      };
    }
  },
});
