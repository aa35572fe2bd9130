/// How a metric's value and an SLO threshold on it are read.
public enum MetricUnit: String, Sendable, Hashable, CaseIterable, Codable {
    /// Milliseconds; thresholds are written as durations (`250ms`, `1s`, `500us`).
    case ms
    /// A fraction in 0...1; thresholds are written as `0.1%` or `0.001`.
    case ratio
    /// A plain number; thresholds are written as plain numbers.
    case count
}

/// Which way a metric gets better, for comparing runs and for baseline regressions.
public enum MetricDirection: String, Sendable, Codable, CaseIterable {
    /// Latencies, error rates, violations, queues.
    case lower
    /// Cache hit ratio, throughput.
    case higher
    /// Neither is better (requests, counts of work done): differences are reported, not judged.
    case neither

    /// The direction an SLO's comparator states: `<` and `<=` lower, `>` and `>=` higher;
    /// nil for `==`, which says nothing about which way is better.
    public init?(_ comparator: Comparator) {
        switch comparator {
        case .lessThan, .lessOrEqual: self = .lower
        case .greaterThan, .greaterOrEqual: self = .higher
        case .equal: return nil
        }
    }
}
