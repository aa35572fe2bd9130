import Foundation
import StampedeAnalysis
import StampedeReports
import StampedeResult

/// The end-of-compare text: one line per metric with each run's mean and verdict, then the files.
enum ComparisonTerminal {
    static func print(_ c: Comparison, paths: [String], quiet: Bool) {
        if !quiet {
            let width = max(16, (c.metrics.map(\.metric.count).max() ?? 0) + 2)
            var head = TerminalFormat.pad("metric", width)
            for (i, run) in c.runs.enumerated() { head += TerminalFormat.lpad(run.name + (i == 0 ? " (base)" : ""), 26) }
            Swift.print("\nComparison")
            Swift.print(head)
            for row in c.metrics {
                var line = TerminalFormat.pad(row.metric, width)
                for cell in row.cells {
                    var text = TerminalFormat.value(cell.summary.mean, unit: row.unit)
                    if cell.difference != nil { text += " " + mark(cell) }
                    line += TerminalFormat.lpad(text, 26)
                }
                Swift.print(line)
            }
        }
        let worse = c.metrics.flatMap { row in row.cells.enumerated().filter { $0.element.verdict == "worse" }.map { (row.metric, $0.offset) } }
        var listed = worse.prefix(4).map { "\(c.runs[$0.1].name) worse on \($0.0)" }
        if worse.count > 4 { listed.append("\(worse.count - 4) more") }
        Swift.print("\nAgainst \(c.runs.first?.name ?? "-"): "
                    + (worse.isEmpty ? "no metric significantly worse" : listed.joined(separator: "; ")))
        Swift.print("Comparison: " + (paths.first ?? "-"))
        if !quiet { for p in paths.dropFirst() { Swift.print("            \(p)") } }
    }

    /// `worse`, `better`, `same`, `higher`, `lower`, with the relative change where there is one.
    private static func mark(_ cell: MetricCell) -> String {
        let relative = cell.relative.map { String(format: "%+.0f%% ", $0 * 100) } ?? ""
        return "(\(relative)\(cell.verdict))"
    }
}
