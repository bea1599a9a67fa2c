// Shapes of fields that skeleton options (SkeletonOptions.fieldAt) test for, as their lexers read
// them: checked on the line in place, one character code at a time.

export function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** A MAC as the iproute2 and net-tools lexers read one: two hex digits, then ":" and two more, four groups or more. */
export function isMacField(text: string, start: number, end: number): boolean {
  if (end - start < 11 || (end - start + 1) % 3 !== 0) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((i - start) % 3 === 2 ? c !== 58 : !isHexDigit(c)) return false;
  }
  return true;
}
