// Writes records as etcdctl get prints them (etcdctl/ctlv3/command/printer_simple.go: each key,
// then its value, each followed by a newline; printer_json.go for -w json: one line, keys and
// values in base64). Nodes become the protobuf Kubernetes stores; leases flannel's JSON.
import type { KubernetesNodeObject } from '../shared/kubernetes/schema';
import { encodeNode } from './protobuf';
import type { EtcdctlGetRecord, FlannelSubnetLease } from './schema';

function leaseValue(lease: FlannelSubnetLease): string {
  return JSON.stringify({
    ...(lease.publicIp === null ? {} : { PublicIP: lease.publicIp }),
    ...(lease.backendType === null ? {} : { BackendType: lease.backendType }),
    BackendData: { VNI: 1, ...(lease.vtepMac === null ? {} : { VtepMAC: lease.vtepMac }) },
  });
}

function nodeValue(node: KubernetesNodeObject): string {
  return encodeNode({
    apiVersion: 'v1', name: node.name, annotations: Object.entries(node.annotations), podCIDRs: node.podCIDRs,
    addresses: [
      ...node.internalIPs.map((address) => ({ type: 'InternalIP', address })),
      ...node.externalIPs.map((address) => ({ type: 'ExternalIP', address })),
    ],
  });
}

/** The key and value of a record (bytes as latin1 characters). */
export function entryOf(record: EtcdctlGetRecord): { key: string; value: string } {
  if (record.kind === 'node-object') return { key: `/registry/minions/${record.name}`, value: nodeValue(record) };
  if (record.kind === 'flannel-net-conf') return { key: record.name, value: record.json };
  return { key: `/coreos.com/network/subnets/${(record.subnet ?? 'unknown').replace('/', '-')}`, value: leaseValue(record) };
}

/** etcdctl get in its default (simple) layout. */
export function printEtcdctlGetSimple(records: readonly EtcdctlGetRecord[]): string {
  return records.map((record) => {
    const { key, value } = entryOf(record);
    return `${key}\n${value}\n`;
  }).join('');
}

/** etcdctl get -w json (what the registry's print writes: a layout whose lines carry no raw bytes). */
export function printEtcdctlGet(records: readonly EtcdctlGetRecord[]): string {
  const kvs = records.map((record, index) => {
    const { key, value } = entryOf(record);
    return { key: btoa(key), create_revision: 1000 + index, mod_revision: 2000 + index, version: 1, value: btoa(value) };
  });
  const header = { cluster_id: 1480829937419425800, member_id: 10276657743932975000, revision: 3000, raft_term: 5 };
  return `${JSON.stringify({ header, kvs, count: kvs.length })}\n`;
}
