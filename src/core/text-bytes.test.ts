// Input bytes as text (UTF-8, UTF-16 by its byte order mark or its zero bytes) and binary bytes told apart.
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText, looksBinary, textEncodingOf } from './text-bytes';

const ROUTE = 'Kernel IP routing table\r\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\r\n';
const utf16le = (text: string, bom: boolean): Uint8Array => Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string): Uint8Array => Buffer.from(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]).swap16());

describe('decodeText', () => {
  it('reads UTF-16 by its byte order mark (PowerShell 5.1 writes UTF-16LE) or, without one, by its zero bytes', () => {
    expect([textEncodingOf(utf16le(ROUTE, true)), decodeText(utf16le(ROUTE, true))]).toEqual(['utf-16le', ROUTE]);
    expect([textEncodingOf(utf16le(ROUTE, false)), decodeText(utf16le(ROUTE, false))]).toEqual(['utf-16le', ROUTE]);
    expect([textEncodingOf(utf16be(ROUTE)), decodeText(utf16be(ROUTE))]).toEqual(['utf-16be', ROUTE]);
  });

  it('reads UTF-8 as Buffer does: its byte order mark kept, a Latin-1 byte a replacement character', () => {
    expect(decodeText(Buffer.from(`\uFEFF${ROUTE}é`, 'utf8'))).toBe(`\uFEFF${ROUTE}é`);
    expect(decodeText(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]))).toBe('caf\uFFFD\n');
  });

  it('any UTF-8 text decodes to itself', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
      // text of NUL characters alone is the one exception: its zero bytes read as UTF-16
      fc.pre(!/^\0*$/.test(text) || text.length < 2);
      expect(decodeText(Buffer.from(text, 'utf8'))).toBe(text);
    }));
  });
});

describe('looksBinary', () => {
  it('tells archives and binaries from text', () => {
    const header = Buffer.alloc(1024);
    header.write('sosreport-node1/sos_commands/networking/ip_route', 0);
    header.write('ustar', 257);
    let seed = 7;
    const random = Buffer.from(Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff));
    // 16-bit numbers below 256 (their high bytes zero, as UTF-16's for ASCII)
    const numbers = Buffer.from(new Uint16Array(Array.from({ length: 2048 }, (_, i) => (i * 7) % 200)).buffer);
    expect([gzipSync(ROUTE.repeat(50)), header, random, numbers].map(looksBinary)).toEqual([true, true, true, true]);
  });

  it('keeps text with a stray NUL, Latin-1 letters or UTF-16 as text', () => {
    const latin1 = Buffer.from(`${ROUTE}# réseau coupé après la mise à jour\n`.repeat(20), 'latin1');
    expect([Buffer.from(`${ROUTE}\0${ROUTE}`), latin1, utf16le(ROUTE, true), Buffer.alloc(0)].map(looksBinary)).toEqual([false, false, false, false]);
  });
});
