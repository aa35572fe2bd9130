import StampedeAnalysis
/// `compare.md`: the comparison as GitHub-flavoured Markdown, for a pull-request comment or
/// `$GITHUB_STEP_SUMMARY`.
public enum ComparisonMarkdown {
    public static func render(_ c: Comparison) -> String {
        var out = "## Stampede comparison: \(Escape.markdownCell(ComparisonFormat.title(c)))\n\n"
        out += "Baseline: **\(Escape.markdownCell(c.runs.first?.name ?? "-"))**; differences are against it. "
        out += ComparisonFormat.methodSentence(c) + "\n\n"
        out += runs(c) + "\n" + metrics(c) + worse(c)
        return out
    }

    private static func runs(_ c: Comparison) -> String {
        var out = "| run | scenario | seeds | overrides | verdict | violations |\n| --- | --- | --- | --- | --- | ---: |\n"
        for r in c.runs {
            let overrides = r.overrides.isEmpty ? "-" : r.overrides.map { Escape.markdownCode($0, inTable: true) }.joined(separator: " ")
            out += "| **\(Escape.markdownCell(r.name))** | \(Escape.markdownCode(r.scenario, inTable: true)) "
            out += "| \(ComparisonFormat.seeds(r.seeds)) | \(overrides) | \(Escape.markdownCell(ComparisonFormat.verdicts(r))) "
            out += "| \(Format.thousands(r.violations.reduce(0, +))) |\n"
        }
        return out
    }

    private static func metrics(_ c: Comparison) -> String {
        var out = "### Metrics\n\n| metric | better |"
        for (i, r) in c.runs.enumerated() { out += " \(Escape.markdownCell(r.name))\(i == 0 ? " (baseline)" : "") |" }
        out += "\n| --- | --- |" + String(repeating: " ---: |", count: c.runs.count) + "\n"
        for row in c.metrics {
            var name = Escape.markdownCode(row.metric, inTable: true)
            if let slo = row.slo { name += " (SLO " + Escape.markdownCode(slo, inTable: true) + ")" }
            out += "| \(name) | \(row.better.rawValue) |"
            for cell in row.cells {
                var text = Escape.markdownCell(ComparisonFormat.value(cell, unit: row.unit))
                if cell.difference != nil {
                    let verdict = ComparisonFormat.verdict(cell)
                    let shown = cell.verdict == "worse" ? "**\(verdict)**" : verdict
                    text += " · Δ " + Escape.markdownCell(ComparisonFormat.difference(cell, unit: row.unit)) + " " + shown
                }
                out += " \(text) |"
            }
            out += "\n"
        }
        return out
    }

    private static func worse(_ c: Comparison) -> String {
        var lines: [String] = []
        for row in c.metrics {
            for (i, cell) in row.cells.enumerated() where cell.verdict == "worse" {
                lines.append("- \(Escape.markdownCell(c.runs[i].name)): \(Escape.markdownCode(row.metric)) "
                             + Escape.markdownCell(ComparisonFormat.difference(cell, unit: row.unit)))
            }
        }
        guard !lines.isEmpty else { return "\nNo metric is significantly worse than the baseline.\n" }
        return "\n### Worse than the baseline\n\n" + lines.joined(separator: "\n") + "\n"
    }
}
