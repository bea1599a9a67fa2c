// Writes ifconfig records in the tools' exact layouts: net-tools 2.x (lib/interface.c
// ife_print_long), the classic layout of BusyBox (networking/interface.c ife_print) and
// ifconfig -s (ife_print_short), English words, sizes in parentheses as the records carry them.
import type { IfconfigInterface } from './schema';
import { flagNamesOf, flagsOf } from './build';
import { SHORT_FLAG_LETTERS, SHORT_HEADER } from './words';

const n = (value: number | null | undefined): string => String(value ?? 0);
const CLASSIC_SCOPE_WORDS: Readonly<Record<string, string>> = {
  global: 'Global', link: 'Link', site: 'Site', compat: 'Compat', host: 'Host',
};

/** The scope names net-tools 2.x prints after "scopeid 0x…" (lib/interface.c): "<link>", "" for none. */
function scopeText(scopeid: number): string {
  let scope = scopeid;
  const names: string[] = [];
  if (scope & 0x80) {
    names.push('compat');
    scope -= 0x80;
  }
  if (scope === 0) names.push('global');
  if (scope & 0x20) names.push('link');
  if (scope & 0x40) names.push('site');
  if (scope & 0x10) names.push('host');
  return names.length > 0 ? `<${names.join(',')}>` : '';
}

function modern(r: IfconfigInterface): string {
  const flags = r.flags ?? flagsOf(r.flagNames);
  const names = r.flags === null ? r.flagNames : flagNamesOf(flags);
  let out = `${r.name}: flags=${flags}<${names.join(',')}${names.length > 0 ? '>' : ''}  mtu ${n(r.mtu)}`;
  if (r.metric !== null) out += `  metric ${r.metric}`;
  out += '\n';
  for (const a of r.addresses) {
    if (a.family === 'inet') {
      out += `        inet ${a.address}  netmask ${a.netmask}`;
      if (a.broadcast !== null) out += `  broadcast ${a.broadcast}`;
      if (a.destination !== null) out += `  destination ${a.destination}`;
      out += '\n';
    }
  }
  for (const a of r.addresses) {
    if (a.family === 'inet6') {
      const scopeid = a.scopeid ?? 0;
      out += `        inet6 ${a.address}  prefixlen ${a.prefixLength}  scopeid 0x${scopeid.toString(16)}${scopeText(scopeid)}\n`;
    }
  }
  if (r.hwName !== null) {
    // the tunnel type prints its (empty) address: "tunnel   txqueuelen"
    const address = r.hwAddress ?? (r.hwName === 'tunnel' ? '' : null);
    out += `        ${r.hwName}${address === null ? '' : ` ${address}`}`;
    if (r.txqueuelen !== null) out += `  txqueuelen ${r.txqueuelen}`;
    out += `  (${r.hwTitle ?? ''})\n`;
  }
  if (r.rx && r.tx) {
    out += `        RX packets ${n(r.rx.packets)}  bytes ${n(r.rx.bytes)} (${r.rx.bytesHuman ?? ''})\n`;
    if (r.rx.compressed !== null) out += `        RX compressed:${r.rx.compressed}\n`;
    out += `        RX errors ${n(r.rx.errors)}  dropped ${n(r.rx.dropped)}  overruns ${n(r.rx.overruns)}  frame ${n(r.rx.frame)}\n`;
    out += `        TX packets ${n(r.tx.packets)}  bytes ${n(r.tx.bytes)} (${r.tx.bytesHuman ?? ''})\n`;
    if (r.tx.compressed !== null) out += `        TX compressed ${r.tx.compressed}\n`;
    out += `        TX errors ${n(r.tx.errors)}  dropped ${n(r.tx.dropped)} overruns ${n(r.tx.overruns)}  carrier ${n(r.tx.carrier)}  collisions ${n(r.tx.collisions)}\n`;
  }
  if (r.device) {
    out += '        device ';
    if (r.device.interrupt !== null) out += `interrupt ${r.device.interrupt}  `;
    if (r.device.base !== null) out += `base ${r.device.base}  `;
    if (r.device.memory !== null) out += `memory ${r.device.memory}  `;
    if (r.device.dma !== null) out += `  dma ${r.device.dma}`;
    out += '\n';
  }
  return `${out}\n`;
}

