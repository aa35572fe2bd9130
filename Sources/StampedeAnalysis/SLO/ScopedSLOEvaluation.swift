import StampedeResult
/// Judges every SLO of a run: whole-run ones on `result`, scoped ones on `phases` (the
/// result as seen over each phase, keyed by its scope, e.g. `during(cache-outage)`),
/// recovery times on `recoveries` (seconds per fault or event name; nil inside when it
/// never recovered). A recovery that never happened fails whatever the comparison, with
/// the time from the fault's end to `runEnd` as its value; a scope with no data fails too.
public func evaluateSLOs(_ slos: [SLOSpec], in result: RunResult, phases: [String: RunResult],
                         recoveries: [String: Double?], runEnd: Double) -> [SLOResult] {
    slos.map { slo in
        if slo.metric.hasPrefix("recovery(") {
            let name = String(slo.metric.dropFirst("recovery(".count).dropLast())
            let measured = recoveries[name] ?? nil
            let lastEnd = result.chaos?.faults.first { $0.name == name }?.occurrences.last?.endS
            let value = measured.map { $0 * 1000 } ?? max(0, runEnd - (lastEnd ?? runEnd)) * 1000
            return SLOResult(expression: slo.expression, metric: slo.metric, comparator: slo.comparator,
                             threshold: slo.threshold, value: (value * 1000).rounded() / 1000, unit: .ms,
                             passed: measured.map { slo.comparator.holds($0 * 1000, slo.threshold) } ?? false)
        }
        guard let scope = slo.scope else {
            return evaluateSLOs([slo], in: result)[0]
        }
        let view = phases[scope.description]
        var judged = view.map { evaluateSLOs([slo], in: $0)[0] }
            ?? SLOResult(expression: slo.expression, metric: slo.metric, comparator: slo.comparator,
                         threshold: slo.threshold, value: 0, unit: MetricCatalog.unit(of: slo.metric), passed: false)
        judged.scope = scope.description
        return judged
    }
}
