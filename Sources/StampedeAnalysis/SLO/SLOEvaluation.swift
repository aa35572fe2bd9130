import StampedeResult
/// Judges each SLO against a run's result, in the order given, reading each metric through
/// `MetricCatalog`.
///
/// A metric that is not in the catalogue (which loading prevents) fails with value 0 rather
/// than passing silently.
public func evaluateSLOs(_ slos: [SLOSpec], in result: RunResult) -> [SLOResult] {
    slos.map { slo in
        let value = MetricCatalog.value(of: slo.metric, in: result)
        return SLOResult(
            expression: slo.expression, metric: slo.metric, comparator: slo.comparator,
            threshold: slo.threshold, value: value ?? 0, unit: MetricCatalog.unit(of: slo.metric),
            passed: value.map { slo.comparator.holds($0, slo.threshold) } ?? false
        )
    }
}
