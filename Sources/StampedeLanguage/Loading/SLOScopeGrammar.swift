import StampedeAnalysis
import StampedeResult
/// The chaos forms of an SLO: a phase scope in front (`during(cache-outage): login.p99 <
/// 800ms`, also `before(…)` and `after(…)`) and recovery times (`recovery(cache-outage) < 30s`).
///
/// Names are checked against the plan after the whole file is read (`checkSLOReferences`).
package enum SLOScopeGrammar {
    package static let scopes = ["before", "during", "after"]
    /// Metric prefixes that cannot be judged over a phase (no per-phase data is kept for them).
    static let unscopedMetrics = ["violations", "pool."]

    /// The SLO if `text` has a chaos form, nil if it is a plain `<metric> <op> <value>`.
    package static func parse(_ text: String, line: Int) throws(ValueError) -> SLOSpec? {
        let expression = text.trimmingSpaces
        if expression.hasPrefix("recovery(") { return try recovery(expression, line: line) }
        guard let open = expression.firstIndex(of: "("), scopes.contains(String(expression[..<open])),
              let close = expression.firstIndex(of: ")"), close > open else { return nil }
        let name = expression[expression.index(after: open)..<close].trimmingSpaces
        var rest = expression[expression.index(after: close)...].trimmingSpaces
        guard rest.hasPrefix(":"), isIdentifier(String(name)) else {
            throw ValueError("invalid SLO scope", expected: "\(expression[..<open])(<name>): <metric> <op> <value>, e.g. during(cache-outage): login.p99 < 800ms",
                             found: quoted(expression))
        }
        rest = rest.dropFirst().trimmingSpaces
        var slo = try SLOGrammar.parse(String(rest), line: line)
        guard slo.scope == nil, !slo.metric.hasPrefix("recovery(") else {
            throw ValueError("invalid SLO scope", detail: "a scoped SLO cannot have another scope or be a recovery time",
                             expected: "one scope in front of a metric", found: quoted(expression))
        }
        if unscopedMetrics.contains(where: { slo.metric == $0 || ($0.hasSuffix(".") && slo.metric.hasPrefix($0)) })
            || slo.metric.contains(".wait.") || slo.metric.hasSuffix(".service.p99") {
            throw ValueError("metric '\(slo.metric)' cannot be scoped to a phase",
                             expected: "an operation or backend latency, count or error metric, errors.rate, availability, "
                                 + "cache.hit_ratio, requests or throughput", found: quoted(expression))
        }
        let scopeName = String(name)
        switch expression[..<open] {
        case "before": slo.scope = .before(scopeName)
        case "during": slo.scope = .during(scopeName)
        default: slo.scope = .after(scopeName)
        }
        slo.expression = expression
        return slo
    }

    /// `recovery(<name>) <op> <duration>`: stored with metric `recovery(<name>)` in milliseconds.
    static func recovery(_ expression: String, line: Int) throws(ValueError) -> SLOSpec {
        let expected = "recovery(<fault>) <op> <duration>, e.g. recovery(cache-outage) < 30s"
        guard let close = expression.firstIndex(of: ")") else {
            throw ValueError("invalid SLO", expected: expected, found: quoted(expression))
        }
        let name = expression[expression.index(expression.startIndex, offsetBy: "recovery(".count)..<close].trimmingSpaces
        let rest = expression[expression.index(after: close)...].trimmingSpaces
        guard isIdentifier(String(name)), let first = rest.first, "<>=".contains(first) else {
            throw ValueError("invalid SLO", expected: expected, found: quoted(expression))
        }
        let opText = String(rest.prefix { "<>=!".contains($0) })
        let opLength = opText.count
        guard let comparator = Comparator(rawValue: opText) else {
            throw ValueError("invalid SLO", detail: "unknown comparison '\(opText)'", expected: expected, found: quoted(expression),
                             suggestion: SLOGrammar.comparisonSuggestion(opText))
        }
        let metric = MetricDefinition(name: "recovery(\(name))", unit: .ms, meaning: "recovery time")
        let threshold = try SLOGrammar.threshold(String(rest.dropFirst(opLength).trimmingSpaces), for: metric, expression: expression)
        return SLOSpec(expression: expression, metric: metric.name, comparator: comparator, threshold: threshold, line: line)
    }
}
