import Foundation
import StampedeScenario

/// The end-of-run text: a latency table, SLO lines, violations, outputs, speed, and how to reproduce.
enum TerminalSummary {
    static let operationOrder = ["register", "login", "validate", "refresh", "logout", "change_password", "change_permissions"]

    static func print(_ r: RunResult, paths: [String], quiet: Bool) {
        if !quiet {
            Swift.print(pad("operation", 20) + lpad("count", 12) + lpad("p50", 11) + lpad("p99", 11) + lpad("max", 11)
                        + lpad("errors", 9) + lpad("denied", 9))
            let names = operationOrder.filter { r.operations[$0] != nil } + r.operations.keys.filter { !operationOrder.contains($0) }.sorted()
            for name in names {
                guard let o = r.operations[name], o.count > 0 else { continue }
                Swift.print(pad(name, 20) + lpad(grouped(o.count), 12) + lpad(ms(o.latencyMs.p50), 11) + lpad(ms(o.latencyMs.p99), 11)
                            + lpad(ms(o.latencyMs.max), 11) + lpad(grouped(o.errors), 9) + lpad(grouped(o.denied), 9))
            }
            if !r.slos.isEmpty { Swift.print("\nSLOs") }
            let width = max(34, (r.slos.map(\.expression.count).max() ?? 0) + 2)
            for s in r.slos {
                Swift.print("  \(s.passed ? "PASS" : "FAIL")  " + pad(s.expression, width) + "measured " + value(s.value, unit: s.unit))
            }
            let checked = r.violations.byInvariant.count
            Swift.print("\nViolations: \(r.violations.count) (\(checked) invariants checked)")
            for v in r.violations.items.prefix(3) {
                Swift.print("  \(v.invariant): \(v.message)")
            }
        }
        printBaseline(r, quiet: quiet)
        if let dropped = r.simulated.journeysDropped {
            Swift.print("\nWarning: \(grouped(dropped)) arrivals were dropped: the most journeys allowed in flight at once were "
                        + "already running (the system is overloaded; see scenarios/README.md, Limits)")
        }
        Swift.print("\nVerdict: \(verdictWords(r.verdict))" + (r.meta.interrupted ? " (interrupted: partial run)" : ""))
        Swift.print("Reports: " + (paths.first { $0.hasSuffix("index.html") } ?? paths.first ?? "-"))
        if !quiet { for p in paths where !p.hasSuffix("index.html") { Swift.print("         \(p)") } }
        Swift.print(String(format: "Simulated %@ in %.1fs wall (%.0fx real time): %@ requests, %@ simulated req/s, peak memory %.0f MB",
                           formatDuration(.seconds(r.simulated.durationS)), r.meta.wallSeconds, r.meta.speedup,
                           grouped(r.simulated.requests), grouped(Int(r.meta.simRequestsPerSecond)), r.meta.peakMemoryMB))
        Swift.print("Reproduce: \(r.meta.reproduce)")
    }

    /// `PASS`, `SLO FAILED`, `VIOLATED`, `REGRESSED`.
    static func verdictWords(_ verdict: String) -> String {
        verdict.replacingOccurrences(of: "_", with: " ").uppercased()
    }

    /// One line for a run among several (`--matrix`, `--seeds`).
    static func printLine(_ r: RunResult, label: String, paths: [String]) {
        let folder = ((paths.first ?? "") as NSString).deletingLastPathComponent
        var line = "  \(label): \(verdictWords(r.verdict)) (exit \(r.exitCode))"
        if r.violations.count > 0 { line += ", \(grouped(r.violations.count)) violations" }
        if let b = r.baseline, b.regressions > 0 { line += ", \(b.regressions) regressed vs baseline" }
        Swift.print(line + (r.meta.interrupted ? " (interrupted)" : "") + " -> \(folder)")
    }

    /// The baseline comparison: every regression, and with `quiet` off a count of the rest.
    static func printBaseline(_ r: RunResult, quiet: Bool) {
        guard let b = r.baseline else { return }
        let limit = String(format: "%g%%", b.threshold * 100)
        Swift.print("\nBaseline \(b.file) (seed \(b.baselineSeed)), regression threshold \(limit): "
                    + "\(b.regressions) of \(b.checks.count) metrics regressed")
        for c in b.checks where c.regressed || !quiet {
            let change = c.value == c.baseline ? "unchanged" : c.change.map { String(format: "%+.1f%%", $0 * 100) } ?? "from 0"
            Swift.print("  \(c.regressed ? "REGRESSED" : "ok       ")  " + pad(c.metric, 24)
                        + value(c.baseline, unit: c.unit) + " -> " + value(c.value, unit: c.unit) + " (\(change))")
        }
    }

    static func ms(_ v: Double) -> String {
        if v >= 1000 { return String(format: "%.2fs", v / 1000) }
        if v >= 100 { return String(format: "%.0fms", v) }
        if v >= 1 { return String(format: "%.1fms", v) }
        return String(format: "%.0fus", v * 1000)
    }

    static func value(_ v: Double, unit: String) -> String {
        switch unit {
        case "ms": return ms(v)
        case "ratio": return String(format: "%.3f%%", v * 100)
        default: return v == v.rounded() ? grouped(Int(v)) : String(format: "%.2f", v)
        }
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
    static func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? " " + s : String(repeating: " ", count: n - s.count) + s }
}
