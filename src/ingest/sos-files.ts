// Which files of a sos report netsift reads, and as which format. The file names are sos's own: a
// command's output is saved as its "mangled" command line (sos/report/plugins/__init__.py,
// _mangle_command) under sos_commands/<plugin>/; plugins networking.py, firewall_tables.py,
// kubernetes.py, host.py, kernel.py (sos 4.x) and sos/plugins/networking.py, general.py, kernel.py (sos 3.x).
import type { FormatId } from '../formats/format';
import { safeHostName } from '../core';

/** What one sos file holds and how to read it. */
export interface SosFile {
  /** The command sos ran (sos's own spelling), or the file name for copied files. */
  command: string;
  /** The format to parse it with; null when netsift has no format for it yet. */
  format: FormatId | null;
  /** Host sections describe the node the report came from; cluster sections (kubectl) the cluster. */
  scope: 'host' | 'cluster';
  /** What the command tells the parser ({ table }, { netns }). */
  options?: Record<string, string>;
  /** Why the section is kept unparsed (format null), for a note. */
  pending?: string;
  /** Keep only lines naming this process: the whole journal is read for flanneld's lines. */
  keepLinesOf?: string;
}

/** One row of the table: a command and the sos directories its output is found in. */
export interface SosCommandEntry {
  command: string;
  format: FormatId | null;
  /** sos_commands/ subdirectories, sos 4 first. */
  plugins: readonly string[];
  /** The sos versions that run it. */
  sos: '3' | '4' | '3, 4';
  options?: Record<string, string>;
  pending?: string;
}

const NET = ['networking'] as const;
// sos 3.x ran iptables/nft in the networking plugin; sos 4.x moved them to firewall_tables.
const FIREWALL = ['firewall_tables', 'networking'] as const;
const IPTABLES_TABLES = ['filter', 'nat', 'mangle', 'raw', 'security'] as const;

/** Every command output netsift reads from sos_commands/, in the order sections are listed. */
export const SOS_COMMANDS: readonly SosCommandEntry[] = [
  { command: 'ip route show table all', format: 'ip-route', plugins: NET, sos: '3, 4' },
  { command: 'ip -6 route show table all', format: 'ip-route', plugins: NET, sos: '3, 4' },
  { command: 'ip -d route show table all', format: 'ip-route', plugins: NET, sos: '4' },
  { command: 'route -n', format: 'route-n', plugins: NET, sos: '3' },
  { command: 'ip -d address', format: 'ip-addr', plugins: NET, sos: '4' },
  { command: 'ip -o addr', format: 'ip-addr', plugins: NET, sos: '3, 4' },
  { command: 'ip address', format: 'ip-addr', plugins: NET, sos: '3' },
  { command: 'ip -s -d link', format: 'ip-link', plugins: NET, sos: '3, 4' },
  { command: 'ip -4 rule list', format: 'ip-rule', plugins: NET, sos: '4' },
  { command: 'ip -6 rule list', format: 'ip-rule', plugins: NET, sos: '4' },
  { command: 'ip -4 rule', format: 'ip-rule', plugins: NET, sos: '3' },
  { command: 'ip -6 rule', format: 'ip-rule', plugins: NET, sos: '3' },
  { command: 'ip -s -s neigh show', format: 'ip-neigh', plugins: NET, sos: '4' },
  { command: 'ip neigh show', format: 'ip-neigh', plugins: NET, sos: '3' },
  { command: 'ip neigh show nud noarp', format: 'ip-neigh', plugins: NET, sos: '3, 4' },
  { command: 'bridge -s -s -d -t fdb show', format: 'bridge-fdb', plugins: NET, sos: '4' },
  { command: 'ifconfig -a', format: 'ifconfig', plugins: NET, sos: '3' },
  ...IPTABLES_TABLES.map((table): SosCommandEntry => ({
    command: `iptables -t ${table} -nvL`, format: 'iptables-list', plugins: FIREWALL, sos: '3, 4', options: { table },
  })),
  ...IPTABLES_TABLES.map((table): SosCommandEntry => ({
    command: `ip6tables -t ${table} -nvL`, format: 'iptables-list', plugins: FIREWALL, sos: '3, 4', options: { table },
  })),
  { command: 'iptables -vnxL', format: 'iptables-list', plugins: FIREWALL, sos: '3, 4', options: { table: 'filter' } },
  { command: 'ip6tables -vnxL', format: 'iptables-list', plugins: FIREWALL, sos: '3, 4', options: { table: 'filter' } },
  { command: 'iptables-save', format: 'iptables-save', plugins: FIREWALL, sos: '3, 4' },
  { command: 'ip6tables-save', format: 'iptables-save', plugins: FIREWALL, sos: '3, 4' },
  { command: 'nft list ruleset', format: 'nft-ruleset', plugins: FIREWALL, sos: '3, 4' },
  { command: 'nft -a list ruleset', format: 'nft-ruleset', plugins: FIREWALL, sos: '4' },
  // the kernel plugin: add_cmd_output("sysctl -a", tags="sysctl") (sos 4), add_cmd_outputs([… "sysctl -a" …]) (sos 3)
  { command: 'sysctl -a', format: 'sysctl', plugins: ['kernel'], sos: '3, 4', options: { listing: 'all' } },
  // the ipvs plugin (kube-proxy's IPVS mode; run only where the ip_vs module is loaded)
  ...['', ' --connection', ' --persistent-conn', ' --rate', ' --stats', ' --thresholds', ' --timeout'].map((option): SosCommandEntry => ({
    command: `ipvsadm -Ln${option}`, format: 'ipvsadm', plugins: ['ipvs'], sos: '3, 4',
  })),
];

