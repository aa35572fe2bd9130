import StampedeResult

/// The `#baseline` section (`run --baseline`): every compared metric against the baseline
/// run, regressions first. Absent when the run had no baseline.
enum BaselineSection {
    static func render(_ r: RunResult) -> String {
        guard let b = r.baseline else { return "" }
        let limit = Format.trimmed(b.threshold * 100) + "%"
        var out = "<section id=\"baseline\"><h2>Against the baseline</h2>\n<p class=\"note\">Compared with "
            + "\(HTML.code(b.file)) (scenario \(HTML.code(b.baselineScenario)), seed \(b.baselineSeed)). A metric "
            + "regresses when it gets worse by more than \(HTML.text(limit)) of the baseline's value; from a baseline "
            + "of 0, any new error or violation regresses.</p>\n"
        out += b.regressions == 0
            ? "<p><span class=\"badge ok\">no regression</span> in \(b.checks.count) metrics.</p>\n"
            : "<p class=\"bad-text\"><strong>\(b.regressions) of \(b.checks.count) metrics regressed.</strong></p>\n"
        let ordered = b.checks.filter(\.regressed) + b.checks.filter { !$0.regressed }
        let rows = ordered.map { c -> HTMLTable.Row in
            let t = BaselineText(c, threshold: b.threshold)
            return HTMLTable.Row(cells: [HTML.code(c.metric), HTML.text(c.better.rawValue), HTML.text(t.baseline),
                                         HTML.text(t.value), HTML.text(t.change), HTML.text(t.limit),
                                         HTML.badge(!c.regressed, pass: "ok", fail: "REGRESSED")],
                                 cls: c.regressed ? "fail" : nil)
        }
        let columns = [HTMLTable.Column(title: "metric"), HTMLTable.Column(title: "better")]
            + ["baseline", "this run", "change", "limit"].map { HTMLTable.Column(title: $0, numeric: true) }
            + [HTMLTable.Column(title: "result")]
        return out + HTMLTable(columns: columns, rows: rows).html + "</section>\n"
    }
}
