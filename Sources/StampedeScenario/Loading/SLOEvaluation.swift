/// The value of a catalogue metric in a run's result, in the metric's unit; nil for a name
/// that is not in `MetricCatalog`.
///
/// An operation, backend call or pool that never ran reads as zero, for counts and latencies alike.
public func metricValue(_ metric: String, in result: RunResult) -> Double? {
    guard MetricCatalog.definition(of: metric) != nil else { return nil }
    let simulated = result.simulated
    switch metric {
    case "errors.rate": return simulated.requests > 0 ? Double(simulated.errors) / Double(simulated.requests) : 0
    case "availability": return simulated.requests > 0 ? 1 - Double(simulated.errors) / Double(simulated.requests) : 1
    case "cache.hit_ratio": return result.cache.hitRatio
    case "violations": return Double(result.violations.count)
    case "requests": return Double(simulated.requests)
    case "throughput": return simulated.durationS > 0 ? Double(simulated.requests) / simulated.durationS : 0
    default: break
    }
    if let value = cachingMetricValue(metric, in: result) { return value }
    if metric.hasPrefix("pool.") {
        let parts = metric.split(separator: ".")
        let stats = result.pools[String(parts[1])]
        return parts[2] == "utilization" ? stats?.utilization ?? 0 : Double(stats?.maxQueue ?? 0)
    }
    if let operation = MetricCatalog.operations.first(where: { metric.hasPrefix($0 + ".") }) {
        let suffix = String(metric.dropFirst(operation.count + 1))
        let stats = result.operations[operation]
        return callValue(suffix, count: stats?.count ?? 0, errors: stats?.errors ?? 0, latency: stats?.latencyMs ?? .empty)
    }
    if let backend = MetricCatalog.backends.first(where: { metric.hasPrefix($0 + ".") }) {
        let suffix = String(metric.dropFirst(backend.count + 1))
        let stats = result.backends[backend]
        switch suffix {
        case "wait.p50": return stats?.waitMs.p50 ?? 0
        case "wait.p99": return stats?.waitMs.p99 ?? 0
        case "wait.max": return stats?.waitMs.max ?? 0
        case "service.p99": return stats?.serviceMs.p99 ?? 0
        default: return callValue(suffix, count: stats?.count ?? 0, errors: stats?.errors ?? 0, latency: stats?.latencyMs ?? .empty)
        }
    }
    return nil
}

/// A per-call metric (`p99`, `count`, `error_rate`, ...) from a call's counts and latency summary.
func callValue(_ suffix: String, count: Int, errors: Int, latency: LatencySummary) -> Double? {
    switch suffix {
    case "p50": return latency.p50
    case "p90": return latency.p90
    case "p99": return latency.p99
    case "p999": return latency.p999
    case "max": return latency.max
    case "mean": return latency.mean
    case "count": return Double(count)
    case "errors": return Double(errors)
    case "error_rate": return count > 0 ? Double(errors) / Double(count) : 0
    default: return nil
    }
}

/// Judges each SLO against a run's result, in the order given.
///
/// A metric that is not in the catalogue (which loading prevents) fails with value 0 rather
/// than passing silently.
public func evaluateSLOs(_ slos: [SLOSpec], in result: RunResult) -> [SLOResult] {
    slos.map { slo in
        let definition = MetricCatalog.definition(of: slo.metric)
        let value = metricValue(slo.metric, in: result)
        return SLOResult(
            expression: slo.expression, metric: slo.metric, comparator: slo.comparator.rawValue,
            threshold: slo.threshold, value: value ?? 0, unit: (definition?.unit ?? .count).rawValue,
            passed: value.map { slo.comparator.holds($0, slo.threshold) } ?? false
        )
    }
}
