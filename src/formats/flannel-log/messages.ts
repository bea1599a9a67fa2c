// The flanneld messages netsift types, one pattern per format string, with where each comes from
// in flannel-io/flannel (main.go, pkg/backend/vxlan/vxlan.go and vxlan_network.go, the host-gw and
// route backends, pkg/subnet/kube/kube.go, pkg/ip, network/iptables.go; old 0.5–0.9 texts too).
// The lexer matches each pattern as one token type (named groups become plain groups there);
// build.ts reads the fields back with the named groups.

/** Where one klog line ends inside a flattened paste: a remark or the next line's header. */
export const STOP =
  '#{2}|-{3}' +
  '|[IWA-F]\\d{4}[ \\t]+\\d\\d:\\d\\d:\\d\\d\\.\\d{6}(?![^ \\t\\n])' +
  '|\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?(?:Z|[+-]\\d\\d:\\d\\d)[ \\t]' +
  '|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[ \\t]+\\d{1,2}[ \\t]+\\d\\d:\\d\\d:\\d\\d[ \\t]';

/** Words up to the end of the message: each later word must not start a STOP. */
export const REST = `[^ \\t\\n]+(?:[ \\t]+(?!${STOP})[^ \\t\\n]+)*`;
/** The message ends here: end of line, or blanks before a STOP. */
export const ENDS = `(?=[ \\t]*$|[ \\t]+(?:${STOP}))`;

const IP4 = '\\d{1,3}(?:\\.\\d{1,3}){3}';
const IP6 = '[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}';
const IP = `(?:${IP4}|${IP6})`;
const CIDR = `${IP}\\/\\d{1,3}`;
const MAC = '[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}';
const BOOL = '(?:true|false)';
const WORD = '[^ \\t\\n]+';

export type Family = 'inet' | 'inet6';
type Groups = Record<string, string | undefined>;
const text = (groups: Groups, name: string): string => groups[name] ?? '';
const nullable = (groups: Groups, name: string): string | null => groups[name] ?? null;
const bool = (value: string | undefined): boolean | null => (value === undefined ? null : value === 'true');
const int = (value: string | undefined): number | null => (value === undefined ? null : Number.parseInt(value, 10));
const family = (groups: Groups): Family => (groups.v6 === undefined ? 'inet' : 'inet6');
const NODE_NOT_ASSIGNED = /node "([^"]*)" pod cidr not assigned/;
const nodeOf = (error: string): string | null => NODE_NOT_ASSIGNED.exec(error)?.[1] ?? null;

export interface MessageSpec {
  /** moo token type of this pattern. */
  type: string;
  event: string;
  /** The Go format string(s) this pattern reads, for docs and tests. */
  source: string;
  pattern: string;
  fields(groups: Groups): Record<string, unknown>;
}

function routeFailed(route: 'vxlan' | 'direct') {
  return (groups: Groups) => ({ route, family: family(groups), subnet: text(groups, 'subnet'), gateway: text(groups, 'gateway'), error: text(groups, 'error') });
}

function registerFailed(groups: Groups) {
  const error = text(groups, 'error');
  const lease = /^failed to acquire lease: (.*)$/.exec(error);
  return { error, leaseError: lease?.[1] ?? null, node: nodeOf(error) };
}

