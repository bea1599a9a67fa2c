// Records of etcdctl get: a Node stored by Kubernetes under /registry/minions/<node> (the record
// kubectl get -o json gives, src/formats/shared/kubernetes/schema.ts), and a lease of flannel's
// etcd subnet manager under <prefix>/subnets/<network>-<prefix length> (flannel pkg/subnet/etcd).
import { z } from 'zod';
import { Span } from '../../core';
import { FlannelNetConfObject, KubernetesNodeObject } from '../shared/kubernetes/schema';

export const FlannelSubnetLease = z
  .object({
    kind: z.literal('flannel-subnet-lease'),
    subnet: z.string().nullable().meta({ description: 'from the key (10.244.2.0-24 → 10.244.2.0/24); null when the output shows no key' }),
    publicIp: z.string().nullable().meta({ description: 'PublicIP: the node address other nodes reach the subnet through' }),
    backendType: z.string().nullable().meta({ description: 'BackendType ("vxlan", "host-gw", …)' }),
    vtepMac: z.string().nullable().meta({ description: 'BackendData.VtepMAC (vxlan)' }),
    span: Span,
  })
  .meta({ id: 'etcdctl-get/flannel-subnet-lease', title: "A subnet lease of flannel's etcd subnet manager" });
export type FlannelSubnetLease = z.infer<typeof FlannelSubnetLease>;

export const EtcdctlGetRecord = z
  .discriminatedUnion('kind', [KubernetesNodeObject, FlannelSubnetLease, FlannelNetConfObject])
  .meta({ id: 'etcdctl-get/record', title: 'A Node, a flannel subnet lease or flannel\'s network config (name: its key) read from etcdctl get' });
export type EtcdctlGetRecord = z.infer<typeof EtcdctlGetRecord>;
