// Every format's sniff function in the registry's order, without parsers or schemas: what
// `netsift parse auto` loads (through lazy.ts) to name a format before it loads that one parser.
import type { FormatId } from './format';
import { sniffRouteN } from './route-n/sniff';
import { sniffIpRoute } from './ip-route/sniff';
import { sniffIpAddr } from './ip-addr/sniff';
import { sniffIpLink } from './ip-link/sniff';
import { sniffBridgeFdb } from './bridge-fdb/sniff';
import { sniffIpNeigh } from './ip-neigh/sniff';
import { sniffIpRule } from './ip-rule/sniff';
import { sniffIfconfig } from './ifconfig/sniff';
import { sniffIptablesSave } from './iptables-save/sniff';
import { sniffIptablesListRules } from './iptables-list-rules/sniff';
import { sniffIptablesList } from './iptables-list/sniff';
import { sniffNftRuleset } from './nft-ruleset/sniff';
import { sniffKubectlGet } from './kubectl-get/sniff';
import { sniffFlannelLog } from './flannel-log/sniff';
import { sniffFlannelSubnetEnv } from './flannel-subnet-env/sniff';
import { sniffEtcdctlGet } from './etcdctl-get/sniff';
import { sniffSysctl } from './sysctl/sniff';
import { sniffIpvsadm } from './ipvsadm/sniff';
import { sniffIpset } from './ipset/sniff';

export const sniffers: readonly { id: FormatId; sniff: (text: string) => number }[] = [
  { id: 'route-n', sniff: sniffRouteN },
  { id: 'ip-route', sniff: sniffIpRoute },
  { id: 'ip-addr', sniff: sniffIpAddr },
  { id: 'ip-link', sniff: sniffIpLink },
  { id: 'bridge-fdb', sniff: sniffBridgeFdb },
  { id: 'ip-neigh', sniff: sniffIpNeigh },
  { id: 'ip-rule', sniff: sniffIpRule },
  { id: 'ifconfig', sniff: sniffIfconfig },
  { id: 'iptables-save', sniff: sniffIptablesSave },
  { id: 'iptables-list-rules', sniff: sniffIptablesListRules },
  { id: 'iptables-list', sniff: sniffIptablesList },
  { id: 'nft-ruleset', sniff: sniffNftRuleset },
  { id: 'kubectl-get', sniff: sniffKubectlGet },
  { id: 'flannel-log', sniff: sniffFlannelLog },
  { id: 'flannel-subnet-env', sniff: sniffFlannelSubnetEnv },
  { id: 'etcdctl-get', sniff: sniffEtcdctlGet },
  { id: 'sysctl', sniff: sniffSysctl },
  { id: 'ipvsadm', sniff: sniffIpvsadm },
  { id: 'ipset', sniff: sniffIpset },
];
