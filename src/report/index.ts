/** The reporters: what the CLI calls to turn AuditDocuments into text, JSON or an HTML file. */
export { formatAuditText, formatSummaryLine, DEFAULT_TEXT_WIDTH, type AuditTextOptions } from './audit-text.js';
export { formatAuditJson } from './json.js';
export { renderHtmlReport } from './html/render.js';
export { shouldUseColor, type ColorStream } from './color.js';
export { buildRouterTimeline, documentSpan, type RouterTimeline, type Lane } from './timeline-model.js';
