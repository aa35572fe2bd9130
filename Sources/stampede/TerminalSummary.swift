import Foundation
import StampedeKernel
import StampedeResult

/// The end-of-run text: a latency table, SLO lines, violations, outputs, speed, and how to reproduce.
enum TerminalSummary {
    private typealias F = TerminalFormat

    static func print(_ r: RunResult, paths: [String], quiet: Bool) {
        if !quiet {
            Swift.print(F.pad("operation", 20) + F.lpad("count", 12) + F.lpad("p50", 11) + F.lpad("p99", 11)
                        + F.lpad("max", 11) + F.lpad("errors", 9) + F.lpad("denied", 9))
            for kind in OperationKind.allCases {
                guard let o = r.operations[kind], o.count > 0 else { continue }
                let l = o.latencyMs
                Swift.print(F.pad(kind.name, 20) + F.lpad(grouped(o.count), 12) + F.lpad(F.ms(l.p50), 11) + F.lpad(F.ms(l.p99), 11)
                            + F.lpad(F.ms(l.max), 11) + F.lpad(grouped(o.errors), 9) + F.lpad(grouped(o.denied), 9))
            }
            if !r.slos.isEmpty { Swift.print("\nSLOs") }
            let width = max(34, (r.slos.map(\.expression.count).max() ?? 0) + 2)
            for s in r.slos {
                Swift.print("  \(s.passed ? "PASS" : "FAIL")  " + F.pad(s.expression, width) + "measured " + F.value(s.value, unit: s.unit))
            }
            let checked = r.violations.byInvariant.count
            Swift.print("\nViolations: \(r.violations.count) (\(checked) invariants checked)")
            for v in r.violations.items.prefix(3) {
                Swift.print("  \(v.invariant.rawValue): \(v.message)")
            }
        }
        printBaseline(r, quiet: quiet)
        if !quiet, let real = r.meta.realBackends, !real.isEmpty {
            Swift.print("\nBackends: " + real.map { "\($0.role) \($0.server) (\($0.endpoint == "managed" ? "managed, " : "")\($0.address))" }
                .joined(separator: "; ") + "; password hashing \(r.meta.passwordHashing)")
        }
        for failure in r.meta.faultFailures ?? [] {
            Swift.print("Warning: a process fault failed: \(failure)")
        }
        if let dropped = r.simulated.journeysDropped {
            Swift.print("\nWarning: \(grouped(dropped)) arrivals were dropped: the most journeys allowed in flight at once were "
                        + "already running (the system is overloaded; see scenarios/README.md, Limits)")
        }
        Swift.print("\nVerdict: \(r.verdict.words)" + (r.meta.interrupted ? " (interrupted: partial run)" : ""))
        Swift.print("Reports: " + (paths.first { $0.hasSuffix("index.html") } ?? paths.first ?? "-"))
        if !quiet { for p in paths where !p.hasSuffix("index.html") { Swift.print("         \(p)") } }
        Swift.print(String(format: "Simulated %@ in %.1fs wall (%.0fx real time): %@ requests, %@ simulated req/s, peak memory %.0f MB",
                           formatDuration(.seconds(r.simulated.durationS)), r.meta.wallSeconds, r.meta.speedup,
                           grouped(r.simulated.requests), grouped(Int(r.meta.simRequestsPerSecond)), r.meta.peakMemoryMB))
        Swift.print("Reproduce: \(r.meta.reproduce)")
    }

    /// One line for a run among several (`--matrix`, `--seeds`).
    static func printLine(_ r: RunResult, label: String, paths: [String]) {
        let folder = ((paths.first ?? "") as NSString).deletingLastPathComponent
        var line = "  \(label): \(r.verdict.words) (exit \(r.exitCode))"
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
            Swift.print("  \(c.regressed ? "REGRESSED" : "ok       ")  " + F.pad(c.metric, 24)
                        + F.value(c.baseline, unit: c.unit) + " -> " + F.value(c.value, unit: c.unit) + " (\(change))")
        }
    }
}
