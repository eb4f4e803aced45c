/** The page's stylesheet: a light, print-friendly grid of cards. */
export const STYLES = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#0f172a;background:#f1f5f9}
header{padding:20px 28px 8px}
header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;color:#475569}
main{padding:8px 28px 28px}
section{margin:18px 0}
section>h2{font-size:16px;margin:0 0 10px;color:#334155}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px}
.tile{background:#fff;border-radius:10px;padding:12px 16px;box-shadow:0 1px 2px rgba(15,23,42,.08)}
.tile .label{color:#64748b;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.tile .value{font-size:22px;font-weight:600;margin-top:2px}
.tile .note{color:#64748b;font-size:12px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:12px}
.card{background:#fff;border-radius:10px;padding:8px;box-shadow:0 1px 2px rgba(15,23,42,.08);min-width:0;overflow-x:auto}
.chart{width:100%;height:360px}
.card.span{grid-column:1/-1}
.chart.wide{height:400px}
.empty{display:flex;align-items:center;justify-content:center;height:120px;color:#64748b}
table{width:100%;border-collapse:collapse;font-size:13px}
caption{text-align:left;font-weight:600;padding:6px 8px;color:#334155}
th,td{padding:6px 8px;border-bottom:1px solid #e2e8f0;text-align:left}
td.num,th.num,td.code{white-space:nowrap}
td{overflow-wrap:anywhere}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
footer{padding:0 28px 24px;color:#64748b;font-size:12px}
`;
