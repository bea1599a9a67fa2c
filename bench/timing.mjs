// Timing helpers the bench scripts share.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median ms of `runs` calls after one warm-up call (JIT and the shape caches), each from a collected heap when --expose-gc. */
export function timeInProcess(fn, runs = 5) {
  fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    // start every run from the same heap: otherwise the garbage of earlier runs is billed to later ones
    globalThis.gc?.();
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}
