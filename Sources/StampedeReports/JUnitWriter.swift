import Foundation
import StampedeResult

/// `junit.xml`: one test case per SLO and per invariant, for CI test-result views.
public enum JUnitWriter {
    /// The JUnit XML document for a result.
    ///
    /// Suite and case `time` attributes are simulated seconds; SLO and invariant cases take
    /// no time of their own, so theirs is 0.
    public static func render(_ r: RunResult) -> String {
        let cases = sloCases(r) + invariantCases(r) + baselineCases(r)
        let failures = cases.filter { $0.failure != nil }.count
        let time = String(format: "%.3f", r.simulated.durationS)
        let counts = "tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\""
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"stampede\" \(counts) time=\"\(time)\">\n"
        out += "  <testsuite name=\"\(Escape.markup("stampede." + r.scenario.name))\" \(counts) skipped=\"0\" time=\"\(time)\">\n"
        out += "    <properties>\n"
        for (name, value) in properties(r) {
            out += "      <property name=\"\(name)\" value=\"\(Escape.markup(value))\"/>\n"
        }
        out += "    </properties>\n"
        for c in cases { out += c.xml }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    private struct Case {
        let classname: String
        let name: String
        let failure: (message: String, type: String, detail: String)?

        var xml: String {
            let open = "    <testcase classname=\"\(Escape.markup(classname))\" name=\"\(Escape.markup(name))\" time=\"0\""
            guard let failure else { return open + "/>\n" }
            return open + ">\n"
                + "      <failure message=\"\(Escape.markup(failure.message))\" type=\"\(failure.type)\">"
                + Escape.markup(failure.detail) + "</failure>\n"
                + "    </testcase>\n"
        }
    }

    private static func properties(_ r: RunResult) -> [(String, String)] {
        [
            ("seed", String(r.seed)),
            ("verdict", r.verdict.rawValue),
            ("exit_code", String(r.exitCode)),
            ("scenario_file", r.scenario.file),
            ("requests", String(r.simulated.requests)),
            ("reproduce", r.meta.reproduce),
        ]
    }

    private static func sloCases(_ r: RunResult) -> [Case] {
        r.slos.map { slo in
            let row = SLORow(slo)
            guard !slo.passed else { return Case(classname: "slo", name: slo.expression, failure: nil) }
            let message = "measured \(row.measured) vs threshold \(row.threshold)"
            let detail = "\(slo.metric): \(message) (margin \(row.margin))"
            return Case(classname: "slo", name: slo.expression, failure: (message, "slo", detail))
        }
    }

    private static func invariantCases(_ r: RunResult) -> [Case] {
        Presentation.invariants(r.violations).map { invariant, count in
            let name = invariant.rawValue
            guard count > 0 else { return Case(classname: "invariant", name: name, failure: nil) }
            let noun = count == 1 ? "violation" : "violations"
            var message = "\(count) \(noun)"
            var detail = message
            if let first = Presentation.firstViolation(of: invariant, in: r.violations) {
                message += "; first: \(first.message)"
                detail = message + "\n" + witnessText(first)
            }
            return Case(classname: "invariant", name: name, failure: (message, "invariant", detail))
        }
    }

    /// One case per metric compared with the baseline (`run --baseline`), failed when it regressed.
    private static func baselineCases(_ r: RunResult) -> [Case] {
        guard let b = r.baseline else { return [] }
        return b.checks.map { c in
            let name = "\(c.metric) vs baseline"
            guard c.regressed else { return Case(classname: "regression", name: name, failure: nil) }
            let text = BaselineText(c, threshold: b.threshold)
            let message = "\(c.metric) regressed: \(text.baseline) -> \(text.value) (\(text.change), limit \(text.limit))"
            let detail = message + "\nbaseline: \(b.file) (scenario \(b.baselineScenario), seed \(b.baselineSeed))"
            return Case(classname: "regression", name: name, failure: (message, "regression", detail))
        }
    }

    private static func witnessText(_ v: ViolationItem) -> String {
        var lines = ["user \(v.user), session \(v.session), request at \(Format.clock(v.atS)), "
            + "event completed at \(Format.clock(v.eventAtS))", "witness:"]
        for w in v.witness {
            lines.append("  \(Format.clock(w.startS)) .. \(Format.clock(w.endS))  \(w.what)")
        }
        return lines.joined(separator: "\n")
    }
}