function classic(r: IfconfigInterface): string {
  let out = `${r.name.padEnd(9)} Link encap:${r.hwTitle ?? ''}  `;
  if (r.hwAddress !== null) out += `HWaddr ${r.hwAddress}  `;
  out += '\n';
  for (const a of r.addresses) {
    if (a.family !== 'inet') continue;
    out += `          inet addr:${a.address} `;
    if (a.destination !== null) out += ` P-t-P:${a.destination} `;
    if (a.broadcast !== null) out += ` Bcast:${a.broadcast} `;
    out += ` Mask:${a.netmask}\n`;
  }
  for (const a of r.addresses) {
    if (a.family !== 'inet6') continue;
    const scope = Object.hasOwn(CLASSIC_SCOPE_WORDS, a.scope) ? CLASSIC_SCOPE_WORDS[a.scope] : 'Unknown';
    out += `          inet6 addr: ${a.address}/${a.prefixLength} Scope:${scope}\n`;
  }
  out += '          ';
  out += r.flagNames.length === 0 ? '[NO FLAGS] ' : r.flagNames.map((name) => `${name} `).join('');
  out += ` MTU:${n(r.mtu)}  Metric:${r.metric ?? 1}\n`;
  if (r.rx && r.tx) {
    out += `          RX packets:${n(r.rx.packets)} errors:${n(r.rx.errors)} dropped:${n(r.rx.dropped)} overruns:${n(r.rx.overruns)} frame:${n(r.rx.frame)}\n`;
    if (r.rx.compressed !== null) out += `             compressed:${r.rx.compressed}\n`;
    out += `          TX packets:${n(r.tx.packets)} errors:${n(r.tx.errors)} dropped:${n(r.tx.dropped)} overruns:${n(r.tx.overruns)} carrier:${n(r.tx.carrier)}\n`;
    out += `          collisions:${n(r.tx.collisions)} `;
    if (r.tx.compressed !== null) out += `compressed:${r.tx.compressed} `;
    if (r.txqueuelen !== null) out += `txqueuelen:${r.txqueuelen} `;
    out += `\n          RX bytes:${n(r.rx.bytes)} (${r.rx.bytesHuman ?? ''})  TX bytes:${n(r.tx.bytes)} (${r.tx.bytesHuman ?? ''})\n`;
  }
  if (r.device) {
    out += '          ';
    if (r.device.interrupt !== null) out += `Interrupt:${r.device.interrupt} `;
    if (r.device.base !== null) out += `Base address:${r.device.base} `;
    if (r.device.memory !== null) out += `Memory:${r.device.memory} `;
    if (r.device.dma !== null) out += `DMA chan:${r.device.dma} `;
    out += '\n';
  }
  return `${out}\n`;
}

function shortLetters(r: IfconfigInterface): string {
  if (r.flagNames.length === 0) return '[NO FLAGS]';
  let letters = '';
  for (const [letter, name] of SHORT_FLAG_LETTERS) if (r.flagNames.includes(name)) letters += letter;
  return letters;
}

function short(r: IfconfigInterface): string {
  let out = `${r.name.padEnd(15)} ${n(r.mtu).padStart(5)} `;
  if (r.rx && r.tx) {
    out += `${n(r.rx.packets).padStart(8)} ${n(r.rx.errors).padStart(6)} ${n(r.rx.dropped).padStart(6)} ${n(r.rx.overruns).padEnd(6)} `;
    out += `${n(r.tx.packets).padStart(8)} ${n(r.tx.errors).padStart(6)} ${n(r.tx.dropped).padStart(6)} ${n(r.tx.overruns).padStart(6)} `;
  } else out += '     - no statistics available -'.padEnd(56);
  return `${out}${shortLetters(r)}\n`;
}

/** Prints records as ifconfig would, each in the layout it was read from; -s rows under one header. */
export function printIfconfig(records: readonly IfconfigInterface[]): string {
  let out = '';
  let inShort = false;
  for (const r of records) {
    if (r.layout === 'short') {
      if (!inShort) out += `${SHORT_HEADER}\n`;
      inShort = true;
      out += short(r);
      continue;
    }
    inShort = false;
    out += r.layout === 'classic' ? classic(r) : modern(r);
  }
  return out;
}
