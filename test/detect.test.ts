// netsift parse auto: detectFormat names every capture's own format, as given and flattened.
// The few captures that carry no sign of their command are listed with the reason.
import { describe, expect, it } from 'vitest';
import { detectFormat, getFormat } from '../src/formats/registry';
import { captures } from './support/corpus';
import { flatten } from './support/format-properties';

// captures of formats not registered yet (work in progress) are left to their own tests
const all = captures().filter((capture) => capture.text.trim() !== '' && getFormat(capture.format));
const isEmptyJson = (text: string) => /^\s*\[\s*\]\s*$/.test(text);

// Output that says nothing of the command that made it: an empty JSON array ("[]"), and BusyBox's
// ip addr of a namespace without addresses, which is byte for byte its ip link.
function isUndecidable(file: string, text: string): boolean {
  return isEmptyJson(text) || (file.includes('busybox_ip_addr') && !text.includes('inet'));
}

// Once the line breaks are gone these lose what told them apart: BusyBox ip link reads like an
// ip addr without addresses; ip -br neigh is two bare columns; ip -N route has numeric types
// only; route -C prints only a title and a header that no longer says "routing table".
function isUndecidableFlat(file: string): boolean {
  return /busybox_ip_link|ip_-br_neigh|ip_-N_route|route_-Cn|netstat_-rnC/.test(file);
}

describe('detectFormat', () => {
  it('names the format of every capture that shows it', () => {
    const wrong = all
      .filter((capture) => !isUndecidable(capture.file, capture.text))
      .filter((capture) => detectFormat(capture.text).format !== capture.format)
      .map((capture) => `${capture.file}: ${detectFormat(capture.text).format}`);
    expect(wrong).toEqual([]);
  });

  it('says it does not know rather than guess on an empty JSON array', () => {
    for (const capture of all.filter((c) => isEmptyJson(c.text))) expect(detectFormat(capture.text).format).toBeNull();
  });

  it('names the format of flattened pastes too', () => {
    const text = all.filter((capture) => !capture.text.trimStart().startsWith('[') && !isUndecidable(capture.file, capture.text));
    const wrong = text
      .filter((capture) => !isUndecidableFlat(capture.file))
      .filter((capture) => detectFormat(flatten(capture.text)).format !== capture.format)
      .map((capture) => `${capture.file}: ${detectFormat(flatten(capture.text)).format}`);
    expect(wrong).toEqual([]);
    expect(text.filter((capture) => isUndecidableFlat(capture.file)).length).toBeLessThan(30);
  });

  it('finds nothing in prose', () => {
    expect(detectFormat('集群中有3个节点(1个master, 2个node),部署的业务服务为NodePort类型').format).toBeNull();
    expect(detectFormat('').format).toBeNull();
  });
});
