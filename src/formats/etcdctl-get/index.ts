// etcdctl get of Kubernetes Nodes and flannel subnet leases: what the registry sees.
import { defineFormat, type FormatModule } from '../format';
import { parseEtcdctlGet, parseEtcdctlGetWith } from './parse';
import { printEtcdctlGet, printEtcdctlGetSimple } from './print';
import { EtcdctlGetRecord, FlannelSubnetLease } from './schema';
import { sniffEtcdctlGet } from './sniff';

export const etcdctlGet: FormatModule<EtcdctlGetRecord> = defineFormat<EtcdctlGetRecord>({
  id: 'etcdctl-get',
  title: "etcdctl get (Kubernetes Nodes, flannel subnet leases, flannel's config)",
  commands: [
    'etcdctl get /registry/minions/<node>', 'etcdctl get /registry/minions/ --prefix', 'etcdctl get -w json /registry/minions/<node>',
    'etcdctl get /coreos.com/network/subnets --prefix', 'ETCDCTL_API=2 etcdctl get /coreos.com/network/subnets/<subnet>',
    'etcdctl get /coreos.com/network/config',
  ],
  schema: EtcdctlGetRecord,
  parse: parseEtcdctlGetWith,
  sniff: sniffEtcdctlGet,
  print: printEtcdctlGet,
});

export { parseEtcdctlGet, printEtcdctlGet, printEtcdctlGetSimple, sniffEtcdctlGet, EtcdctlGetRecord, FlannelSubnetLease };
export type { EtcdctlGetOptions } from './parse';