/** Commands sos runs in every network namespace, as `ip netns exec <ns> <command>`. */
export const SOS_NETNS_COMMANDS: readonly SosCommandEntry[] = [
  { command: 'ip -d address show', format: 'ip-addr', plugins: NET, sos: '4' },
  { command: 'ip address show', format: 'ip-addr', plugins: NET, sos: '3' },
  { command: 'ip route show table all', format: 'ip-route', plugins: NET, sos: '3, 4' },
  { command: 'ip -s -s neigh show', format: 'ip-neigh', plugins: NET, sos: '4' },
  { command: 'ip -4 rule list', format: 'ip-rule', plugins: NET, sos: '4' },
  { command: 'ip -6 rule list', format: 'ip-rule', plugins: NET, sos: '4' },
  { command: 'iptables-save', format: 'iptables-save', plugins: NET, sos: '3, 4' },
  { command: 'ip6tables-save', format: 'iptables-save', plugins: NET, sos: '3, 4' },
];

/** Files copied from the node's file system, by their path in the report. */
export const SOS_COPIED_FILES: readonly { path: string; command: string; format: FormatId }[] = [
  // the kubernetes plugin copies /run/flannel (config_files)
  { path: 'run/flannel/subnet.env', command: 'cat /run/flannel/subnet.env', format: 'flannel-subnet-env' },
];

/** Journal files (sos_commands/logs/, the logs plugin) read for flanneld's lines only. */
export const SOS_JOURNALS: readonly string[] = [
  'journalctl --no-pager --catalog --boot',
  'journalctl --no-pager --boot',
  'journalctl --no-pager',
  'journalctl --no-pager --catalog --boot -1',
];

/** Where the node's name is written, best first: sos's root symlink, sos 4, sos 3, the copied file. */
export const SOS_HOSTNAME_FILES: readonly string[] = [
  'hostname',
  'sos_commands/host/hostname',
  'sos_commands/general/hostname',
  'etc/hostname',
];

/**
 * sos's file name for a command: a leading /bin/, /sbin/, /usr/bin/ or /usr/sbin/ dropped, every
 * run of characters other than word characters, "-", "." and "/" turned into "_", "/" into ".",
 * and " ._-" trimmed from both ends (sos/report/plugins/__init__.py, _mangle_command).
 */
