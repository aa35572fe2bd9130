import StampedeAnalysis
import StampedeResult

/// How the comparison writers word values, differences and verdicts, so HTML and Markdown agree.
enum ComparisonFormat {
    /// The mean in its unit, with the 95% CI half-width when there are several seeds: `312.4ms ± 4.1ms`.
    static func value(_ cell: MetricCell, unit: MetricUnit) -> String {
        let mean = SLORow.value(cell.summary.mean, unit: unit)
        guard let low = cell.summary.ci95Low, let high = cell.summary.ci95High, high > low else { return mean }
        return mean + " ± " + SLORow.value((high - low) / 2, unit: unit)
    }

    /// The 95% CI as `[low, high]`, or empty for a single run.
    static func interval(_ cell: MetricCell, unit: MetricUnit) -> String {
        guard let low = cell.summary.ci95Low, let high = cell.summary.ci95High, high > low else { return "" }
        return "[" + SLORow.value(low, unit: unit) + ", " + SLORow.value(high, unit: unit) + "]"
    }

    /// The difference from the baseline: `+18.2ms (+5.8%)`, `-0.4 pp`, `+3`, or `±0`.
    static func difference(_ cell: MetricCell, unit: MetricUnit) -> String {
        guard let d = cell.difference else { return "" }
        if d == 0 { return "±0" }
        let sign = d > 0 ? "+" : "-"
        let size: String
        switch unit {
        case .ratio: size = Format.significant(abs(d) * 100) + " pp"
        case .ms, .count: size = SLORow.value(abs(d), unit: unit)
        }
        guard let r = cell.relative, unit != .ratio else { return sign + size }
        return sign + size + " (" + (r > 0 ? "+" : "-") + Format.significant(abs(r) * 100) + "%)"
    }

    /// `p = 0.003` for a tested difference, empty otherwise.
    static func pValue(_ cell: MetricCell) -> String {
        guard let p = cell.pValue else { return "" }
        return p < 0.0001 ? "p < 0.0001" : "p = " + Format.significant(p)
    }

    /// The verdict as a reader sees it: `worse`, `better`, `same (noise)`, `higher`, `lower`.
    static func verdict(_ cell: MetricCell) -> String {
        cell.verdict == "same" && cell.difference != 0 ? "same (noise)" : cell.verdict
    }

    /// One sentence saying how differences were judged for these runs.
    static func methodSentence(_ c: Comparison) -> String {
        let seeds = c.runs.map(\.seeds.count)
        let tolerance = Format.trimmed(c.method.tolerance * 100) + "%"
        let interval = "Values are means over seeds with 95% confidence intervals (Student t)."
        if seeds.allSatisfy({ $0 >= 2 }) {
            return "\(interval) A difference from the baseline is significant when Welch's t-test gives "
                + "p < \(Format.trimmed(c.method.alpha)); otherwise it is called the same (noise)."
        }
        if seeds.contains(where: { $0 >= 2 }) {
            return "\(interval) Welch's t-test at p < \(Format.trimmed(c.method.alpha)) judges runs with two or more "
                + "seeds on both sides; where a side has a single run, a difference within \(tolerance) of the baseline "
                + "is called the same."
        }
        return "One run per column, so no statistics: a difference within \(tolerance) of the baseline is called the "
            + "same. Use --seeds N for confidence intervals and significance tests."
    }

    /// Run names as `a vs b vs c`.
    static func title(_ c: Comparison) -> String {
        c.runs.map(\.name).joined(separator: " vs ")
    }

    /// `3 × PASS` or `PASS, SLO FAILED`.
    static func verdicts(_ run: ComparedRun) -> String {
        let distinct = run.verdicts.reduce(into: [Verdict]()) { if !$0.contains($1) { $0.append($1) } }
        if distinct.count == 1, let only = distinct.first {
            return run.verdicts.count > 1 ? "\(run.verdicts.count) × \(only.words)" : only.words
        }
        return run.verdicts.map(\.words).joined(separator: ", ")
    }

    /// `1, 2, 3` or `42–46` for consecutive seeds.
    static func seeds(_ seeds: [UInt64]) -> String {
        guard let first = seeds.first, let last = seeds.last else { return "" }
        let consecutive = seeds.count > 2 && zip(seeds, seeds.dropFirst()).allSatisfy { $1 == $0 + 1 }
        return consecutive ? "\(first)–\(last)" : seeds.map(String.init).joined(separator: ", ")
    }
}
