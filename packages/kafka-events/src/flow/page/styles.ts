/** The flow page's only stylesheet, inlined in the page (its hash is allowed by the page's CSP). */
export const FLOW_PAGE_CSS = `
:root { color-scheme: light; --line: #d9dde3; --muted: #5b6470; --accent: #2350a0; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', 'Liberation Sans', 'DejaVu Sans', sans-serif; color: #1c2128; background: #f6f7f9; }
header, main { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 0; }
h2 code { font-size: 16px; font-weight: 600; }
h3 { font-size: 15px; margin: 24px 0 8px; }
code { font: 13px/1.3 ui-monospace, 'Liberation Mono', 'DejaVu Sans Mono', monospace; white-space: nowrap; }
.lead { color: var(--muted); margin: 0 0 12px; }
.counts { display: flex; flex-wrap: wrap; gap: 8px; margin: 0 0 16px; padding: 0; list-style: none; }
nav.topics { display: flex; flex-wrap: wrap; gap: 4px 12px; margin: 0 0 16px; font-size: 13px; }
nav.topics a { color: var(--accent); text-decoration: none; }
nav.topics a.flagged::after { content: ' \\25CF'; color: #b26a00; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 0 0 16px; padding: 12px 16px; }
section > header { padding: 0; margin: 0 0 8px; display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; max-width: none; }
.meta { color: var(--muted); font-size: 13px; }
table { width: 100%; border-collapse: collapse; }
th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.03em; padding: 4px 8px; border-bottom: 1px solid var(--line); }
td { padding: 5px 8px; vertical-align: top; }
table.flow tbody + tbody { border-top: 1px solid var(--line); }
table.flow td.ends { width: 30%; }
table.flow td.producers, table.flow th.producers { text-align: right; }
table.flow td.arrow { width: 1.5em; color: var(--muted); text-align: center; }
table.flow td.event { white-space: nowrap; }
.project { display: inline-block; white-space: nowrap; margin: 0 4px 3px 0; padding: 1px 7px; border: 1px solid #c7d2e4; border-radius: 10px; background: #eef3fb; }
.project small { margin-left: 5px; color: var(--muted); font-size: 11px; }
.none { color: #9aa1ab; font-style: italic; }
.latest { margin-left: 6px; font-size: 11px; color: var(--muted); }
.status { display: inline-block; margin: 0 4px 3px 0; padding: 1px 8px; border-radius: 10px; font-size: 12px; white-space: nowrap; }
.status-ok { background: #e3f5e6; color: #1f6b2c; }
.status-old-version-consumed { background: #fff1cc; color: #7a4b00; }
.status-consumed-not-produced { background: #fde2e1; color: #8a1c14; }
.status-produced-not-consumed { background: #e2ecfd; color: #1d4690; }
.status-unused { background: #eceef1; color: #4d5560; }
.attention li, .projects li { margin: 2px 0; }
ul.plain { margin: 0; padding-left: 18px; }
td.site { white-space: nowrap; }
footer { color: var(--muted); font-size: 12px; padding: 0 24px 24px; max-width: 1200px; margin: 0 auto; }
`;
