export { diagnose, curlTargets } from './diagnose';
export type { DiagnoseOptions } from './diagnose';
export { Report, ReportSection, ReportDiagnostic } from './schema';
export { renderText, type Paint, type Style } from './text';
export { renderMarkdown } from './markdown';
export { renderMermaid } from './mermaid';
export { VERSION } from './version';
