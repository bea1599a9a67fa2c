export { diagnose, curlTargets } from './diagnose';
export type { DiagnoseOptions } from './diagnose';
export { Report, ReportSection, ReportDiagnostic } from './schema';
export { renderText, renderTextLines, type Paint, type Style } from './text';
export { renderMarkdown, renderMarkdownLines } from './markdown';
export { renderMermaid } from './mermaid';
export { VERSION } from './version';
