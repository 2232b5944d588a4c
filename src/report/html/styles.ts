/** The report's stylesheet: light and dark through prefers-color-scheme, and a print layout that keeps colours. */
export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --card: #f6f8fa; --code: #eff2f5;
  --master: #1a7f37; --master-approx: #4ac26b; --overlap: #cf222e; --zero: #9a6700; --garp: #0969da; --na: #8250df;
  --takeover: #0550ae; --gap: #818b98; --error: #cf222e; --warning: #9a6700; --info: #0969da; --warn-bg: #fff8c5;
  --lane-bg: #f6f8fa;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --border: #3d444d; --card: #151b23; --code: #212830;
    --master: #3fb950; --master-approx: #2f8a3e; --overlap: #ff6a69; --zero: #d29922; --garp: #4493f8; --na: #ab7df8;
    --takeover: #79c0ff; --gap: #656c76; --error: #ff6a69; --warning: #d29922; --info: #4493f8; --warn-bg: #3a2c09;
    --lane-bg: #151b23;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header.page, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
header.page { padding-top: 20px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--border); word-break: break-all; }
h3 { font-size: 1.1rem; margin: 28px 0 8px; }
h4 { font-size: 1rem; margin: 0 0 6px; }
code, .mono, svg text { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
code { background: var(--code); padding: 1px 5px; border-radius: 4px; font-size: 0.9em; word-break: break-all; }
.muted { color: var(--muted); }
.summary { font-weight: 600; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
.warnings { border: 1px solid var(--warning); background: var(--warn-bg); border-radius: 6px; padding: 8px 14px; margin: 12px 0; }
.warnings h3 { margin: 0 0 4px; font-size: 1rem; color: var(--warning); }
.warnings ul { margin: 0; padding-left: 20px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 0.92rem; }
th, td { border: 1px solid var(--border); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--card); }
td.num { text-align: right; }
td.mono { overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; }
td ul { margin: 0; padding: 0; list-style: none; }
figure.timeline { margin: 16px 0 24px; border: 1px solid var(--border); border-radius: 6px; padding: 10px 12px; background: var(--bg); }
figure.timeline figcaption { font-weight: 600; margin-bottom: 4px; }
figure.timeline .alert { color: var(--overlap); font-weight: 700; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 0.85rem; color: var(--muted); margin: 4px 0 8px; }
.legend svg { vertical-align: middle; margin-right: 4px; }
svg.timeline { width: 100%; height: auto; display: block; }
svg text { fill: var(--fg); font-size: 12px; }
svg text.sub, svg text.tick { fill: var(--muted); font-size: 10.5px; }
svg .lane-bg { fill: var(--lane-bg); }
svg .bar-master { fill: var(--master); }
svg .bar-master.approximate { fill: var(--master-approx); }
svg .bar-overlap { fill: var(--overlap); }
svg .hatch-line { stroke: var(--bg); stroke-width: 2; opacity: 0.55; }
svg .gap { fill: var(--gap); opacity: 0.22; }
svg .missed rect { fill: var(--error); }
svg .axis, svg .tick-line { stroke: var(--muted); stroke-width: 1; }
svg .grid { stroke: var(--border); stroke-width: 1; stroke-dasharray: 2 3; }
svg .takeover line { stroke: var(--takeover); stroke-width: 2; }
svg .takeover path { fill: var(--takeover); }
svg .marker-zero circle { fill: var(--zero); }
svg .marker-zero text { fill: #ffffff; font-size: 10px; font-weight: 700; }
svg .marker-garp path { fill: var(--garp); }
svg .marker-na path { fill: var(--na); }
svg .finding-span.sev-error { stroke: var(--error); }
svg .finding-span.sev-warning { stroke: var(--warning); }
svg .finding-span.sev-info { stroke: var(--info); }
svg .finding-span { stroke-width: 3; stroke-linecap: round; }
svg text.finding-label { font-size: 11px; }
svg text.finding-label.sev-error { fill: var(--error); }
svg text.finding-label.sev-warning { fill: var(--warning); }
svg text.finding-label.sev-info { fill: var(--info); }
svg .marker-finding.sev-error path { fill: var(--error); }
svg .marker-finding.sev-warning path { fill: var(--warning); }
svg .marker-finding.sev-info path { fill: var(--info); }
svg .marker { cursor: pointer; }
svg .marker:hover, svg .marker:focus, svg .marker.selected { outline: none; filter: drop-shadow(0 0 2px var(--fg)); }
.detail { border-left: 3px solid var(--takeover); background: var(--card); padding: 6px 10px; margin-top: 8px; font-size: 0.9rem; }
.detail p { margin: 2px 0; }
table.transitions { font-size: 0.85rem; }
article.finding { border: 1px solid var(--border); border-left-width: 5px; border-radius: 6px; padding: 10px 14px; margin: 12px 0; background: var(--bg); }
article.finding.sev-error { border-left-color: var(--error); }
article.finding.sev-warning { border-left-color: var(--warning); }
article.finding.sev-info { border-left-color: var(--info); }
article.finding:target { box-shadow: 0 0 0 2px var(--takeover); }
.badge { display: inline-block; font-size: 0.75rem; font-weight: 700; text-transform: uppercase; padding: 1px 7px; border-radius: 10px; color: #ffffff; margin-right: 6px; }
.badge.sev-error { background: var(--error); }
.badge.sev-warning { background: var(--warning); }
.badge.sev-info { background: var(--info); }
article.finding dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 8px 0 0; }
article.finding dt { color: var(--muted); }
article.finding dd { margin: 0; }
.filter { display: flex; gap: 8px; align-items: flex-start; }
button.copy { font: inherit; font-size: 0.8rem; padding: 1px 8px; border: 1px solid var(--border); border-radius: 4px; background: var(--card); color: var(--fg); cursor: pointer; }
button.copy:hover { border-color: var(--muted); }
footer { color: var(--muted); font-size: 0.85rem; padding-top: 24px; padding-bottom: 24px; }
@media print {
  :root {
    color-scheme: light;
    --bg: #ffffff; --fg: #000000; --muted: #444c56; --border: #9aa4ae; --card: #f3f4f6; --code: #f3f4f6; --lane-bg: #f3f4f6;
    --master: #1a7f37; --master-approx: #4ac26b; --overlap: #cf222e; --warn-bg: #fff8c5;
  }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { font-size: 11pt; }
  button.copy, .detail { display: none !important; }
  figure.timeline, article.finding, table { break-inside: avoid; }
  section.capture + section.capture { break-before: page; }
  a { color: inherit; text-decoration: none; }
}
`;
