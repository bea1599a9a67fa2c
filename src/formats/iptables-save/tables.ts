// The tables an iptables-save text shows, from its "*table" lines alone (iptables-save.c do_output
// prints one before each table), without reading the rules: what ingest needs to know to leave out
// the other listings of those tables (src/node/sos.ts, skipRedundant).

// the lexer's `table` token (src/formats/shared/iptables/lexer.ts), alone on its line; names are short
const TABLE_LINE = /^\*([A-Za-z_][\w-]{0,31})\r?$/;

/** Where the next line starting with "*" after `from` starts, or -1. */
function nextStarLine(text: string, from: number): number {
  const at = text.indexOf('\n*', from);
  return at === -1 ? -1 : at + 1;
}

/** The names of the tables `text` (iptables-save output) holds, in order. */
export function tablesShown(text: string): string[] {
  const tables: string[] = [];
  for (let start = text.startsWith('*') ? 0 : nextStarLine(text, 0); start !== -1; start = nextStarLine(text, start)) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const name = TABLE_LINE.exec(text.slice(start, end))?.[1];
    if (name !== undefined && !tables.includes(name)) tables.push(name);
  }
  return tables;
}
