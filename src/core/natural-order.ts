// Host names in the order people number them: node-2 before node-10. Runs of digits compare by
// value, the rest by UTF-16 code unit (no locale: the same order in every runtime).

/** Negative, zero or positive as `a` comes before, with or after `b`. */
export function compareNatural(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      let ei = i;
      let ej = j;
      while (ei < a.length && isDigit(a.charCodeAt(ei))) ei++;
      while (ej < b.length && isDigit(b.charCodeAt(ej))) ej++;
      // leading zeros aside, the longer run is the larger number
      let si = i;
      let sj = j;
      while (si < ei - 1 && a.charCodeAt(si) === 48) si++;
      while (sj < ej - 1 && b.charCodeAt(sj) === 48) sj++;
      const byLength = (ei - si) - (ej - sj);
      if (byLength !== 0) return byLength;
      for (let k = 0; k < ei - si; k++) {
        const d = a.charCodeAt(si + k) - b.charCodeAt(sj + k);
        if (d !== 0) return d;
      }
      // "01" and "1" are equal in value: the shorter spelling first, so that the order is total
      if (ei - i !== ej - j) return (ei - i) - (ej - j);
      i = ei;
      j = ej;
      continue;
    }
    if (ca !== cb) return ca - cb;
    i++;
    j++;
  }
  return (a.length - i) - (b.length - j);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
