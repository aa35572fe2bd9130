import StampedeAnalysis
import StampedeResult
/// SLO expressions: `<metric> <op> <value>`, e.g. `login.p99 < 250ms`, `errors.rate < 0.1%`,
/// `violations == 0`.
///
/// The metric must be in `MetricCatalog`, and the threshold must carry the metric's unit: a
/// duration for latencies (stored in milliseconds), a percentage or a fraction for ratios, a
/// plain number for counts.
package enum SLOGrammar {
    package static let expected = "<metric> <op> <value> with op one of <, <=, >, >=, ==, e.g. login.p99 < 250ms"

    package static func parse(_ text: String, line: Int) throws(ValueError) -> SLOSpec {
        if let chaos = try SLOScopeGrammar.parse(text, line: line) { return chaos }
        let expression = text.trimmingSpaces
        guard let opStart = expression.firstIndex(where: { "<>=!".contains($0) }) else {
            throw ValueError("invalid SLO", detail: "no comparison", expected: expected, found: quoted(expression))
        }
        // The whole run of operator characters, so `=<` is reported as written, not as `=`.
        let opEnd = expression[opStart...].firstIndex { !"<>=!".contains($0) } ?? expression.endIndex
        let opText = String(expression[opStart..<opEnd])
        guard let comparator = Comparator(rawValue: opText) else {
            throw ValueError("invalid SLO", detail: "unknown comparison '\(opText)'", expected: expected,
                             found: quoted(expression), suggestion: comparisonSuggestion(opText))
        }
        let metric = expression[..<opStart].trimmingSpaces
        let valueText = expression[opEnd...].trimmingSpaces
        guard !metric.isEmpty, !valueText.isEmpty else {
            throw ValueError("invalid SLO", expected: expected, found: quoted(expression))
        }
        guard let definition = MetricCatalog.definition(of: String(metric)) else {
            throw ValueError("unknown metric '\(metric)' in SLO",
                             expected: "a metric from the catalogue (scenarios/README.md), e.g. login.p99, errors.rate, violations",
                             found: quoted(expression), suggestion: MetricCatalog.suggestion(for: String(metric)),
                             code: .unknownMetric)
        }
        let threshold = try threshold(String(valueText), for: definition, expression: expression)
        return SLOSpec(expression: expression, metric: definition.name, comparator: comparator, threshold: threshold, line: line)
    }

    /// The comparison a mistyped one most likely meant: `=` → `==`, `=<` → `<=`, `=>` → `>=`, `<<` → `<`.
    static func comparisonSuggestion(_ op: String) -> String? {
        switch op {
        case "=", "===": return "=="
        case "=<", "<==", "=<=": return "<="
        case "=>", ">==", "=>=": return ">="
        case "<<": return "<"
        case ">>": return ">"
        default: return nil
        }
    }

    /// The threshold in the metric's unit: milliseconds, a fraction, or a plain number.
    package static func threshold(_ text: String, for metric: MetricDefinition, expression: String) throws(ValueError) -> Double {
        let isPercent = text.hasSuffix("%")
        let isDuration = DurationGrammar.isDurationLike(Substring(text))
        switch metric.unit {
        case .ms:
            guard isDuration else {
                throw ValueError("wrong unit in SLO", detail: "\(metric.name) is a latency",
                                 expected: "a duration such as 250ms, 1s or 500us", found: quoted(text))
            }
            return try DurationGrammar.parse(text).milliseconds
        case .ratio:
            guard !isDuration else {
                throw ValueError("wrong unit in SLO", detail: "\(metric.name) is a ratio",
                                 expected: "a percentage such as 0.1% or a fraction such as 0.001", found: quoted(text))
            }
            let value = try NumberGrammar.proportion(text, what: "threshold")
            guard (0...1).contains(value) else {
                throw ValueError("threshold out of range in SLO", detail: "\(metric.name) is a ratio",
                                 expected: "a value from 0% to 100% (or 0 to 1)", found: quoted(text))
            }
            return value
        case .count:
            guard !isDuration, !isPercent, let value = Lexer.number(text) else {
                if Lexer.hasExponent(text) {
                    throw ValueError("invalid threshold in SLO", detail: Lexer.exponentDetail, expected: "a plain number such as 0 or 1000",
                                     found: quoted(text))
                }
                throw ValueError("wrong unit in SLO", detail: "\(metric.name) is a count",
                                 expected: "a plain number such as 0 or 1000", found: quoted(text))
            }
            return value
        }
    }
}
