// How procps sysctl names a key (procps-ng src/sysctl.c, slashdot): the path under /proc/sys with
// "/" turned into "." and a "." inside one component turned into "/", so /proc/sys/net/ipv4/conf/
// flannel.1/rp_filter is printed as net.ipv4.conf.flannel/1.rp_filter.

/** The key sysctl prints for a path's components (["net", "ipv4", "conf", "flannel.1", "rp_filter"]). */
export function sysctlKey(...components: readonly string[]): string {
  return keyOfComponents(components);
}

/** `sysctlKey` of a list: a path's components are input, too many to pass as arguments. */
function keyOfComponents(components: readonly string[]): string {
  return components.map((component) => component.replace(/[./]/g, (c) => (c === '.' ? '/' : '.'))).join('.');
}

/**
 * The key sysctl prints for a name given on its command line: "net.ipv4.ip_forward" as it is,
 * "net/ipv4/conf/flannel.1/rp_filter" with "/" and "." swapped (slashdot: the first separator
 * tells which form the name is in).
 */
export function keyFromArgument(name: string): string {
  const first = /[./]/.exec(name);
  if (!first || first[0] === '.') return name;
  return name.replace(/[./]/g, (c) => (c === '.' ? '/' : '.'));
}

/** The key of a file under /proc/sys ("/proc/sys/net/ipv4/ip_forward" → net.ipv4.ip_forward); null for any other path. */
export function keyFromProcPath(path: string): string | null {
  const match = /^\/proc\/sys\/(.+)$/.exec(path.replace(/\/+/g, '/'));
  if (!match?.[1]) return null;
  const components = match[1].split('/').filter((c) => c !== '');
  return components.length > 0 ? keyOfComponents(components) : null;
}
