import { describe, expect, it } from 'vitest';
import { hasUnprintable, oneLine, printable } from './printable';

describe('printable', () => {
  it('writes control characters as \\xNN and format characters as \\uNNNN, and leaves the rest', () => {
    expect(printable('a\tb\u001b[2J\u0085\u007f')).toBe('a\\x09b\\x1b[2J\\x85\\x7f');
    // bidi overrides and isolates, the Arabic letter mark, zero-width characters, the BOM, separators
    expect(printable("ip link set 'veth1\u202e#toor' mtu 1450")).toBe("ip link set 'veth1\\u202e#toor' mtu 1450");
    expect(printable('\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\ufeff\u2028\u2029\u00ad'))
      .toBe('\\u061c\\u200b\\u200c\\u200d\\u200e\\u200f\\u202a\\u202b\\u202c\\u202d\\u2066\\u2067\\u2068\\u2069\\ufeff\\u2028\\u2029\\u00ad');
    // tag characters (past the BMP) whole, not as two halves of a surrogate pair
    expect(printable('a\u{e0041}b')).toBe('a\\u{e0041}b');
    expect(printable('é 漢 \u00a0 \u{1f600} -> ok')).toBe('é 漢 \u00a0 \u{1f600} -> ok');
  });

  it('says whether a text holds what it escapes', () => {
    expect([hasUnprintable('eth0'), hasUnprintable('eth\u200b0'), hasUnprintable('eth\n0'), hasUnprintable('漢')]).toEqual([false, true, true, false]);
  });
});

describe('oneLine', () => {
  it('joins lines and blanks into single spaces, and keeps Unicode spaces for printable to show', () => {
    expect(oneLine('  6: flannel.1: <UP>\n    link/ether 86:2c:91:4f:7e:b2 \r\n')).toBe('6: flannel.1: <UP> link/ether 86:2c:91:4f:7e:b2');
    expect(printable(oneLine('\ufeffchain\u2028x '))).toBe('\\ufeffchain\\u2028x');
  });
});
