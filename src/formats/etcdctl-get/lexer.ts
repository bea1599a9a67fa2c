// Tokens of one line of etcdctl get output: keys (/registry/minions/<node>, flannel's
// /coreos.com/network/subnets/<lease>), and in a value printed as text (a protobuf Node whose
// length and tag bytes show as control characters or are lost) the strings netsift can still
// tell apart: annotation keys, addresses, prefixes, flat JSON. Everything else is junk or a word.
import moo from 'moo';

/** flannel's backends (flannel pkg/backend): the values of its backend-type annotation. */
export const BACKEND_TYPES = ['vxlan', 'host-gw', 'udp', 'ipip', 'wireguard', 'ipsec', 'alloc', 'extension', 'gce', 'aws-vpc', 'ali-vpc', 'tencent-vpc'] as const;

export const lexer = moo.compile({
  ws: /[ \t]+/,
  // etcd keys of Kubernetes (--etcd-prefix /registry) and flannel (--etcd-prefix /coreos.com/network, /atomic.io/network…)
  key: /\/(?:registry|coreos\.com|atomic\.io|[\w.-]+\/network)\/\S*/,
  cidr: /\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2}/,
  ipv4: /\d{1,3}(?:\.\d{1,3}){3}/,
  // an annotation key: a DNS-subdomain prefix and a name (flannel.alpha.coreos.com/public-ip), only
  // where a run of its characters starts: tried at every character of a run ("--x--x…"), the prefix
  // read to the run's end each time (quadratic)
  annotationKey: /(?<![a-z\d.-])(?:[a-z\d-]+\.)+[a-z]{2,}\/[A-Za-z\d][\w.-]*/,
  // NodeAddress types (core/v1 NodeAddressType)
  addressType: /(?:InternalIP|ExternalIP)/,
  backendType: new RegExp(`(?:${[...BACKEND_TYPES].sort((a, b) => b.length - a.length).join('|')})`),
  bool: /(?:true|false)/,
  // flannel's backend-data: {"VNI":1,"VtepMAC":"…"} has no nested object
  json: /\{[^{}\n]*\}/,
  int: /\d+/,
  word: /[A-Z_a-z]+/,
  // control bytes, punctuation, text in other scripts; "{" and "/" that start nothing above
  junk: /[^ \t\n\w{/]+|[{/]/,
  error: moo.error,
});

export function describeToken(type: string): string {
  switch (type) {
    case 'key': return 'an etcd key (/registry/minions/<node>)';
    case 'annotationKey': return 'an annotation key';
    case 'addressType': return 'a node address type (InternalIP)';
    case 'cidr': return 'a prefix such as 10.244.2.0/24';
    case 'ipv4': return 'an IPv4 address';
    default: return type;
  }
}
