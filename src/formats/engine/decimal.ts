// Counters and handles are the most frequent numbers in large listings; Number(text) on each
// costs a runtime call, a loop over a few digits does not.

/**
 * The value of the digits in `text` from `start` to `end` (the whole text by default), as
 * Number would read them: by hand up to 15 digits (exact in a double), by Number beyond or when
 * anything but a digit is there.
 */
export function decimalValue(text: string, start = 0, end = text.length): number {
  if (end - start > 15 || end <= start) return Number(text.slice(start, end));
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number(text.slice(start, end));
    value = value * 10 + digit;
  }
  return value;
}
