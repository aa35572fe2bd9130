import StampedeResult

/// `summary.md`: the verdict and the numbers that decide it, for a pull-request comment or
/// `$GITHUB_STEP_SUMMARY`.
public enum MarkdownSummary {
    /// The GitHub-flavoured Markdown summary of a result.
    public static func render(_ r: RunResult) -> String {
        var parts = [header(r), slos(r), baseline(r), operations(r), violations(r), reproduce(r)]
        parts.removeAll { $0.isEmpty }
        return parts.joined(separator: "\n")
    }

    private static func header(_ r: RunResult) -> String {
        let words = r.verdict.words
        let errorRate = r.simulated.requests > 0 ? Double(r.simulated.errors) / Double(r.simulated.requests) : 0
        var out = "## Stampede: \(Escape.markdownCell(r.scenario.name)) - \(words)\n\n"
        out += "**Verdict: \(words)** (exit code \(r.exitCode)). \(Presentation.verdictSentence(r))\n\n"
        if r.meta.interrupted { out += "> **Interrupted:** the run was stopped early; these are the numbers up to then.\n\n" }
        out += "| scenario | seed | simulated | requests | errors | speed |\n"
        out += "| --- | ---: | ---: | ---: | ---: | ---: |\n"
        out += "| \(Escape.markdownCode(r.scenario.name, inTable: true)) | \(r.seed) "
        out += "| \(Format.duration(r.simulated.durationS)) | \(Format.thousands(r.simulated.requests)) "
        out += "| \(Format.thousands(r.simulated.errors)) (\(Format.percent(errorRate))) "
        out += "| \(Format.significant(r.meta.speedup))x real time |\n"
        return out
    }

    private static func slos(_ r: RunResult) -> String {
        guard !r.slos.isEmpty else { return "### SLOs\n\nNo SLOs declared.\n" }
        var out = "### SLOs\n\n| SLO | measured | threshold | margin | result |\n| --- | ---: | ---: | ---: | --- |\n"
        for slo in r.slos {
            let row = SLORow(slo)
            out += "| \(Escape.markdownCode(row.expression, inTable: true)) | \(Escape.markdownCell(row.measured)) "
            out += "| \(Escape.markdownCell(row.threshold)) | \(Escape.markdownCell(row.margin)) "
            out += "| \(row.passed ? "pass" : "**FAIL**") |\n"
        }
        return out
    }

    private static func operations(_ r: RunResult) -> String {
        let names = Presentation.orderedOperations(r.operations.keys)
        guard !names.isEmpty else { return "" }
        var out = "### Operations\n\n| operation | count | errors | p50 | p99 | max |\n"
        out += "| --- | ---: | ---: | ---: | ---: | ---: |\n"
        for kind in names {
            guard let op = r.operations[kind] else { continue }
            out += "| \(Escape.markdownCell(kind.name)) | \(Format.thousands(op.count)) | \(Format.thousands(op.errors)) "
            out += "| \(Format.ms(op.latencyMs.p50)) | \(Format.ms(op.latencyMs.p99)) | \(Format.ms(op.latencyMs.max)) |\n"
        }
        return out
    }

    private static func violations(_ r: RunResult) -> String {
        let invariants = Presentation.invariants(r.violations)
        var out = "### Correctness\n\n"
        guard r.violations.count > 0 else {
            return out + "No invariant violated (\(invariants.count) invariants checked).\n"
        }
        let noun = r.violations.count == 1 ? "violation" : "violations"
        out += "**\(Format.thousands(r.violations.count)) \(noun).**\n\n"
        for (invariant, count) in invariants where count > 0 {
            out += "- \(Escape.markdownCode(invariant.rawValue)): \(Format.thousands(count))"
            if let first = Presentation.firstViolation(of: invariant, in: r.violations) {
                out += " - first at \(Format.clock(first.atS)) (user \(first.user)): "
                out += Escape.markdownCell(first.message)
            }
            out += "\n"
        }
        return out
    }

    private static func reproduce(_ r: RunResult) -> String {
        let fence = Escape.markdownFence(for: r.meta.reproduce)
        return "### Reproduce\n\n\(fence)sh\n\(r.meta.reproduce)\n\(fence)\n"
    }
}
