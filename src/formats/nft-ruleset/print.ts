// Writes records back in nft's text layout (nftables src/rule.c): one tab per open block, a
// blank line between the sets, maps and chains of a table, "# handle N" after heads and rules.
import type { NftRecord, NftSet } from './schema';

const handle = (value: number | null): string => (value === null ? '' : ` # handle ${value}`);

// set_print_declaration: a long elements list goes on over lines indented by three tabs and five blanks
const ELEMENT_BREAK = ',\n\t\t\t     ';

function printSet(record: NftSet): string {
  let out = `\t${record.kind} ${record.name} {${handle(record.handle)}\n`;
  // set_print_declaration's order (nft 1.0.6): type, policy, size, flags, statements, auto-merge,
  // timeout, gc-interval, comment; then do_set_print's elements
  if (record.keyword !== null && record.type !== null) out += `\t\t${record.keyword} ${record.type}\n`;
  if (record.policy !== null) out += `\t\tpolicy ${record.policy}\n`;
  if (record.size !== null) out += `\t\tsize ${record.size}\n`;
  if (record.flags.length > 0) out += `\t\tflags ${record.flags.join(',')}\n`;
  if (record.statements !== null) out += `\t\t${record.statements}\n`;
  if (record.autoMerge) out += '\t\tauto-merge\n';
  if (record.timeout !== null) out += `\t\ttimeout ${record.timeout}\n`;
  if (record.gcInterval !== null) out += `\t\tgc-interval ${record.gcInterval}\n`;
  if (record.comment !== null) out += `\t\tcomment "${record.comment}"\n`;
  if (record.elements !== null) {
    const lines: string[] = [];
    let at = 0;
    for (const count of record.elementLines) {
      lines.push(record.elements.slice(at, at + count).join(', '));
      at += count;
    }
    if (at < record.elements.length) lines.push(record.elements.slice(at).join(', '));
    out += `\t\telements = { ${lines.join(ELEMENT_BREAK)} }\n`;
  }
  return out;
}

/** Prints records as `nft list ruleset` (with `-a` where they carry handles) would. */
export function printNftRuleset(records: readonly NftRecord[]): string {
  let out = '';
  let objects = 0;
  let depth = 0;
  for (const record of records) {
    switch (record.kind) {
      case 'table':
        out += `table ${record.family ?? 'ip'} ${record.table ?? ''} {${handle(record.handle)}\n`;
        objects = 0;
        depth = 1;
        break;
      case 'chain':
        if (objects++ > 0) out += '\n';
        out += `\tchain ${record.chain ?? ''} {${handle(record.handle)}\n`;
        depth = 2;
        break;
      case 'set':
      case 'map':
        if (objects++ > 0) out += '\n';
        out += printSet(record);
        depth = 2;
        break;
      case 'chain-spec':
        out += `\t\ttype ${record.type} hook ${record.hook}${record.device === null ? '' : ` device "${record.device}"`}`;
        out += ` priority ${record.priority};${record.policy === null ? '' : ` policy ${record.policy};`}\n`;
        break;
      case 'rule':
        out += `\t\t${record.text}${handle(record.handle)}\n`;
        break;
      case 'comment':
        out += `${'\t'.repeat(depth)}${record.form === 'warning' ? `# ${record.text}` : `comment "${record.text}"`}\n`;
        break;
      case 'close':
        depth = record.closes === 'table' ? 0 : 1;
        out += `${'\t'.repeat(depth)}}\n`;
        break;
    }
  }
  return out;
}
