import StampedeModel

extension MetricCatalog {
    /// Per-data-class statistics SLOs may name: `cache.<class>.<statistic>`.
    static let dataClassStatistics: [(name: String, unit: MetricUnit, meaning: String)] = [
        ("hit_ratio", .ratio, "cache hits over lookups of"),
        ("stale_reads", .count, "reads older than a completed write (past the staleness bound) of"),
        ("evictions", .count, "keys evicted from the cache, of"),
        ("store_reads", .count, "store reads caused by"),
    ]

    /// The caching metrics: run-wide, then per data class.
    static let cachingMetrics: [MetricDefinition] = {
        var metrics: [MetricDefinition] = [
            .init(name: "stale_reads", unit: .count, meaning: "reads of cached data older than a completed write, all classes"),
            .init(name: "stale_authorizations", unit: .count, meaning: "allowed requests decided on a stale read"),
            .init(name: "write_behind.lost", unit: .count, meaning: "write-behind writes that never reached the store"),
            .init(name: "cache.writes_lost", unit: .count, meaning: "acknowledged cache writes lost by crashes"),
        ]
        for c in DataClass.allCases {
            for s in dataClassStatistics {
                metrics.append(.init(name: "cache.\(c.name).\(s.name)", unit: s.unit, meaning: "\(s.meaning) \(c.name)"))
            }
        }
        return metrics
    }()
}

/// A caching metric's value, or nil if `metric` is not one. A run without caching results
/// (an older result) reads as zero.
func cachingMetricValue(_ metric: String, in result: RunResult) -> Double? {
    let classes = result.caching?.classes ?? [:]
    switch metric {
    case "stale_reads": return Double(classes.values.reduce(0) { $0 + $1.staleReads })
    case "stale_authorizations": return Double(classes.values.reduce(0) { $0 + $1.staleAuthorizations })
    case "write_behind.lost": return Double(classes.values.reduce(0) { $0 + ($1.writeBehind?.lost ?? 0) })
    case "cache.writes_lost": return Double(result.caching?.persistence.crashes.reduce(0) { $0 + $1.writesLostTotal } ?? 0)
    default: break
    }
    let parts = metric.split(separator: ".")
    guard parts.count == 3, parts[0] == "cache", let c = DataClass.allCases.first(where: { $0.name == parts[1] }) else { return nil }
    let stats = classes[c.name]
    switch parts[2] {
    case "hit_ratio": return stats?.hitRatio ?? 0
    case "stale_reads": return Double(stats?.staleReads ?? 0)
    case "evictions": return Double(stats?.evictions ?? 0)
    case "store_reads": return Double(stats?.storeReads ?? 0)
    default: return nil
    }
}
