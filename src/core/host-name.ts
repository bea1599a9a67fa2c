// A host's name comes from the input (a prompt, a file or report name, kubectl's node list) and
// goes into every message, id and fix: it is letters, digits, "_", "-" and "." (a hostname, a
// Kubernetes node name), at most 253 characters. Anything else is replaced, not passed on.

const MAX_HOST_NAME = 253;
const OTHER = /[^\w.-]+/g;

/** Whether a name is a host name as netsift keeps it. */
export function isHostName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_HOST_NAME && !/[^\w.-]/.test(name);
}

/** The name with each run of other characters replaced by "_", cut to 253 characters ("_" when nothing is left). */
export function safeHostName(name: string): string {
  if (isHostName(name)) return name;
  const safe = name.replace(OTHER, '_').slice(0, MAX_HOST_NAME);
  return safe.length === 0 ? '_' : safe;
}
