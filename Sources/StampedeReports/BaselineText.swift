import StampedeResult

/// The words every writer uses for one baseline check, so terminal, JUnit, Markdown and HTML agree.
struct BaselineText {
    let baseline: String
    let value: String
    /// `+28.4%`, `-3.1%`, `unchanged`, or `from 0`.
    let change: String
    /// The threshold in the worse direction: `+10%` for lower-is-better, `-10%` for higher-is-better.
    let limit: String

    init(_ c: BaselineCheck, threshold: Double) {
        baseline = SLORow.value(c.baseline, unit: c.unit)
        value = SLORow.value(c.value, unit: c.unit)
        if c.value == c.baseline {
            change = "unchanged"
        } else if let r = c.change {
            change = (r > 0 ? "+" : "-") + Format.significant(abs(r) * 100) + "%"
        } else {
            change = "from 0"
        }
        limit = (c.better == .higher ? "-" : "+") + Format.trimmed(threshold * 100) + "%"
    }
}

extension MarkdownSummary {
    /// The baseline comparison: regressions first, then every other compared metric.
    static func baseline(_ r: RunResult) -> String {
        guard let b = r.baseline else { return "" }
        var out = "### Baseline\n\nCompared with \(Escape.markdownCode(b.file)) (scenario \(Escape.markdownCode(b.baselineScenario)), "
        out += "seed \(b.baselineSeed)); a metric regresses when it is worse by more than "
        out += "\(Format.trimmed(b.threshold * 100))%. "
        out += b.regressions == 0 ? "**No regression.**\n\n" : "**\(b.regressions) regressed.**\n\n"
        out += "| metric | baseline | this run | change | result |\n| --- | ---: | ---: | ---: | --- |\n"
        let ordered = b.checks.filter(\.regressed) + b.checks.filter { !$0.regressed }
        for c in ordered {
            let t = BaselineText(c, threshold: b.threshold)
            out += "| \(Escape.markdownCode(c.metric, inTable: true)) | \(Escape.markdownCell(t.baseline)) "
            out += "| \(Escape.markdownCell(t.value)) | \(Escape.markdownCell(t.change)) "
            out += "| \(c.regressed ? "**REGRESSED**" : "ok") |\n"
        }
        return out
    }
}
