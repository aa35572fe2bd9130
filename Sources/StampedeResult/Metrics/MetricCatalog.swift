/// Every metric an SLO, a baseline check or a comparison can name, in a fixed order: the
/// one registry the loader's SLO validation, SLO evaluation, baselines, comparisons, reports
/// and the terminal read.
///
/// The contract: a metric name that does not exist is a load error, not a silent pass. The
/// loader checks SLOs against `definition(of:)`; `value(of:in:)` reads the same names from a
/// `RunResult`.
public enum MetricCatalog {
    /// Every metric, per operation first, then per backend call, then the run-wide ones, the
    /// pools and the caching metrics.
    public static let all: [MetricDefinition] = {
        var metrics: [MetricDefinition] = []
        for operation in OperationKind.allCases {
            metrics += callMetrics(what: "\(operation.name) requests") { .operation(operation, $0) }
        }
        for backend in BackendCallKind.allCases {
            metrics += callMetrics(what: "\(backend.name) calls") { .backend(backend, .call($0)) }
            for statistic in BackendStatistic.times {
                let parts = statistic.name.split(separator: ".")
                let part = parts[0] == "wait" ? "wait for a connection" : "service time"
                metrics.append(.init(.backend(backend, statistic), unit: .ms, meaning: "\(parts[1]) \(part) of \(backend.name) calls"))
            }
        }
        metrics += [
            .init(.run(.errorRate), unit: .ratio, meaning: "requests that failed for the system's sake over all requests"),
            // Kept `lower` as the name-based rule had it; only an `==` SLO on it reads the direction.
            .init(.run(.availability), unit: .ratio, meaning: "requests that did not fail for the system's sake over all requests"),
            .init(.run(.cacheHitRatio), unit: .ratio, direction: .higher, meaning: "cache hits over cache lookups"),
            .init(.run(.violations), unit: .count, meaning: "security invariant violations found by the checker"),
            .init(.run(.requests), unit: .count, direction: .neither, meaning: "requests completed"),
            .init(.run(.throughput), unit: .count, direction: .higher, meaning: "requests completed per simulated second"),
            .init(.run(.generatorLagP99), unit: .ms,
                  meaning: "99th percentile of how late the arrival generator started journeys (wall clock; 0 in virtual time)"),
        ]
        for pool in PoolKind.allCases {
            metrics.append(.init(.pool(pool, .utilization), unit: .ratio, direction: .neither,
                                 meaning: "busy time of the \(pool.name) pool over its capacity"))
        }
        for pool in PoolKind.allCases {
            metrics.append(.init(.pool(pool, .maxQueue), unit: .count, meaning: "longest queue waiting for the \(pool.name) pool"))
        }
        return metrics + cachingMetrics
    }()

    static let byName: [String: MetricDefinition] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The metric called `name`, or nil if there is none.
    public static func definition(of name: String) -> MetricDefinition? { byName[name] }

    /// The value of the metric called `name` in `result`, in its unit; nil for a name that is
    /// not in the catalogue.
    public static func value(of name: String, in result: RunResult) -> Double? {
        byName[name]?.value(in: result)
    }

    /// The unit of `name`; a metric outside the catalogue (a recovery time) reads as a count.
    public static func unit(of name: String) -> MetricUnit {
        byName[name]?.unit ?? .count
    }

    /// Which way `name` gets better: as an SLO's `comparator` states where one is given and
    /// states a direction, else the metric's own; lower for a metric outside the catalogue.
    public static func direction(of name: String, comparator: Comparator? = nil) -> MetricDirection {
        if let comparator, let stated = MetricDirection(comparator) { return stated }
        return byName[name]?.direction ?? .lower
    }

    /// Latency statistics, then the completed count, the errors and the error rate, of one
    /// operation or backend call.
    static func callMetrics(what: String, _ reading: (CallStatistic) -> MetricReading) -> [MetricDefinition] {
        var metrics = CallStatistic.latencies.map { s in
            MetricDefinition(reading(s), unit: .ms, meaning: "\(s.rawValue) latency of \(what)")
        }
        let prefix = String(reading(.count).name.dropLast(".count".count))
        metrics += [
            .init(reading(.count), unit: .count, direction: .neither, meaning: "\(what) completed"),
            .init(reading(.errors), unit: .count, meaning: "\(what) that failed for the system's sake"),
            .init(reading(.errorRate), unit: .ratio, meaning: "\(prefix).errors over \(prefix).count"),
        ]
        return metrics
    }
}
