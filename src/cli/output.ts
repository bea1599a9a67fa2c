// JSON output in pieces. The JSON of a large listing is several times the size of its records
// (a 45 MB iptables -L holds 300k rules), and one JSON.stringify of the whole result holds all of
// it at once on top of the records: written a slice of records at a time, the output costs a slice.

const SLICE = 1000;

/**
 * Writes `JSON.stringify(value, null, pretty ? 2 : undefined)` + "\n" through `write`, byte for byte,
 * with each element of the array at `streamKey` (records) stringified on its own.
 */
export function writeJson(value: Record<string, unknown>, pretty: boolean, write: (chunk: string) => void, streamKey = 'records'): void {
  // small pieces are gathered; a slice of records goes out as it is (joining it would copy it)
  let pending = '';
  const emit = (chunk: string): void => {
    if (chunk.length >= 4096) {
      flush();
      write(chunk);
    } else pending += chunk;
  };
  const flush = (): void => {
    if (pending.length > 0) write(pending);
    pending = '';
  };
  const indent = (text: string, by: string): string => (pretty ? text.replaceAll('\n', `\n${by}`) : text);
  const stringify = (item: unknown): string | undefined => JSON.stringify(item, null, pretty ? 2 : undefined);
  const keys = Object.keys(value).filter((key) => stringify(value[key]) !== undefined);
  emit(pretty && keys.length > 0 ? '{\n' : '{');
  keys.forEach((key, k) => {
    const item = value[key];
    emit(pretty ? `  ${JSON.stringify(key)}: ` : `${JSON.stringify(key)}:`);
    if (key === streamKey && Array.isArray(item) && item.length > 0) {
      emit(pretty ? '[\n' : '[');
      // a slice of elements at a time: one JSON.stringify per element costs more than the batching saves
      for (let from = 0; from < item.length; from += SLICE) {
        const text = stringify(item.slice(from, from + SLICE)) as string;
        // "[…]" without its brackets; pretty: "[\n  …\n]", its elements two spaces further in
        emit(pretty ? `  ${indent(text.slice(2, -2), '  ')}` : text.slice(1, -1));
        if (from + SLICE < item.length) emit(pretty ? ',\n' : ',');
      }
      emit(pretty ? '\n  ]' : ']');
    } else emit(indent(stringify(item) as string, '  '));
    if (k < keys.length - 1) emit(pretty ? ',\n' : ',');
  });
  emit(pretty && keys.length > 0 ? '\n}\n' : '}\n');
  flush();
}
