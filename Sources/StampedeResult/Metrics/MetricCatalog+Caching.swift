extension MetricCatalog {
    /// How each per-class statistic is read, then the data class's name.
    static func meaning(of statistic: DataClassStatistic) -> (unit: MetricUnit, meaning: String) {
        switch statistic {
        case .hitRatio: return (.ratio, "cache hits over lookups of")
        case .staleReads: return (.count, "reads older than a completed write (past the staleness bound) of")
        case .evictions: return (.count, "keys evicted from the cache, of")
        case .storeReads: return (.count, "store reads caused by")
        }
    }

    /// The caching metrics: run-wide, then per data class (`cache.<class>.<statistic>`).
    static let cachingMetrics: [MetricDefinition] = {
        var metrics: [MetricDefinition] = [
            .init(.run(.staleReads), unit: .count, meaning: "reads of cached data older than a completed write, all classes"),
            .init(.run(.staleAuthorizations), unit: .count, meaning: "allowed requests decided on a stale read"),
            .init(.run(.writeBehindLost), unit: .count, meaning: "write-behind writes that never reached the store"),
            .init(.run(.cacheWritesLost), unit: .count, meaning: "acknowledged cache writes lost by crashes"),
        ]
        for c in DataClassKind.allCases {
            for s in DataClassStatistic.allCases {
                let (unit, meaning) = meaning(of: s)
                // Per-class hit ratios keep `lower`, as the name-based rule had it; only an
                // `==` SLO on one reads the direction.
                metrics.append(.init(.dataClass(c, s), unit: unit, meaning: "\(meaning) \(c.name)"))
            }
        }
        return metrics
    }()
}
