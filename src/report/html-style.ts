/**
 * The report's stylesheet, inlined into report.html (the CSP allows inline styles only).
 * System fonts, no web fonts; prints cleanly; charts scale with the page.
 * A backslash at the end of a line continues the rule on the next (no newline in the CSS), so a long rule
 * fits the line width without changing a byte of report.html.
 */
export const REPORT_CSS = `
:root { --fg:#1f2328; --muted:#5c6670; --line:#d8dee4; --bg:#f6f8fa; --card:#fff;
  --bad:#c92a2a; --bad-bg:#fff5f5; --good:#2b8a3e; --good-bg:#ebfbee; --warn:#b35c00; --warn-bg:#fff9db;
  --accent:#1971c2; }
* { box-sizing:border-box; }
body { margin:0; background:var(--bg); color:var(--fg);
  font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif; }
main { max-width:1120px; margin:0 auto; padding:24px 28px 48px; }
h1 { font-size:28px; margin:2px 0 6px; letter-spacing:-0.01em; word-break:break-word; }
h2 { font-size:19px; margin:36px 0 12px; padding-bottom:6px; border-bottom:1px solid var(--line); }
h3 { font-size:15px; margin:18px 0 8px; }
.brand { color:var(--muted); font-size:13px; text-transform:uppercase; letter-spacing:.08em; }
.meta { display:flex; flex-wrap:wrap; gap:6px 8px; margin:8px 0 0; padding:0; list-style:none; }
.meta li { background:var(--card); border:1px solid var(--line); border-radius:999px; padding:2px 10px; \
font-size:13px; color:var(--muted); }
.meta b { color:var(--fg); font-weight:600; }
.verdict { margin:22px 0 18px; padding:18px 22px; background:var(--card); border:1px solid var(--line);
  border-left:6px solid var(--muted); border-radius:8px; }
.verdict.tone-bad { border-left-color:var(--bad); background:linear-gradient(90deg,var(--bad-bg),var(--card) 60%); }
.verdict.tone-good { border-left-color:var(--good); background:linear-gradient(90deg,var(--good-bg),var(--card) 60%); }
.verdict.tone-warn { border-left-color:var(--warn); background:linear-gradient(90deg,var(--warn-bg),var(--card) 60%); }
.verdict-title { margin:0; font-size:13px; font-weight:700; text-transform:uppercase; letter-spacing:.08em; }
.tone-bad .verdict-title { color:var(--bad); } .tone-good .verdict-title { color:var(--good); } \
.tone-warn .verdict-title { color:var(--warn); }
.summary { margin:6px 0 10px; font-size:19px; line-height:1.45; font-weight:500; }
.badges { display:flex; flex-wrap:wrap; gap:6px; margin:0; padding:0; list-style:none; }
.badges li { font-size:12px; border-radius:4px; padding:1px 8px; background:var(--bg); border:1px solid var(--line); \
color:var(--muted); }
.facts { display:grid; grid-template-columns:repeat(auto-fill,minmax(230px,1fr)); gap:12px; }
.fact { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:12px 14px; }
.fact .label { font-size:12px; color:var(--muted); text-transform:uppercase; letter-spacing:.05em; }
.fact .value { font-size:22px; font-weight:650; margin:2px 0; font-variant-numeric:tabular-nums; }
.fact .detail { font-size:13px; color:var(--muted); }
.fact.tone-bad .value { color:var(--bad); } .fact.tone-good .value { color:var(--good); } \
.fact.tone-warn .value { color:var(--warn); }
.charts { display:grid; grid-template-columns:repeat(auto-fit,minmax(460px,1fr)); gap:14px; }
.stack { display:grid; gap:12px; }
.chart-figure { margin:0; background:var(--card); border:1px solid var(--line); border-radius:8px; \
padding:10px 12px 4px; }
.chart-figure figcaption { display:flex; flex-wrap:wrap; align-items:baseline; gap:4px 14px; font-size:14px; }
.chart { display:block; width:100%; height:auto; }
.chart text { font-family:inherit; }
.legend { display:flex; flex-wrap:wrap; gap:2px 14px; margin:0; padding:0; list-style:none; font-size:12.5px; \
color:var(--muted); }
.swatch { display:inline-block; width:16px; height:0; border-top:2.5px solid var(--c); vertical-align:middle; \
margin-right:5px; }
.swatch-dashed { border-top-style:dashed; }
.swatch-point, .swatch-hollow { width:9px; height:9px; border:2px solid var(--c); border-radius:50%; \
background:var(--c); }
.swatch-hollow { background:#fff; }
.grid { stroke:#eceff1; stroke-width:1; }
.axis { stroke:#8c959f; stroke-width:1; }
.tick-mark { stroke:#8c959f; }
.tick { font-size:11px; fill:#57606a; font-variant-numeric:tabular-nums; }
.axis-label { font-size:12px; fill:#57606a; }
.band-stage { fill:#f1f3f5; } .band-stage-alt { fill:#fff; }
.band-warmup { fill:#adb5bd; fill-opacity:.18; }
.band-ci { fill:#ff8787; fill-opacity:.22; }
.band-label { font-size:11px; fill:#57606a; }
.ref-label { font-size:11.5px; font-weight:600; paint-order:stroke; stroke:#fff; stroke-width:3px; }
.bar-label { font-size:13px; fill:#343a40; } .bar-value { font-size:13px; font-weight:600; }
.plan-answer { font-size:16.5px; margin:4px 0 14px; max-width:70em; }
.note { color:var(--muted); font-size:14px; margin:6px 0; }
table { border-collapse:collapse; width:100%; background:var(--card); border:1px solid var(--line); \
border-radius:8px; font-size:14px; }
th, td { padding:6px 10px; border-bottom:1px solid #eef1f4; text-align:left; vertical-align:top; }
th { background:#f1f3f5; font-weight:600; font-size:13px; color:#343a40; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
tr:last-child td { border-bottom:none; }
.table-wrap { overflow-x:auto; }
.pill { display:inline-block; font-size:12px; font-weight:700; border-radius:4px; padding:0 7px; }
.pill.pass { color:var(--good); background:var(--good-bg); } .pill.fail { color:var(--bad); background:var(--bad-bg); }
.flag { display:inline-block; font-size:12px; border-radius:4px; padding:0 6px; margin:1px 2px 1px 0; \
background:var(--warn-bg); color:var(--warn); }
.flag.plain { background:var(--bg); color:var(--muted); }
.signals { margin:0; padding-left:20px; } .signals li { margin:3px 0; }
.signals .kind { font-weight:600; }
.warnings li { color:var(--warn); }
code, pre { font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; font-size:13px; }
code { background:#eef1f4; border-radius:4px; padding:1px 5px; word-break:break-word; }
pre { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:12px 14px; overflow:auto; \
max-height:520px; }
details summary { cursor:pointer; color:var(--accent); margin:8px 0; }
dl.env { display:grid; grid-template-columns:max-content 1fr; gap:4px 16px; margin:0; background:var(--card); \
border:1px solid var(--line); border-radius:8px; padding:12px 16px; }
dl.env dt { color:var(--muted); } dl.env dd { margin:0; word-break:break-all; }
footer { margin-top:40px; color:var(--muted); font-size:12.5px; }
@media (max-width:700px) { main { padding:16px; } .charts { grid-template-columns:1fr; } .summary { font-size:17px; } }
@media print { body { background:#fff; } .chart-figure, .fact, table, .verdict { break-inside:avoid; } }
`;
