// Records of flanneld logs: one per log line, a union on `event`. Every record carries the line's
// wrapping (kubectl --timestamps, CRI log file, journald), its klog header (k8s.io/klog) and the
// exact message; typed events add the fields flannel's format strings print (messages.ts).
import { z } from 'zod';
import { Span } from '../../core';

export const FlannelLogWrapping = z
  .enum(['klog', 'kubectl-timestamps', 'cri', 'journald'])
  .meta({
    id: 'flannel-log/wrapping',
    title: 'How the line was wrapped',
    description:
      'klog: the bare line (flanneld stderr, kubectl logs); kubectl-timestamps: kubectl logs --timestamps; ' +
      'cri: a CRI container log file (/var/log/pods/…); journald: journalctl short format',
  });

export const FlannelLogSeverity = z.enum(['info', 'warning', 'error', 'fatal']).meta({ id: 'flannel-log/severity', title: 'klog severity (I, W, E, F)' });

const base = {
  wrapping: FlannelLogWrapping,
  timestamp: z.string().nullable().meta({ description: 'as printed: RFC 3339 (kubectl --timestamps, CRI) or "Nov 24 08:01:02" (journald)' }),
  stream: z.enum(['stdout', 'stderr']).nullable().meta({ description: 'CRI log files only' }),
  criTag: z.enum(['F', 'P']).nullable().meta({ description: 'CRI log files: F a full line, P a partial one continued on the next' }),
  host: z.string().nullable().meta({ description: 'journald only' }),
  ident: z.string().nullable().meta({ description: 'journald: the syslog identifier (flanneld, sdnotify-proxy)' }),
  pid: z.int().nullable().meta({ description: 'journald: the pid in "ident[pid]:"' }),
  severity: FlannelLogSeverity.nullable().meta({ description: 'null when the line has no klog header (a journald line in another format)' }),
  month: z.int().min(1).max(12).nullable(),
  day: z.int().min(1).max(31).nullable(),
  time: z.string().nullable().meta({ description: 'hh:mm:ss.uuuuuu as printed; klog writes no year or zone' }),
  thread: z.int().nonnegative().nullable().meta({ description: 'the klog thread id (the pid in glog; "1" in a container)' }),
  file: z.string().nullable().meta({ description: 'the Go source file that logged ("vxlan_network.go")' }),
  line: z.int().nonnegative().nullable(),
  message: z.string().meta({ description: 'the message, exactly as printed' }),
  messageSpan: Span,
  span: Span,
};

const family = z.enum(['inet', 'inet6']);
const event = <E extends string, S extends z.ZodRawShape>(name: E, shape: S, title: string) =>
  z.object({ event: z.literal(name), ...base, ...shape }).meta({ id: `flannel-log/${name}`, title });

export const FlannelLogEvent = z
  .discriminatedUnion('event', [
    event('interface', { iface: z.string(), address: z.string() }, 'The interface flannel chose'),
    event('external-address', {
      address: z.string(),
      defaulted: z.boolean().meta({ description: 'true: defaulted to the interface address; false: --public-ip ("Using … as external address")' }),
    }, 'The public address of this node'),
    event('subnet-manager', { manager: z.string(), node: z.string().nullable().meta({ description: 'the node name of the Kubernetes subnet manager' }) }, 'The subnet manager flannel uses'),
    event('backend-type', { backend: z.string() }, 'The backend of the network config'),
    event('vxlan-config', {
      vni: z.int(), port: z.int().meta({ description: '0: the kernel default (8472)' }), gbp: z.boolean(),
      learning: z.boolean().nullable().meta({ description: 'null where the version does not print it' }),
      directRouting: z.boolean(), mtu: z.int().nullable(),
    }, 'The VXLAN backend config'),
    event('network-changed', { network: z.string(), subnet: z.string(), previousNetwork: z.string(), previousSubnet: z.string() }, 'The network or lease differs from the last subnet file'),
    event('lease-acquired', { subnet: z.string(), network: z.string().nullable().meta({ description: 'multi-network mode: the network name' }) }, 'The lease this node got'),
    event('node-lease', { family, podCidrs: z.array(z.string()) }, 'The Kubernetes subnet manager reads the node pod CIDRs'),
    event('subnet-file', { path: z.string() }, 'The subnet file written'),
    event('initial-subnet-events', {}, 'The backend reconciles the leases it finds at start'),
    event('subnet-added', { subnet: z.string(), publicIp: z.string().nullable() }, 'A peer lease appeared'),
    event('subnet-removed', { subnet: z.string(), publicIp: z.string().nullable() }, 'A peer lease disappeared'),
    event('vxlan-subnet-added', { family, subnet: z.string(), publicIp: z.string(), vtepMac: z.string() }, 'The vxlan backend adds a peer (route, ARP, FDB)'),
    event('vxlan-subnet-removed', { family, subnet: z.string(), publicIp: z.string(), vtepMac: z.string() }, 'The vxlan backend removes a peer'),
    event('route-add-failed', {
      route: z.enum(['vxlan', 'direct']).meta({ description: 'vxlan: the onlink route via the peer VTEP; direct: DirectRouting via the peer public IP' }),
      family, subnet: z.string(), gateway: z.string(), error: z.string().meta({ description: 'the errno text ("invalid argument")' }),
    }, 'The kernel refused the route to a peer subnet'),
    event('route-delete-failed', { route: z.enum(['vxlan', 'direct']), family, subnet: z.string(), gateway: z.string(), error: z.string() }, 'Deleting the route to a peer subnet failed'),
    event('vtep-entry-failed', {
      operation: z.enum(['add', 'delete']), table: z.enum(['arp', 'fdb']), family, error: z.string(),
    }, 'Adding or deleting a peer ARP or FDB entry failed'),
    event('register-network-failed', {
      error: z.string(), leaseError: z.string().nullable().meta({ description: 'the text after "failed to acquire lease: "' }),
      node: z.string().nullable().meta({ description: 'the node of "node \\"x\\" pod cidr not assigned"' }),
    }, 'The backend could not register the network'),
    event('lease-failed', { error: z.string(), node: z.string().nullable() }, 'No lease could be acquired'),
    event('iptables-failed', { error: z.string() }, 'flannel could not ensure its iptables rules'),
    event('default-interface-failed', { error: z.string() }, 'No default interface to choose'),
    event('shutdown', { stage: z.enum(['cancel-signal', 'exit']) }, 'flanneld shuts down'),
    event('message', {}, 'Any other line, its text kept'),
  ])
  .meta({ id: 'flannel-log/event', title: 'One line of a flanneld log' });
export type FlannelLogEvent = z.infer<typeof FlannelLogEvent>;
export type FlannelLogEventName = FlannelLogEvent['event'];
