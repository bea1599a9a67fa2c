import { describe, expect, it } from 'vitest';
import { classifySosFile, hostFromReportName, isSosHostnameFile, mangleSosCommand, SOS_COMMANDS } from './sos-files';
import { isFormatId } from '../formats/registry';

describe('mangleSosCommand', () => {
  it.each([
    ['ip route show table all', 'ip_route_show_table_all'],
    ['ip -s -s neigh show', 'ip_-s_-s_neigh_show'],
    ['iptables -t nat -nvL', 'iptables_-t_nat_-nvL'],
    ['/usr/sbin/ip -o addr', 'ip_-o_addr'],
    ['kubectl --kubeconfig=/etc/kubernetes/admin.conf get nodes', 'kubectl_--kubeconfig_.etc.kubernetes.admin.conf_get_nodes'],
    ['journalctl --no-pager --unit flanneld', 'journalctl_--no-pager_--unit_flanneld'],
  ])('%s -> %s', (command, name) => {
    expect(mangleSosCommand(command)).toBe(name);
  });
});

describe('classifySosFile', () => {
  it('knows sos 4 and sos 3 networking files', () => {
    expect(classifySosFile('sos_commands/networking/ip_route_show_table_all')).toMatchObject({ command: 'ip route show table all', format: 'ip-route', scope: 'host' });
    expect(classifySosFile('sos_commands/networking/ip_-d_address')?.format).toBe('ip-addr');
    expect(classifySosFile('sos_commands/networking/ip_-s_-d_link')?.format).toBe('ip-link');
    expect(classifySosFile('sos_commands/networking/ip_-4_rule_list')?.format).toBe('ip-rule');
    expect(classifySosFile('sos_commands/networking/ip_-4_rule')?.format).toBe('ip-rule');
    expect(classifySosFile('sos_commands/networking/ip_neigh_show_nud_noarp')?.format).toBe('ip-neigh');
    expect(classifySosFile('sos_commands/networking/bridge_-s_-s_-d_-t_fdb_show')?.format).toBe('bridge-fdb');
    expect(classifySosFile('sos_commands/networking/route_-n')?.format).toBe('route-n');
    expect(classifySosFile('sos_commands/networking/ifconfig_-a')?.format).toBe('ifconfig');
  });
  it('finds iptables in firewall_tables (sos 4) and networking (sos 3), with the table', () => {
    for (const plugin of ['firewall_tables', 'networking']) {
      expect(classifySosFile(`sos_commands/${plugin}/iptables_-t_nat_-nvL`)).toMatchObject({ format: 'iptables-list', options: { table: 'nat' } });
      expect(classifySosFile(`sos_commands/${plugin}/iptables_-vnxL`)).toMatchObject({ format: 'iptables-list', options: { table: 'filter' } });
      expect(classifySosFile(`sos_commands/${plugin}/ip6tables_-t_filter_-nvL`)?.format).toBe('iptables-list');
      expect(classifySosFile(`sos_commands/${plugin}/iptables-save`)?.format).toBe('iptables-save');
    }
  });
  it('reads the kernel plugin\'s sysctl -a (sos 3 and 4) as a whole listing', () => {
    expect(classifySosFile('sos_commands/kernel/sysctl_-a')).toEqual({ command: 'sysctl -a', format: 'sysctl', scope: 'host', options: { listing: 'all' } });
    expect(classifySosFile('sos_commands/networking/sysctl_-a')).toBeNull();
  });
  it('reads the ipvs plugin\'s listings (kube-proxy\'s IPVS mode) as ipvsadm', () => {
    expect(classifySosFile('sos_commands/ipvs/ipvsadm_-Ln')).toEqual({ command: 'ipvsadm -Ln', format: 'ipvsadm', scope: 'host' });
    for (const option of ['connection', 'persistent-conn', 'rate', 'stats', 'thresholds', 'timeout'])
      expect(classifySosFile(`sos_commands/ipvs/ipvsadm_-Ln_--${option}`)).toEqual({ command: `ipvsadm -Ln --${option}`, format: 'ipvsadm', scope: 'host' });
    expect(classifySosFile('sos_commands/networking/ipvsadm_-Ln')).toBeNull();
  });
  it('reads nft rulesets as nft-ruleset', () => {
    expect(classifySosFile('sos_commands/firewall_tables/nft_list_ruleset')).toMatchObject({ command: 'nft list ruleset', format: 'nft-ruleset' });
    expect(classifySosFile('sos_commands/firewall_tables/nft_-a_list_ruleset')?.format).toBe('nft-ruleset');
  });
  it('reads per-namespace outputs in both layouts, the namespace in options', () => {
    expect(classifySosFile('sos_commands/networking/namespaces/cni-5d2f_a1/ip_netns_exec_cni-5d2f_a1_ip_-d_address_show')).toEqual({
      command: 'ip netns exec cni-5d2f_a1 ip -d address show', format: 'ip-addr', scope: 'host', options: { netns: 'cni-5d2f_a1' },
    });
    expect(classifySosFile('sos_commands/networking/ip_netns_exec_qrouter_7_ip_route_show_table_all')).toMatchObject({ format: 'ip-route', options: { netns: 'qrouter_7' } });
    expect(classifySosFile('sos_commands/networking/ip_netns_exec_ns1_iptables-save')).toMatchObject({ format: 'iptables-save', options: { netns: 'ns1' } });
    expect(classifySosFile('sos_commands/networking/ip_netns_exec_ns1_ss_-peaonmi')).toBeNull();
  });
  it('makes kubectl get outputs cluster sections, and skips metrics and secrets', () => {
    expect(classifySosFile('sos_commands/kubernetes/cluster-info/kubectl_--kubeconfig_.etc.kubernetes.admin.conf_get_nodes')).toMatchObject({ scope: 'cluster', format: 'kubectl-get' });
    // sos 4 kubernetes plugin (sos/report/plugins/kubernetes.py): "kubectl get -o json nodes" in cluster-info,
    // "kubectl get -o json --namespace=<ns> <resource>" in cluster-info/<ns> with kubernetes.all
    expect(classifySosFile('sos_commands/kubernetes/cluster-info/kubectl_get_-o_json_nodes')).toEqual({ command: 'kubectl_get_-o_json_nodes', scope: 'cluster', format: 'kubectl-get' });
    expect(classifySosFile('sos_commands/kubernetes/cluster-info/kubectl_--kubeconfig_.etc.kubernetes.admin.conf_get_-o_json_nodes')).toMatchObject({ scope: 'cluster', format: 'kubectl-get' });
    expect(classifySosFile('sos_commands/kubernetes/cluster-info/kube-system/kubectl_get_-o_json_--namespace_kube-system_pods')).toMatchObject({ scope: 'cluster', format: 'kubectl-get' });
    expect(classifySosFile('sos_commands/kubernetes/cluster-info/prometheus/kubectl_get_-o_json_--namespace_prometheus_endpoints')).toMatchObject({ scope: 'cluster', format: 'kubectl-get' });
    expect(classifySosFile('sos_commands/kubernetes/cluster-info/kube-system/kubectl_get_-o_json_--namespace_kube-system_secrets')).toBeNull();
    expect(classifySosFile('sos_commands/kubernetes/cluster-info/kube-system/podlogs/kube-flannel-ds-abcde/kubectl_get_-o_json_pods')).toBeNull();
    expect(classifySosFile('sos_commands/kubernetes/kubectl_get_-o_json_nodes')).toMatchObject({ scope: 'cluster', format: 'kubectl-get' });
    expect(classifySosFile('sos_commands/kubernetes/cluster-info/kubectl_get_--raw_.metrics')).toBeNull();
    expect(classifySosFile('sos_commands/kubernetes/kubectl_get_--all-namespaces_true_secrets')).toBeNull();
  });
  it('reads flannel logs, subnet.env and the journal', () => {
    const hex = '0'.repeat(64);
    expect(classifySosFile(`var/log/containers/kube-flannel-ds-fvj6h_kube-flannel_kube-flannel-${hex}.log`)?.format).toBe('flannel-log');
    expect(classifySosFile(`var/log/containers/kube-flannel-ds-fvj6h_kube-system_kube-flannel-${hex}.log`)?.format).toBe('flannel-log');
    expect(classifySosFile(`var/log/containers/kube-flannel-ds-fvj6h_kube-flannel_install-cni-${hex}.log`)).toBeNull();
    expect(classifySosFile('var/log/pods/kube-flannel_kube-flannel-ds-fvj6h_0a1b/kube-flannel/0.log')?.format).toBe('flannel-log');
    expect(classifySosFile('run/flannel/subnet.env')?.format).toBe('flannel-subnet-env');
    expect(classifySosFile('sos_commands/logs/journalctl_--no-pager_--catalog_--boot')).toMatchObject({ format: 'flannel-log', keepLinesOf: 'flanneld' });
    expect(classifySosFile('sos_commands/logs/journalctl_--no-pager_--unit_flanneld')?.format).toBe('flannel-log');
  });
  it('ignores everything else', () => {
    for (const path of ['sos_commands/networking/netstat_-W_-neopa', 'etc/passwd', 'sos_commands/networking/ip_route_show_table_all/x', 'hostname', '../sos_commands/networking/route_-n']) {
      expect(classifySosFile(path), path).toBeNull();
    }
  });
  it('names only registered formats', () => {
    for (const entry of SOS_COMMANDS) if (entry.format !== null) expect(isFormatId(entry.format)).toBe(true);
  });
});

describe('host names', () => {
  it('knows the hostname files', () => {
    expect(isSosHostnameFile('hostname')).toBe(true);
    expect(isSosHostnameFile('sos_commands/general/hostname')).toBe(true);
    expect(isSosHostnameFile('sos_commands/host/hostname_-f')).toBe(false);
  });
  it.each([
    ['sosreport-flannel-node1', 'flannel-node1'],
    ['sosreport-kube-master-2026-01-01-abcdef', 'kube-master'],
    ['sosreport-node7-2024-03-05-xyzab.tar.xz', 'node7'],
    ['my-report', 'my-report'],
    // a directory's name may hold anything; a host name holds letters, digits, "_", "-" and "."
    ['sosreport-w1|x`y`*z*<img src=x>\u202e%%"];-->', 'w1_x_y_z_img_src_x_--_'],
  ])('%s -> %s', (name, host) => {
    expect(hostFromReportName(name)).toBe(host);
  });
});
