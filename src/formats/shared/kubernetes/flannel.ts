// flannel's node annotations (flannel pkg/subnet/kube/annotations.go: prefix
// flannel.alpha.coreos.com, keys backend-type, backend-data, kube-subnet-manager, public-ip,
// public-ip-overwrite) and what they say.
import type { FlannelNodeAnnotations } from './schema';

export const FLANNEL_PREFIX = 'flannel.alpha.coreos.com/';
export const FLANNEL_PUBLIC_IP = `${FLANNEL_PREFIX}public-ip`;
export const FLANNEL_PUBLIC_IP_OVERWRITE = `${FLANNEL_PREFIX}public-ip-overwrite`;
export const FLANNEL_BACKEND_DATA = `${FLANNEL_PREFIX}backend-data`;
export const FLANNEL_BACKEND_TYPE = `${FLANNEL_PREFIX}backend-type`;
export const FLANNEL_SUBNET_MANAGER = `${FLANNEL_PREFIX}kube-subnet-manager`;

/** The VtepMAC of backend-data ({"VNI":1,"VtepMAC":"…"}); null when it is not JSON or has none. */
export function vtepMacOf(backendData: string | undefined): string | null {
  if (backendData === undefined) return null;
  try {
    const value: unknown = JSON.parse(backendData);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const mac = (value as Record<string, unknown>).VtepMAC;
      return typeof mac === 'string' ? mac : null;
    }
  } catch {
    // not JSON: no MAC to tell
  }
  return null;
}

/** What flannel's annotations say, from a node's annotations (a null-prototype object). */
export function flannelOf(annotations: Readonly<Record<string, string>>): FlannelNodeAnnotations {
  const own = (key: string): string | undefined => (Object.prototype.hasOwnProperty.call(annotations, key) ? annotations[key] : undefined);
  const manager = own(FLANNEL_SUBNET_MANAGER);
  return {
    publicIp: own(FLANNEL_PUBLIC_IP) ?? null,
    vtepMac: vtepMacOf(own(FLANNEL_BACKEND_DATA)),
    backendType: own(FLANNEL_BACKEND_TYPE) ?? null,
    subnetManager: manager === undefined ? null : manager === 'true' ? true : manager === 'false' ? false : null,
  };
}

/** A null-prototype copy of string entries: keys named by input never reach Object.prototype. */
export function stringMap(entries: Iterable<[string, string]>): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const [key, value] of entries) out[key] = value;
  return out;
}
