/// The report's style sheet, inlined into the page.
///
/// System fonts only, no external resources. Chart text is sized in chart units, so on
/// narrow screens, where a chart is drawn smaller, it is enlarged to stay legible.
enum ReportStyle {
    static let css = """
    :root{--ink:#1f2328;--dim:#656d76;--line:#d8dee4;--soft:#f6f8fa;--bg:#eef1f4;--card:#fff;
    --pass:#1a7f37;--pass-bg:#dafbe1;--amber:#9a6700;--amber-bg:#fff1c2;--red:#cf222e;--red-bg:#ffebe9;
    --accent:#0969da;--fault:#f2a900;--security:#6a3d9a}
    *{box-sizing:border-box}
    html{-webkit-text-size-adjust:100%}
    body{margin:0;background:var(--bg);color:var(--ink);line-height:1.45;
    font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",
    "Liberation Sans",sans-serif}
    code,pre,td.num{font-family:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace}
    code{font-size:12.5px}
    .page{max-width:1320px;margin:0 auto;padding:20px 24px 40px}
    header,section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:18px 22px;margin:0 0 16px}
    header{border-top:6px solid var(--dim)}
    header.v-pass{border-top-color:var(--pass)}header.v-slo-failed{border-top-color:#d4a72c}
    header.v-violated{border-top-color:var(--red)}
    .head-top{display:flex;gap:16px;justify-content:space-between;align-items:flex-start}
    .eyebrow{margin:0;color:var(--dim);font-size:12px;text-transform:uppercase;letter-spacing:.06em}
    h1{margin:2px 0 4px;font-size:26px;line-height:1.2;word-break:break-word}
    h2{margin:0 0 10px;font-size:18px}
    h3{margin:0 0 6px;font-size:15px}
    .desc{margin:0;color:var(--dim);max-width:80ch}
    .verdict{flex:none;display:flex;flex-direction:column;align-items:center;min-width:150px;padding:8px 16px;
    border-radius:8px;border:2px solid}
    .verdict.v-pass{color:var(--pass);background:var(--pass-bg);border-color:var(--pass)}
    .verdict.v-slo-failed{color:var(--amber);background:var(--amber-bg);border-color:#d4a72c}
    .verdict.v-violated{color:var(--red);background:var(--red-bg);border-color:var(--red)}
    .verdict-label{font-size:11px;text-transform:uppercase;letter-spacing:.08em}
    .verdict-word{font-size:22px;font-weight:700;letter-spacing:.02em;white-space:nowrap}
    .verdict-sub{font-size:12px}
    .verdict-sentence{margin:10px 0 0;font-weight:600}
    .interrupted{margin:8px 0 0;padding:6px 10px;background:var(--amber-bg);border-radius:6px}
    .facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px 20px;margin:14px 0 0}
    .facts div,.kv div{min-width:0}
    .facts dt,.kv dt{color:var(--dim);font-size:12px}
    .facts dd,.kv dd{margin:0;font-weight:600;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
    .scenario-file{margin:12px 0 0;font-size:13px}
    .repro{margin-top:8px}
    .repro span{color:var(--dim);font-size:12px}
    pre{margin:4px 0 0;padding:10px 12px;background:#24292f;color:#f6f8fa;border-radius:6px;overflow-x:auto;
    white-space:pre-wrap;overflow-wrap:anywhere}
    pre code{font-size:12.5px}
    .toc{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 16px}
    .toc a{padding:4px 12px;border-radius:999px;background:var(--card);border:1px solid var(--line);color:var(--accent);
    text-decoration:none;font-weight:600;font-size:13px}
    .note{color:var(--dim);margin:0 0 10px}
    .dim{color:var(--dim);font-weight:400}
    .bad-text{color:var(--red)}
    .table-wrap{overflow-x:auto;margin:0 0 14px}
    table.data{border-collapse:collapse;width:100%;font-size:13px;font-variant-numeric:tabular-nums}
    table.narrow{width:auto;min-width:50%}
    caption{text-align:left;font-weight:600;padding:4px 0 6px;color:var(--ink)}
    th,td{padding:5px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top;white-space:nowrap}
    th{background:var(--soft);font-size:12px;color:var(--dim);font-weight:600;border-top:1px solid var(--line)}
    td.num,th.num{text-align:right}
    td.num{font-size:12.5px}
    tbody tr:hover{background:#f6f8fa}
    tr.fail td{background:var(--red-bg)}
    tr.group th{background:var(--card);color:var(--ink);font-size:12.5px;padding-top:12px;border-top:0}
    tr.warn td{background:var(--amber-bg)}
    .badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:11.5px;font-weight:700}
    .badge.ok{color:var(--pass);background:var(--pass-bg)}
    .badge.bad{color:#fff;background:var(--red)}
    .meter{display:inline-block;width:60px;height:8px;margin-right:8px;background:var(--soft);border:1px solid var(--line);
    border-radius:4px;overflow:hidden;vertical-align:middle}
    .meter span{display:block;height:100%;background:var(--accent)}
    .chart-grid{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:16px}
    figure.chart-box{margin:0;padding:10px 12px;border:1px solid var(--line);border-radius:8px;min-width:0}
    figcaption{margin:0 0 4px;font-size:14px}
    figcaption span{color:var(--dim);font-size:12px;margin-left:6px}
    svg.chart{display:block;width:100%;height:auto;overflow:visible}
    .chart text{font-size:12px;fill:#3d444d}
    .chart .unit{font-size:11.5px;font-weight:600}
    .chart .ev{font-size:11px;font-weight:600;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
    .chart .fault-label{fill:#7d5700}
    .chart .security-label{fill:var(--security)}
    .chart .nodata{fill:var(--dim);font-size:14px}
    .chart .grid{stroke:#e6e9ed;stroke-width:1}
    .chart .axis{stroke:#8c959f;stroke-width:1}
    .chart .fault-band{fill:var(--fault);fill-opacity:.18}
    .chart .security-line{stroke:var(--security);stroke-width:1.5;stroke-dasharray:5 3}
    .chart .s-line{fill:none;stroke-width:1.8;stroke-linejoin:round;stroke-linecap:round}
    .chart .s-thin{fill:none;stroke-width:.9;stroke-opacity:.6;stroke-linejoin:round}
    .chart .s-area{stroke:none;fill-opacity:.16}
    .chart .s-dash{fill:none;stroke-width:1.3;stroke-dasharray:5 3;stroke-linejoin:round}
    .legend{list-style:none;display:flex;flex-wrap:wrap;gap:4px 14px;margin:6px 0 0;padding:0;font-size:12px;color:var(--dim)}
    .legend li{display:flex;align-items:center;gap:5px}
    .legend .legend-note{font-style:italic}
    .sw{display:inline-block;width:16px;height:0;border-top:2.5px solid var(--c)}
    .sw-area{height:10px;border:1.5px solid var(--c);background:color-mix(in srgb,var(--c) 20%,transparent)}
    .sw-band{height:10px;border:0;background:color-mix(in srgb,var(--c) 30%,transparent)}
    .sw-dashed{border-top:2px dashed var(--c)}
    .violation{border:1px solid var(--line);border-left:4px solid var(--red);border-radius:6px;padding:10px 14px;margin:12px 0}
    .violation p{margin:0 0 8px}
    .kv{display:flex;flex-wrap:wrap;gap:6px 22px;margin:0 0 10px}
    table.witness td{white-space:normal;overflow-wrap:anywhere}
    table.witness td.num{white-space:nowrap}
    .wt{position:relative;display:block;min-width:160px;height:12px;background:var(--soft);border-radius:3px}
    .wt b{position:absolute;top:2px;height:8px;background:var(--accent);border-radius:2px}
    .wt-event{position:absolute;top:-2px;bottom:-2px;width:2px;background:var(--security)}
    .wt-exposure{position:absolute;top:0;bottom:0;min-width:2px;background:var(--red);opacity:.25}
    footer{color:var(--dim);font-size:12px;text-align:center;padding:8px}
    @media (max-width:900px){.chart-grid{grid-template-columns:minmax(0,1fr)}}
    @media (max-width:640px){
    .page{padding:10px 8px 24px}
    header,section{padding:12px 10px;border-radius:6px}
    .head-top{flex-direction:column}
    .verdict{align-self:stretch}
    h1{font-size:21px}
    .facts{grid-template-columns:repeat(2,minmax(0,1fr))}
    figure.chart-box{padding:8px 4px}
    .chart text{font-size:19px}
    .chart .unit{font-size:17px}
    .chart .ev{font-size:17px}
    th,td{padding:4px 6px}
    table.witness tr>:last-child{display:none}
    .chart .odd{display:none}
    }
    @media print{
    body{background:#fff;font-size:11px}
    .page{max-width:none;padding:0}
    .toc{display:none}
    header,section{border:0;border-radius:0;padding:0;margin:0 0 14px}
    header{border-top:6px solid;padding-top:8px}
    figure,article,tr,.table-wrap{break-inside:avoid}
    h2{break-after:avoid}
    .chart-grid{grid-template-columns:repeat(2,minmax(0,1fr))}
    .table-wrap{overflow:visible}
    table.data,td.num{font-size:10px}
    th,td{padding:3px 5px}
    pre{background:#fff;color:#000;border:1px solid #999}
    tbody tr:hover{background:none}
    *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
    }

    """
}
