import { describe, expect, it } from 'vitest';
import { captures } from '../../test/support/corpus';
import { detectFormat, formats, getFormat, parse } from './registry';
import { detectFormatLazily, formatIds, parseLazily } from './lazy';
import { sniffers } from './sniffers';

describe('lazy format catalog', () => {
  it('lists every registered format in the registry order', () => {
    expect(formatIds).toEqual(formats.map((format) => format.id));
  });
  it('lists the sniff function of every format', () => {
    expect(sniffers.map(({ id }) => id)).toEqual(formatIds);
    for (const { id, sniff } of sniffers) expect(sniff, id).toBe(getFormat(id)?.sniff);
  });
  it('detects and parses every corpus capture as the registry does', async () => {
    const all = captures().filter((capture) => getFormat(capture.format));
    expect(all.length).toBeGreaterThan(0);
    for (const { file, format, text } of all) {
      expect(await parseLazily(format, text), file).toEqual(parse(format, text));
      expect(await detectFormatLazily(text), file).toEqual(detectFormat(text));
    }
  });
  it('passes what the command told, and reports what the registry reports', async () => {
    const options = { dev: 'flannel.1', table: 'nat', chain: 'KUBE-NODEPORTS', namespace: 'kube-system' };
    const texts = ['', 'no format reads this\n', '10.244.1.0 lladdr 76:50:75:23:dd:f8 PERMANENT\n', 'KUBE-MARK-MASQ  tcp  --  anywhere             anywhere             tcp dpt:30038\n'];
    for (const text of texts) {
      expect(await parseLazily('auto', text)).toEqual(parse('auto', text));
      for (const id of formatIds) expect(await parseLazily(id, text, options), id).toEqual(parse(id, text, options));
    }
    expect(await parseLazily('no-such-format', 'x')).toEqual(parse('no-such-format', 'x'));
  });
});
