import StampedeKernel
import StampedeModel

/// Everything a run measured; arrays follow `Operation.allCases` and `BackendCall.allCases`.
public struct MetricsReport: Sendable {
    /// One entry per `Operation.allCases`, in that order.
    public var operations: [OperationMetrics]
    /// One entry per `BackendCall.allCases`, in that order.
    public var backends: [BackendMetrics]
    /// Hits, misses, fallbacks and failures over the whole run.
    public var cache: CacheMetrics
    /// Nonzero counts per `<operation>.<outcome>` (`login.ok`, `validate.denied.session_revoked`,
    /// `login.error`), sorted by name.
    public var outcomes: [(name: String, count: Int)]
    /// Operations recorded.
    public var totalRequests: Int
    /// Operations that counted as errors (see `Outcome.isError`).
    public var totalErrors: Int
    /// Per-window time series of the closed windows.
    public var series: WindowSeries
}

/// One operation over the whole run.
public struct OperationMetrics: Sendable {
    public var operation: Operation
    /// From request start to completion, whatever the outcome.
    public var latency: LatencySnapshot
    /// `ok + errors + denied`.
    public var count: Int
    /// Completed as asked.
    public var ok: Int
    /// The system's fault: `.error`, or a denial whose reason `isError`.
    public var errors: Int
    /// The caller's fault: every other denial.
    public var denied: Int
}

/// One kind of backend call over the whole run; latency is wait plus service.
public struct BackendMetrics: Sendable {
    public var call: BackendCall
    /// Wait plus service.
    public var latency: LatencySnapshot
    /// Time spent queued for a connection.
    public var wait: LatencySnapshot
    /// Time spent being served once connected.
    public var service: LatencySnapshot
    /// Calls made.
    public var count: Int
    /// Calls that failed.
    public var errors: Int
}

/// Cache effectiveness over the whole run.
public struct CacheMetrics: Sendable {
    /// Lookups that found their key.
    public var hits: Int
    /// Lookups that did not.
    public var misses: Int
    /// Reads the store answered because the cache failed.
    public var fallbacks: Int
    /// Failed cache calls of any kind.
    public var failures: Int
    /// hits / (hits + misses), 0 when there were no lookups.
    public var hitRatio: Double
}

/// Columnar per-window series, contiguous from time 0: window `i` covers
/// `[i * width, (i + 1) * width)` of completion time.
public struct WindowSeries: Sendable {
    /// The width of every window.
    public var width: SimDuration
    /// Operations completed in each window.
    public var requests: [Int] = []
    /// Operations that counted as errors.
    public var errors: [Int] = []
    /// Cache lookups that hit, and that missed.
    public var cacheHits: [Int] = []
    public var cacheMisses: [Int] = []
    /// hits / (hits + misses); 0 for a window without lookups, so the series has no NaN.
    public var cacheHitRatio: [Double] = []
    /// Store queries plus writes.
    public var storeCalls: [Int] = []
    /// One entry per `Operation.allCases`.
    public var operations: [OperationSeries]

    /// How many windows the series holds.
    public var count: Int { requests.count }

    /// Where window `i` begins.
    public func start(ofWindow i: Int) -> SimInstant {
        SimInstant(nanoseconds: Int64(i) * width.nanoseconds)
    }

    init(width: SimDuration) {
        self.width = width
        operations = Operation.allCases.map { OperationSeries(operation: $0) }
    }
}

/// One operation's per-window count and latency percentiles (milliseconds, two significant
/// digits; 0 in a window without completions).
public struct OperationSeries: Sendable {
    public var operation: Operation
    /// Completions in each window.
    public var count: [Int] = []
    public var p50: [Double] = []
    public var p90: [Double] = []
    public var p99: [Double] = []
    public var max: [Double] = []
}