export function mangleSosCommand(command: string, nameMax = 255): string {
  const name = command
    .replace(/^\/(?:usr\/)?s?bin\//, '')
    .replace(/[^\w\-./]+/g, '_')
    .replace(/\//g, '.');
  return trimChars(name, ' ._-').slice(0, nameMax);
}

function trimChars(text: string, chars: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && chars.includes(text[start] as string)) start++;
  while (end > start && chars.includes(text[end - 1] as string)) end--;
  return text.slice(start, end);
}

function buildIndex(): Map<string, SosFile> {
  const index = new Map<string, SosFile>();
  for (const entry of SOS_COMMANDS) {
    for (const plugin of entry.plugins) {
      const path = `sos_commands/${plugin}/${mangleSosCommand(entry.command)}`;
      if (index.has(path)) continue;
      index.set(path, {
        command: entry.command, format: entry.format, scope: 'host',
        ...(entry.options ? { options: entry.options } : {}),
        ...(entry.pending ? { pending: entry.pending } : {}),
      });
    }
  }
  for (const file of SOS_COPIED_FILES) index.set(file.path, { command: file.command, format: file.format, scope: 'host' });
  for (const command of SOS_JOURNALS) {
    index.set(`sos_commands/logs/${mangleSosCommand(command)}`, {
      command, format: 'flannel-log', scope: 'host', keepLinesOf: 'flanneld',
    });
  }
  return index;
}

const INDEX = buildIndex();
const NETNS_SUFFIXES = SOS_NETNS_COMMANDS.map((entry) => ({ entry, suffix: `_${mangleSosCommand(entry.command)}` }));
const NETNS_PREFIX = 'ip_netns_exec_';
// kubectl get … (optionally with --kubeconfig=…): cluster facts
const KUBECTL_GET = /^kubectl_(?:--kubeconfig_[\w.-]+_)?get_/;
const KUBECTL_SKIP = /_--raw_|_secrets$|_configmaps$/;
// sos_commands/kubernetes, …/cluster-info and …/cluster-info/<namespace> (not its podlogs/ or describe folders)
const KUBERNETES_DIR = /^sos_commands\/kubernetes(?:\/cluster-info(?:\/[a-z\d][a-z\d-]{0,62})?)?$/;
// CRI log files: /var/log/containers/<pod>_<namespace>_<container>-<64 hex>.log
const CRI_CONTAINER_LOG = /^var\/log\/containers\/kube-flannel[a-z0-9.-]*_[a-z0-9.-]+_kube-flannel-[0-9a-f]{64}\.log$/;
// /var/log/pods/<namespace>_<pod>_<uid>/kube-flannel/<restart>.log
const CRI_POD_LOG = /^var\/log\/pods\/[\w.-]+\/kube-flannel\/\d+\.log$/;
// journalctl --no-pager --unit flanneld (add_journal(units="flanneld")) and its variants
const JOURNAL_UNIT = /^sos_commands\/[\w-]+\/journalctl_--no-pager(?:_--catalog)?(?:_--boot)?_--unit_flanneld(?:\.service)?$/;

/**
 * What a file of a sos report holds, from its path relative to the report's root directory
 * ("sos_commands/networking/ip_route_show_table_all"); null for every file netsift does not read.
 */
export function classifySosFile(path: string): SosFile | null {
  const known = INDEX.get(path);
  if (known) return { ...known };
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash);
  const name = path.slice(slash + 1);
  // sos 3.x: sos_commands/networking/ip_netns_exec_<ns>_…; sos 4.x: …/networking/namespaces/<ns>/ip_netns_exec_<ns>_…
  if (name.startsWith(NETNS_PREFIX) && (dir === 'sos_commands/networking' || /^sos_commands\/networking\/namespaces\/[^/]+$/.test(dir))) {
    for (const { entry, suffix } of NETNS_SUFFIXES) {
      if (!name.endsWith(suffix) || name.length <= NETNS_PREFIX.length + suffix.length) continue;
      const netns = name.slice(NETNS_PREFIX.length, name.length - suffix.length);
      return {
        command: `ip netns exec ${netns} ${entry.command}`, format: entry.format, scope: 'host',
        options: { ...entry.options, netns },
      };
    }
    return null;
  }
  // sos 4's kubernetes plugin: cluster-info/ holds "kubectl get -o json nodes", the global resources and
  // "kubectl get --all-namespaces=true <resource>"; with kubernetes.all, cluster-info/<namespace>/ holds
  // "kubectl get -o json --namespace=<ns> <resource>". Tables, -o json and -o yaml all read as kubectl-get.
  if (KUBERNETES_DIR.test(dir) && KUBECTL_GET.test(name) && !KUBECTL_SKIP.test(name)) {
    return { command: name, format: 'kubectl-get', scope: 'cluster' };
  }
  if (CRI_CONTAINER_LOG.test(path) || CRI_POD_LOG.test(path)) {
    return { command: 'crictl logs', format: 'flannel-log', scope: 'host' };
  }
  if (JOURNAL_UNIT.test(path)) return { command: 'journalctl -u flanneld', format: 'flannel-log', scope: 'host' };
  return null;
}

/** Whether a path is one of the files that name the node. */
export function isSosHostnameFile(path: string): boolean {
  return SOS_HOSTNAME_FILES.includes(path);
}

/** The directories (relative to the report) that hold every file classifySosFile knows. */
export const SOS_DIRECTORIES: readonly string[] = [
  'sos_commands/networking', 'sos_commands/firewall_tables', 'sos_commands/kubernetes', 'sos_commands/logs',
  'sos_commands/host', 'sos_commands/general', 'sos_commands/kernel', 'sos_commands/ipvs', 'run/flannel', 'var/log/containers', 'var/log/pods',
];

/**
 * The node name a report directory or tarball is named after: "sosreport-<host>[-<case id>]-<date>-<random>"
 * (sos 4) or "sosreport-<host>[.<case id>]-<date>…" (sos 3); the whole name when it is not of that shape.
 */
export function hostFromReportName(name: string): string {
  const base = name.replace(/\.tar(?:\.(?:xz|gz|bz2))?$|\.tgz$/, '');
  const match = /^sos(?:report)?-(.+?)(?:-\d{4}-\d{2}-\d{2}-[a-z0-9]+)?$/.exec(base);
  // a directory's name may hold anything: what no hostname holds is replaced
  return safeHostName(match?.[1] ?? base);
}
