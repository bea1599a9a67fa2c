// A trace as a Mermaid flowchart: one node per hop, branches from the NAT choice, each ending in
// its disposition, and a delivered branch's reply going on from there (dotted).
import type { Trace } from '../analyze/trace';
import { CONTROL } from '../core/printable';
import { bounded } from './excerpt';

/**
 * A node label: text from the input as Mermaid entity codes where it could mean something to
 * Mermaid or to the HTML it renders ("#", quotes, "%" of %% directives, < > &), control characters
 * as spaces, format characters (a bidi override) shown as \uNNNN and names bounded (bounded).
 */
function label(text: string): string {
  const flat = bounded(text.replace(CONTROL, ' '));
  return `"${flat.replace(/[#"%<>&'`]/g, (c) => `#${c.charCodeAt(0)};`)}"`;
}

export function renderMermaid(trace: Trace): string {
  const out = ['flowchart LR', `  start[${label(`${trace.from} → ${trace.to} (${trace.proto})`)}]`];
  trace.branches.forEach((branch, b) => {
    let previous = 'start';
    branch.hops.forEach((hop, h) => {
      const id = `b${b}h${h}`;
      const shape = hop.inferred ? `[/${label(`${hop.host} ${hop.step}: ${hop.detail}`)}/]` : `[${label(`${hop.host} ${hop.step}: ${hop.detail}`)}]`;
      out.push(`  ${id}${shape}`);
      out.push(h === 0 && branch.probability < 1 ? `  ${previous} -->|${Math.round(branch.probability * 1000) / 10}%| ${id}` : `  ${previous} --> ${id}`);
      previous = id;
    });
    const end = `b${b}end`;
    out.push(`  ${end}((${label(`${branch.disposition} at ${branch.at}`)}))`, `  ${previous} --> ${end}`);
    if (branch.disposition !== 'delivered') out.push(`  style ${end} fill:#fdd`);
    if (!branch.reply) return;
    // the reply's way back goes on from the delivery
    previous = end;
    branch.reply.hops.forEach((hop, h) => {
      const id = `b${b}r${h}`;
      out.push(`  ${id}${hop.inferred ? `[/${label(`${hop.host} ${hop.step}: ${hop.detail}`)}/]` : `[${label(`${hop.host} ${hop.step}: ${hop.detail}`)}]`}`);
      out.push(h === 0 ? `  ${previous} -.->|reply| ${id}` : `  ${previous} -.-> ${id}`);
      previous = id;
    });
    const replyEnd = `b${b}rend`;
    out.push(`  ${replyEnd}((${label(`reply ${branch.reply.disposition} at ${branch.reply.at}`)}))`, `  ${previous} -.-> ${replyEnd}`);
    if (branch.reply.disposition !== 'delivered') out.push(`  style ${replyEnd} fill:#fdd`);
  });
  return `${out.join('\n')}\n`;
}
