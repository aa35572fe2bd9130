/// Which way a metric gets better, for comparing runs and for baseline regressions.
public enum MetricDirection: String, Sendable, Codable, CaseIterable {
    /// Latencies, error rates, violations, queues.
    case lower
    /// Cache hit ratio, throughput.
    case higher
    /// Neither is better (requests, counts of work done): differences are reported, not judged.
    case neither

    /// The direction of `metric`; an SLO's comparator (`<` or `>`) decides where one is given.
    public static func of(_ metric: String, comparator: String? = nil) -> MetricDirection {
        switch comparator {
        case "<", "<=": return .lower
        case ">", ">=": return .higher
        default: break
        }
        if metric == "cache.hit_ratio" || metric == "throughput" { return .higher }
        if metric == "requests" || metric.hasSuffix(".count") { return .neither }
        if metric.hasSuffix(".utilization") { return .neither }
        // Latencies, errors, error rates, violations, queue lengths.
        return .lower
    }
}

extension MetricCatalog {
    /// The metrics every comparison shows besides the SLOs: p50 and p99 of each operation
    /// that ran, the error rate, the cache hit ratio, store query p99 and violations.
    public static func keyMetrics(for results: [RunResult]) -> [String] {
        var out: [String] = []
        for operation in operations where results.contains(where: { ($0.operations[operation]?.count ?? 0) > 0 }) {
            out += ["\(operation).p50", "\(operation).p99"]
        }
        return out + ["errors.rate", "cache.hit_ratio", "store.query.p99", "violations"]
    }

    /// SLO metrics of `results` in the order they first appear, with the comparator of the
    /// first SLO on each, then the key metrics not among them.
    public static func comparedMetrics(for results: [RunResult]) -> [(metric: String, slo: SLOResult?)] {
        var out: [(metric: String, slo: SLOResult?)] = []
        for result in results {
            for slo in result.slos where !out.contains(where: { $0.metric == slo.metric }) {
                out.append((slo.metric, slo))
            }
        }
        for metric in keyMetrics(for: results) where !out.contains(where: { $0.metric == metric }) {
            out.append((metric, nil))
        }
        return out
    }
}
