import StampedeAnalysis
import StampedeResult

/// The comparison page: one self-contained HTML file putting runs side by side.
///
/// Like the run report it loads nothing and reads fully without JavaScript; the same inputs
/// give the same bytes.
public enum ComparisonHTML {
    /// The page for `comparison`, with charts drawn from the groups' timelines.
    public static func render(_ c: Comparison, groups: [ComparisonGroup]) -> String {
        var out = HTMLPage.open(title: "\(HTML.text(ComparisonFormat.title(c))) - Stampede comparison", css: ComparisonStyle.css)
        out += header(c)
        out += HTMLPage.toc([("runs", "Runs"), ("metrics", "Metrics"), ("charts", "Charts"), ("correctness", "Correctness")])
            + "<main>\n"
        out += runs(c)
        out += metrics(c)
        out += ComparisonCharts.section(c, groups: groups)
        out += ComparisonCorrectness.section(c, groups: groups)
        out += "</main>\n<footer>Stampede \(HTML.text(c.version)). Built from the results alone (never their run "
            + "facts), so the same results give the same page.</footer>\n"
        return out + HTMLPage.close
    }

    private static func header(_ c: Comparison) -> String {
        let worse = c.metrics.reduce(0) { $0 + $1.cells.filter { $0.verdict == "worse" }.count }
        let better = c.metrics.reduce(0) { $0 + $1.cells.filter { $0.verdict == "better" }.count }
        let cls = worse > 0 ? "slo-failed" : "pass"
        var out = "<header id=\"overview\" class=\"v-\(cls)\">\n<div class=\"head-top\"><div class=\"head-title\">"
        out += "<p class=\"eyebrow\">Stampede comparison</p><h1>\(HTML.text(ComparisonFormat.title(c)))</h1>"
        out += "<p class=\"desc\">Baseline: <strong>\(HTML.text(c.runs.first?.name ?? "-"))</strong>. "
            + "\(c.runs.count) runs, \(c.metrics.count) metrics.</p></div>\n"
        out += "<div class=\"verdict v-\(cls)\" role=\"status\"><span class=\"verdict-label\">against the baseline</span>"
        out += "<span class=\"verdict-word\">\(worse) worse</span><span class=\"verdict-sub\">\(better) better</span></div></div>\n"
        let sentence = HTML.text(ComparisonFormat.methodSentence(c))
            .replacingOccurrences(of: "--seeds N", with: "<code class=\"nowrap\">--seeds N</code>")
        out += "<p class=\"verdict-sentence\">\(sentence)</p>\n"
        return out + "</header>\n"
    }

    private static func runs(_ c: Comparison) -> String {
        let rows = c.runs.enumerated().map { i, r in
            HTMLTable.Row(cells: [
                "<span class=\"run-dot\" style=\"--c:\(ComparisonStyle.color(i))\"></span><strong>\(HTML.text(r.name))</strong>"
                    + (i == 0 ? " <span class=\"dim\">baseline</span>" : ""),
                HTML.code(r.scenario) + " <span class=\"dim\">\(HTML.text(r.file))</span>",
                HTML.text(ComparisonFormat.seeds(r.seeds)),
                r.overrides.isEmpty ? "<span class=\"dim\">none</span>" : r.overrides.map(HTML.code).joined(separator: "<br>"),
                HTML.text(ComparisonFormat.verdicts(r)),
                HTML.count(r.violations.reduce(0, +)),
            ], cls: r.exitCode == 3 ? "fail" : nil)
        }
        let columns = [HTMLTable.Column(title: "run"), HTMLTable.Column(title: "scenario"), HTMLTable.Column(title: "seeds"),
                       HTMLTable.Column(title: "overrides"), HTMLTable.Column(title: "verdict"),
                       HTMLTable.Column(title: "violations", numeric: true)]
        return "<section id=\"runs\"><h2>Runs</h2>\n" + HTMLTable(columns: columns, rows: rows).html + "</section>\n"
    }

    private static func metrics(_ c: Comparison) -> String {
        let out = "<section id=\"metrics\"><h2>Metrics</h2>\n<p class=\"note\">Every SLO metric, then the key metrics. "
            + "Each cell: the mean (± half the 95% confidence interval with several seeds), then the difference from "
            + "the baseline and the verdict.</p>\n"
        let rows = c.metrics.map { row -> HTMLTable.Row in
            var name = HTML.code(row.metric)
            if let slo = row.slo { name += "<br><span class=\"dim\">SLO \(HTML.text(slo))</span>" }
            let cells = row.cells.map { cell($0, unit: row.unit) }
            return HTMLTable.Row(cells: [name, HTML.text(row.better.rawValue)] + cells,
                                 cls: row.cells.contains { $0.verdict == "worse" } ? "worse-row" : nil)
        }
        let columns = [HTMLTable.Column(title: "metric"), HTMLTable.Column(title: "better")]
            + c.runs.enumerated().map { HTMLTable.Column(title: $1.name + ($0 == 0 ? " (baseline)" : ""), numeric: true) }
        return out + HTMLTable(columns: columns, rows: rows, cls: "data compare").html + "</section>\n"
    }

    private static func cell(_ cell: MetricCell, unit: MetricUnit) -> String {
        var out = "<span class=\"cv\">\(HTML.text(ComparisonFormat.value(cell, unit: unit)))</span>"
        if let passed = cell.sloPassed {
            let n = cell.values.count
            out += passed == n ? "<br><span class=\"badge ok\">SLO met</span>"
                : "<br><span class=\"badge bad\">SLO failed \(n - passed)/\(n)</span>"
        }
        if cell.difference != nil {
            let badge = cell.verdict == "worse" ? "bad" : cell.verdict == "better" ? "ok" : "same"
            out += "<br><span class=\"diff\">\(HTML.text(ComparisonFormat.difference(cell, unit: unit)))</span> "
                + "<span class=\"badge \(badge)\">\(HTML.text(ComparisonFormat.verdict(cell)))</span>"
            let p = ComparisonFormat.pValue(cell)
            if !p.isEmpty { out += " <span class=\"dim\">\(HTML.text(p))</span>" }
        }
        let interval = ComparisonFormat.interval(cell, unit: unit)
        if !interval.isEmpty { out += "<br><span class=\"dim\">95% CI \(HTML.text(interval))</span>" }
        return out
    }
}

/// Extra styles of the comparison page and the colour of each run.
enum ComparisonStyle {
    static let runColors = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#9c755f", "#edc948"]

    static func color(_ index: Int) -> String { runColors[index % runColors.count] }

    static let css = """
    table.compare td{white-space:nowrap;line-height:1.5}
    table.compare .cv{font-weight:600}
    table.compare .diff{font-size:12px}
    .badge.same{color:var(--dim);background:var(--soft);border:1px solid var(--line)}
    tr.worse-row td:first-child{box-shadow:inset 3px 0 0 var(--red)}
    .run-dot{display:inline-block;width:10px;height:10px;border-radius:50%;background:var(--c);margin-right:6px}
    .nowrap{white-space:nowrap}
    @media (max-width:640px){
    table.compare th:nth-child(2),table.compare td:nth-child(2){display:none}
    table.compare td,table.compare th{white-space:normal;font-size:12px}
    table.compare td:first-child{overflow-wrap:anywhere;min-width:96px}
    table.compare code{font-size:11.5px}
    }

    """
}
