/// How a metric's value and an SLO threshold on it are read.
public enum MetricUnit: String, Sendable, Hashable, CaseIterable, Codable {
    /// Milliseconds; thresholds are written as durations (`250ms`, `1s`, `500us`).
    case ms
    /// A fraction in 0...1; thresholds are written as `0.1%` or `0.001`.
    case ratio
    /// A plain number; thresholds are written as plain numbers.
    case count
}

/// One metric an SLO may name.
public struct MetricDefinition: Sendable, Hashable {
    public var name: String
    public var unit: MetricUnit
    /// One line for documentation and `--help`.
    public var meaning: String

    public init(name: String, unit: MetricUnit, meaning: String) {
        self.name = name; self.unit = unit; self.meaning = meaning
    }
}

/// Every metric an SLO can name, in a fixed order.
///
/// The contract: a metric name that does not exist is a load error, not a silent pass. The
/// loader checks SLOs against this list; `metricValue(_:in:)` reads the same names from a
/// `RunResult`.
public enum MetricCatalog {
    /// Auth operations, as they are keyed in `RunResult.operations`.
    public static let operations = [
        "register", "login", "validate", "refresh", "logout", "change_password", "change_permissions",
        "otp_issue", "otp_verify",
    ]
    /// Backend calls, as they are keyed in `RunResult.backends`.
    public static let backends = ["cache.get", "cache.set", "cache.delete", "cache.incr", "store.query", "store.write"]
    /// Resource pools, as they are keyed in `RunResult.pools`.
    public static let pools = ["store", "cache", "cores"]
    /// Latency summaries available for every operation and backend call.
    public static let latencySuffixes = ["p50", "p90", "p99", "p999", "max", "mean"]
    /// Connection-wait and service-time summaries available for backend calls only.
    public static let backendTimeSuffixes = ["wait.p50", "wait.p99", "wait.max", "service.p99"]

    /// Every metric, per operation first, then per backend call, then the run-wide ones.
    public static let all: [MetricDefinition] = {
        var metrics: [MetricDefinition] = []
        for operation in operations {
            metrics += callMetrics(operation, what: "\(operation) requests")
        }
        for backend in backends {
            metrics += callMetrics(backend, what: "\(backend) calls")
            for suffix in backendTimeSuffixes {
                let part = suffix.hasPrefix("wait") ? "wait for a connection" : "service time"
                let statistic = suffix.split(separator: ".")[1]
                metrics.append(.init(name: "\(backend).\(suffix)", unit: .ms, meaning: "\(statistic) \(part) of \(backend) calls"))
            }
        }
        metrics += [
            .init(name: "errors.rate", unit: .ratio, meaning: "requests that failed for the system's sake over all requests"),
            .init(name: "availability", unit: .ratio, meaning: "requests that did not fail for the system's sake over all requests"),
            .init(name: "cache.hit_ratio", unit: .ratio, meaning: "cache hits over cache lookups"),
            .init(name: "violations", unit: .count, meaning: "security invariant violations found by the checker"),
            .init(name: "requests", unit: .count, meaning: "requests completed"),
            .init(name: "throughput", unit: .count, meaning: "requests completed per simulated second"),
        ]
        for pool in pools {
            metrics.append(.init(name: "pool.\(pool).utilization", unit: .ratio, meaning: "busy time of the \(pool) pool over its capacity"))
        }
        for pool in pools {
            metrics.append(.init(name: "pool.\(pool).max_queue", unit: .count, meaning: "longest queue waiting for the \(pool) pool"))
        }
        return metrics + cachingMetrics
    }()

    static let byName: [String: MetricDefinition] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The metric called `name`, or nil if there is none.
    public static func definition(of name: String) -> MetricDefinition? { byName[name] }

    /// The metric nearest to a misspelt `name`, if one is close enough.
    public static func suggestion(for name: String) -> String? {
        nearest(to: name, among: all.map(\.name))
    }

    static func callMetrics(_ prefix: String, what: String) -> [MetricDefinition] {
        var metrics = latencySuffixes.map { suffix in
            MetricDefinition(name: "\(prefix).\(suffix)", unit: .ms, meaning: "\(suffix) latency of \(what)")
        }
        metrics += [
            .init(name: "\(prefix).count", unit: .count, meaning: "\(what) completed"),
            .init(name: "\(prefix).errors", unit: .count, meaning: "\(what) that failed for the system's sake"),
            .init(name: "\(prefix).error_rate", unit: .ratio, meaning: "\(prefix).errors over \(prefix).count"),
        ]
        return metrics
    }
}