export const MESSAGES: readonly MessageSpec[] = [
  {
    type: 'mInterface', event: 'interface', source: 'main.go: "Using interface with name %s and address %s"',
    pattern: `Using interface with name (?<iface>${WORD}) and address (?<address>${IP})`,
    fields: (g) => ({ iface: text(g, 'iface'), address: text(g, 'address') }),
  },
  {
    type: 'mExternalDefault', event: 'external-address', source: 'main.go: "Defaulting external address to interface address (%s)"',
    pattern: `Defaulting external address to interface address \\((?<address>${IP})\\)`,
    fields: (g) => ({ address: text(g, 'address'), defaulted: true }),
  },
  {
    type: 'mExternalUsing', event: 'external-address',
    source: 'main.go: "Using %s as external address" (--public-ip); 0.5.x: "Using %s as external interface"',
    pattern: `Using (?<address>${IP}) as external (?:address|interface)`,
    fields: (g) => ({ address: text(g, 'address'), defaulted: false }),
  },
  {
    type: 'mSubnetManager', event: 'subnet-manager', source: 'main.go: "Created subnet manager: %s" (kube.go: "Kubernetes Subnet Manager - %s")',
    pattern: `Created subnet manager: (?<manager>${REST})`,
    fields: (g) => {
      const manager = text(g, 'manager');
      const node = /^Kubernetes Subnet Manager - (.+)$/.exec(manager);
      return { manager, node: node?.[1] ?? null };
    },
  },
  {
    type: 'mBackendType', event: 'backend-type', source: 'main.go: "Found network config - Backend type: %s"',
    pattern: `Found network config - Backend type: (?<backend>${WORD})`,
    fields: (g) => ({ backend: text(g, 'backend') }),
  },
  {
    type: 'mVxlanConfig', event: 'vxlan-config',
    source: 'vxlan.go: "VXLAN config: VNI=%d Port=%d GBP=%v [Learning=%v ]DirectRouting=%v[ MTU=%d]"',
    pattern:
      `VXLAN config: VNI=(?<vni>\\d+) Port=(?<port>\\d+) GBP=(?<gbp>${BOOL})(?: Learning=(?<learning>${BOOL}))?` +
      ` DirectRouting=(?<directRouting>${BOOL})(?: MTU=(?<mtu>\\d+))?`,
    fields: (g) => ({
      vni: int(g.vni), port: int(g.port), gbp: bool(g.gbp), learning: bool(g.learning), directRouting: bool(g.directRouting), mtu: int(g.mtu),
    }),
  },
  {
    type: 'mNetworkChanged', event: 'network-changed',
    source: 'main.go / trafficmngr: "Current network or subnet (%v, %v) is not equal to previous one (%v, %v), trying to recycle old iptables rules"',
    pattern:
      `Current network or subnet \\((?<network>${CIDR}), (?<subnet>${CIDR})\\) is not equal to previous one ` +
      `\\((?<previousNetwork>${CIDR}), (?<previousSubnet>${CIDR})\\), trying to recycle old iptables rules`,
    fields: (g) => ({
      network: text(g, 'network'), subnet: text(g, 'subnet'), previousNetwork: text(g, 'previousNetwork'), previousSubnet: text(g, 'previousSubnet'),
    }),
  },
  {
    type: 'mLeaseAcquired', event: 'lease-acquired', source: 'main.go: "Lease acquired: %v"; multi-network: "%v: lease acquired: %v"',
    pattern: `(?:(?<name>[^ \\t\\n:]+): lease acquired|Lease acquired): (?<subnet>${CIDR})`,
    fields: (g) => ({ subnet: text(g, 'subnet'), network: nullable(g, 'name') }),
  },
  {
    type: 'mNodeLease', event: 'node-lease', source: 'kube.go: "Creating the node lease for IPv4. This is the n.Spec.PodCIDRs: %v"',
    pattern: `Creating the node lease for (?<family>IPv4|IPv6)\\. This is the n\\.Spec\\.PodCIDRs: \\[(?<cidrs>${CIDR}(?: ${CIDR})*)\\]`,
    fields: (g) => ({ family: g.family === 'IPv6' ? 'inet6' : 'inet', podCidrs: text(g, 'cidrs').split(' ') }),
  },
  {
    type: 'mSubnetFile', event: 'subnet-file', source: 'main.go: "Wrote subnet file to %s"',
    pattern: `Wrote subnet file to (?<path>${WORD})`,
    fields: (g) => ({ path: text(g, 'path') }),
  },
  {
    type: 'mInitialEvents', event: 'initial-subnet-events', source: 'vxlan (0.7–0.9): "Handling initial subnet events"',
    pattern: 'Handling initial subnet events',
    fields: () => ({}),
  },
  {
    type: 'mSubnetAdded', event: 'subnet-added', source: 'host-gw, route backends: "Subnet added: %v via %v"; 0.5 vxlan: "Subnet added: %v"',
    pattern: `Subnet added: (?<subnet>${CIDR})(?: via (?<publicIp>${IP}))?`,
    fields: (g) => ({ subnet: text(g, 'subnet'), publicIp: nullable(g, 'publicIp') }),
  },
  {
    type: 'mSubnetRemoved', event: 'subnet-removed', source: 'host-gw, route backends: "Subnet removed: %v"; 0.5 vxlan: "Subnet removed: %v"',
    pattern: `Subnet removed: (?<subnet>${CIDR})(?: via (?<publicIp>${IP}))?`,
    fields: (g) => ({ subnet: text(g, 'subnet'), publicIp: nullable(g, 'publicIp') }),
  },
  {
    type: 'mVxlanAdding', event: 'vxlan-subnet-added',
    source: 'vxlan_network.go (V(2)): "adding subnet: %s PublicIP: %s VtepMAC: %s", "adding v6 subnet: %s PublicIPv6: %s VtepMAC: %s"',
    pattern: `adding (?<v6>v6 )?subnet: (?<subnet>${CIDR}) PublicIP(?:v6)?: (?<publicIp>${IP}) VtepMAC: (?<vtepMac>${MAC})`,
    fields: (g) => ({ family: family(g), subnet: text(g, 'subnet'), publicIp: text(g, 'publicIp'), vtepMac: text(g, 'vtepMac') }),
  },
  {
    type: 'mVxlanRemoving', event: 'vxlan-subnet-removed',
    source: 'vxlan_network.go (V(2)): "removing subnet: %s PublicIP: %s VtepMAC: %s", "removing v6subnet: %s PublicIPv6: %s VtepMAC: %s"',
    pattern: `removing (?<v6>v6 ?)?subnet: (?<subnet>${CIDR}) PublicIP(?:v6)?: (?<publicIp>${IP}) VtepMAC: (?<vtepMac>${MAC})`,
    fields: (g) => ({ family: family(g), subnet: text(g, 'subnet'), publicIp: text(g, 'publicIp'), vtepMac: text(g, 'vtepMac') }),
  },
  {
    type: 'mRouteAddFailed', event: 'route-add-failed', source: 'vxlan_network.go: "failed to add vxlanRoute (%s -> %s): %v", "failed to add v6 vxlanRoute (%s -> %s): %v"',
    pattern: `failed to add (?<v6>v6 )?vxlanRoute \\((?<subnet>${CIDR}) -> (?<gateway>${IP})\\): (?<error>${REST})`,
    fields: routeFailed('vxlan'),
  },
  {
    type: 'mDirectAddFailed', event: 'route-add-failed', source: 'vxlan_network.go (DirectRouting): "Error adding route to %v via %v: %v", "Error adding v6 route to %v via %v: %v"',
    pattern: `Error adding (?<v6>v6 )?route to (?<subnet>${CIDR}) via (?<gateway>${IP}): (?<error>${REST})`,
    fields: routeFailed('direct'),
  },
  {
    type: 'mRouteDeleteFailed', event: 'route-delete-failed',
    source: 'vxlan_network.go: "failed to delete vxlanRoute (%s -> %s): %v", "failed to delete v6 vxlanRoute (%s -> %s): %v"',
    pattern: `failed to delete (?<v6>v6 )?vxlanRoute \\((?<subnet>${CIDR}) -> (?<gateway>${IP})\\): (?<error>${REST})`,
    fields: routeFailed('vxlan'),
  },
  {
    type: 'mDirectDeleteFailed', event: 'route-delete-failed',
    source: 'vxlan_network.go (DirectRouting): "Error deleting route to %v via %v: %v", "Error deleting v6 route to %v via %v: %v"',
    pattern: `Error deleting (?<v6>v6 )?route to (?<subnet>${CIDR}) via (?<gateway>${IP}): (?<error>${REST})`,
    fields: routeFailed('direct'),
  },
  {
    type: 'mVtepEntryFailed', event: 'vtep-entry-failed',
    source: 'vxlan_network.go: log.Error("AddARP failed: ", err) and AddFDB, DelARP, DelFDB, AddV6ARP, AddV6FDB, DelV6ARP, DelV6FDB',
    pattern: `(?<operation>Add|Del)(?<v6>V6)?(?<table>ARP|FDB) failed: (?<error>${REST})`,
    fields: (g) => ({
      operation: g.operation === 'Add' ? 'add' : 'delete', table: g.table === 'ARP' ? 'arp' : 'fdb',
      family: family(g), error: text(g, 'error'),
    }),
  },
  {
    type: 'mRegisterFailed', event: 'register-network-failed',
    source: 'main.go: "Error registering network: %s"; 0.7–0.9 network.go: "failed to register network: %v"',
    pattern: `(?:Error registering network|failed to register network): (?<error>${REST})`,
    fields: registerFailed,
  },
  {
    type: 'mLeaseFailed', event: 'lease-failed', source: 'vxlan.go, hostgw.go: fmt.Errorf("failed to acquire lease: %v"), logged alone by some versions',
    pattern: `failed to acquire lease: (?<error>${REST})`,
    fields: (g) => ({ error: text(g, 'error'), node: nodeOf(text(g, 'error')) }),
  },
  {
    type: 'mIptablesFailed', event: 'iptables-failed', source: 'network/iptables.go: "Failed to ensure iptables rules: %v"',
    pattern: `Failed to ensure iptables rules: (?<error>${REST})`,
    fields: (g) => ({ error: text(g, 'error') }),
  },
  {
    type: 'mDefaultInterfaceFailed', event: 'default-interface-failed', source: 'main.go: "Failed to get default interface: %s"',
    pattern: `Failed to get default interface: (?<error>${REST})`,
    fields: (g) => ({ error: text(g, 'error') }),
  },
  {
    type: 'mShutdownSignal', event: 'shutdown', source: 'main.go: "shutdownHandler sent cancel signal..."',
    pattern: 'shutdownHandler sent cancel signal\\.\\.\\.',
    fields: () => ({ stage: 'cancel-signal' }),
  },
  {
    type: 'mExiting', event: 'shutdown', source: 'main.go: "Exiting cleanly..."',
    pattern: 'Exiting cleanly\\.\\.\\.',
    fields: () => ({ stage: 'exit' }),
  },
];

/** Token type → spec, for build.ts. */
export const MESSAGE_BY_TYPE: ReadonlyMap<string, MessageSpec> = new Map(MESSAGES.map((spec) => [spec.type, spec]));

/** The pattern without named groups (moo rejects capture groups). */
export function plainPattern(pattern: string): string {
  return pattern.replace(/\(\?<[A-Za-z0-9]+>/g, '(?:');
}

const READERS = new Map(MESSAGES.map((spec) => [spec.type, new RegExp(`^(?:${spec.pattern})$`)]));

/** Typed fields of a message the lexer gave `type`; null when it is not one of ours. */
export function readMessage(type: string, message: string): { event: string; fields: Record<string, unknown> } | null {
  const spec = MESSAGE_BY_TYPE.get(type);
  const match = READERS.get(type)?.exec(message);
  if (!spec || !match) return null;
  return { event: spec.event, fields: spec.fields({ ...match.groups }) };
}
