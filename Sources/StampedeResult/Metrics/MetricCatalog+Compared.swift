extension MetricCatalog {
    /// The metrics every comparison shows besides the SLOs: p50 and p99 of each operation
    /// that ran, the error rate, the cache hit ratio, store query p99 and violations.
    public static func keyMetrics(for results: [RunResult]) -> [String] {
        var out: [String] = []
        for operation in OperationKind.allCases where results.contains(where: { ($0.operations[operation]?.count ?? 0) > 0 }) {
            out += [MetricReading.operation(operation, .p50).name, MetricReading.operation(operation, .p99).name]
        }
        let rest: [MetricReading] = [.run(.errorRate), .run(.cacheHitRatio), .backend(.storeQuery, .call(.p99)), .run(.violations)]
        return out + rest.map(\.name)
    }

    /// SLO metrics of `results` in the order they first appear, with the first SLO on each,
    /// then the key metrics not among them.
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
