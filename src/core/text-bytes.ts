// Bytes of an input as text: UTF-8, or UTF-16 where a byte order mark (or the zero bytes of ASCII
// text in UTF-16) says so — Windows PowerShell 5.1's `>` writes UTF-16LE. And whether bytes are no
// text at all (an archive, a binary): read as UTF-8 they would be notes of garbage.
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

// how much of the start is looked at, and what share of zero bytes (or undecodable ones) makes bytes
// binary: a paste with a stray NUL or a Latin-1 letter is still text
const SAMPLE = 8192;
const BINARY_SHARE = 0.1;

/** The encoding of text bytes: by a byte order mark, else by where the zero bytes of ASCII in UTF-16 fall. */
export function textEncodingOf(bytes: Uint8Array): TextEncodingName {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const length = Math.min(bytes.length, SAMPLE) & ~1;
  if (length < 4) return 'utf-8';
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = length / 2;
  // ASCII in UTF-16: every other byte zero, the others not
  if (oddZeros >= pairs * 0.9 && evenZeros <= pairs * 0.1) return 'utf-16le';
  if (evenZeros >= pairs * 0.9 && oddZeros <= pairs * 0.1) return 'utf-16be';
  return 'utf-8';
}

/** Text bytes as a string (a UTF-8 byte order mark is kept, as Buffer's toString keeps it; UTF-16's is dropped). */
export function decodeText(bytes: Uint8Array): string {
  const encoding = textEncodingOf(bytes);
  return new TextDecoder(encoding, { ignoreBOM: encoding === 'utf-8' }).decode(bytes);
}

/** Whether bytes are no text: many zero bytes, or many that are no UTF-8, in their start (UTF-16 text is text). */
export function looksBinary(bytes: Uint8Array): boolean {
  const encoding = textEncodingOf(bytes);
  if (encoding !== 'utf-8') {
    // 16-bit numbers below 256 look like ASCII in UTF-16: text they are not when their characters are controls
    const text = new TextDecoder(encoding).decode(bytes.subarray(0, SAMPLE));
    let controls = 0;
    for (const char of text) {
      const code = char.charCodeAt(0);
      if ((code < 0x20 && char !== '\n' && char !== '\r' && char !== '\t' && char !== '\f') || code === 0xfffd) controls++;
    }
    return controls > text.length * BINARY_SHARE;
  }
  const sample = bytes.subarray(0, SAMPLE);
  if (sample.length === 0) return false;
  let zeros = 0;
  for (const byte of sample) if (byte === 0) zeros++;
  if (zeros > sample.length * BINARY_SHARE) return true;
  // a sequence cut at the sample's end is one replacement character at most
  const text = new TextDecoder('utf-8').decode(sample);
  let replaced = 0;
  for (const char of text) if (char === '\uFFFD') replaced++;
  return replaced > 1 + sample.length * BINARY_SHARE;
}
