// Devices another CNI left behind: Calico's tunl0 (ipip), vxlan.calico and cali* veths on a node
// that now runs flannel. Harmless while their addresses lie in no pod subnet (a latent conflict:
// the day a lease covers one, that node's overlay route is refused); an address inside a peer's
// subnet is reported by overlay/address-conflict instead, as a cause.
import { citeRule, isOverlayNode, leaseContaining } from '../../../model';
import { sh } from '../../fix-commands';
import { namedList } from '../../bounded';
import { defineRule } from '../rule';

const CALICO_DEVICE = /^(?:tunl0|vxlan\.calico|vxlan-v6\.calico|cali[0-9a-f]{11})$/;

export const leftoverCniState = defineRule({
  meta: {
    id: 'residue/leftover-cni-state',
    title: 'Leftovers of a CNI no longer in use',
    severity: 'warning',
    messages: {
      deviceWithAddress: '{device} ({kind}) on {host} is left over from Calico and still holds {address}: harmless while no pod subnet covers it',
      device: '{device} ({kind}) on {host} is left over from Calico',
      chains: '{host} still has Calico chains in its {table} table ({chains})',
    },
  },
  *check(model) {
    for (const node of model.nodes.values()) {
      if (!isOverlayNode(node)) continue;
      for (const link of node.links.values()) {
        if (!CALICO_DEVICE.test(link.name)) continue;
        const kind = link.kind ?? 'device';
        const addresses = node.addresses.entries.filter((address) => address.device === link.name);
        // an address inside a peer's subnet is a cause, not residue (overlay/address-conflict)
        if (addresses.some((address) => leaseContaining(model.cluster, address.ip, { except: node.name }))) continue;
        const removal = link.name === 'tunl0' ? sh`modprobe -r ipip` : sh`ip link delete ${link.name}`;
        if (addresses.length > 0) {
          for (const address of addresses) {
            yield {
              messageId: 'deviceWithAddress', host: node.name, harmless: true, severity: 'warning',
              data: { host: node.name, device: link.name, kind, address: address.cidr }, key: `${link.name} ${address.cidr}`,
              evidence: [address.evidence], objects: { interfaces: [link.name], addresses: [address.ip], hosts: [node.name] },
              fix: [sh`ip addr del ${address.cidr} dev ${link.name}`, removal],
            };
          }
        } else {
          yield {
            messageId: 'device', host: node.name, harmless: true, severity: 'info',
            data: { host: node.name, device: link.name, kind }, key: link.name,
            evidence: link.evidence.slice(0, 1), objects: { interfaces: [link.name], hosts: [node.name] }, fix: [removal],
          };
        }
      }
      const netfilter = node.netfilter;
      if (!netfilter) continue;
      for (const [table, chains] of netfilter.rules.tables) {
        const calico = [...chains.keys()].filter((name) => name.startsWith('cali-'));
        if (calico.length === 0) continue;
        const first = chains.get(calico[0] ?? '');
        const source = first?.declaration ?? first?.rules[0];
        // cited through the model, so the span is the line in the input, not in the iptables section
        const evidence = source ? citeRule(netfilter, source) : null;
        yield {
          messageId: 'chains', host: node.name, harmless: true, severity: 'info',
          data: { host: node.name, table, chains: namedList(calico) },
          key: table,
          evidence: evidence ? [evidence] : [],
          objects: { hosts: [node.name] },
          fix: [sh`iptables-save -t ${table} | grep -v -e '^:cali-' -e ' cali-' | iptables-restore -T ${table}`],
        };
      }
    }
  },
});
