/// A band or mark on the run's timeline: a fault window, a security event, an alert, a breaker spell.
public struct TimelineEvent: Codable, Sendable {
    public var type: EventKind
    public var label: String
    public var startS: Double
    /// Equal to `startS` for an instant.
    public var endS: Double
    public var detail: String
    public init(type: EventKind, label: String, startS: Double, endS: Double, detail: String) {
        self.type = type; self.label = label; self.startS = startS; self.endS = endS; self.detail = detail
    }
    enum CodingKeys: String, CodingKey { case type, label, startS = "start_s", endS = "end_s", detail }
}

/// Per-window time series, column by column (index i is the window starting at `startS[i]`).
public struct Timeline: Codable, Sendable {
    public var windowS: Double
    public var startS: [Double]
    /// Completed requests per second in each window.
    public var throughput: [Double]
    /// Errors per second in each window.
    public var errors: [Double]
    public var cacheHitRatio: [Double]
    /// Store calls per second.
    public var storeCalls: [Double]
    /// Per operation: count, p50, p99 and max per window.
    public var operations: [OperationKind: OperationSeries]
    /// Per resource pool: utilization and queueing per window.
    public var pools: [PoolKind: PoolSeries]
    /// Further per-window series keyed `<group>.<name>`, e.g. `breaker.cache.open`,
    /// `retries.store`, `shed.login`. The report draws one chart per group, only when present;
    /// empty when the run produced none.
    public var series: [String: [Double]]
    public init(windowS: Double, startS: [Double], throughput: [Double], errors: [Double], cacheHitRatio: [Double],
                storeCalls: [Double], operations: [OperationKind: OperationSeries], pools: [PoolKind: PoolSeries] = [:],
                series: [String: [Double]] = [:]) {
        self.windowS = windowS; self.startS = startS; self.throughput = throughput; self.errors = errors
        self.cacheHitRatio = cacheHitRatio; self.storeCalls = storeCalls; self.operations = operations
        self.pools = pools; self.series = series
    }
    enum CodingKeys: String, CodingKey {
        case windowS = "window_s", startS = "start_s", throughput, errors, cacheHitRatio = "cache_hit_ratio"
        case storeCalls = "store_calls", operations, pools, series
    }
}

/// A resource pool's load per window.
public struct PoolSeries: Codable, Sendable, Equatable {
    /// Busy server-time over available server-time in the window, 0...1.
    public var utilization: [Double]
    /// Time-averaged number of calls waiting for a server in the window.
    public var queueMean: [Double]
    /// Most calls waiting at once during the window.
    public var queueMax: [Int]
    public init(utilization: [Double], queueMean: [Double], queueMax: [Int]) {
        self.utilization = utilization; self.queueMean = queueMean; self.queueMax = queueMax
    }
    enum CodingKeys: String, CodingKey { case utilization, queueMean = "queue_mean", queueMax = "queue_max" }
}

/// An operation's requests and latency per window.
public struct OperationSeries: Codable, Sendable {
    public var count: [Int]
    public var p50Ms: [Double]
    public var p90Ms: [Double]
    public var p99Ms: [Double]
    public var maxMs: [Double]
    public init(count: [Int], p50Ms: [Double], p90Ms: [Double], p99Ms: [Double], maxMs: [Double]) {
        self.count = count; self.p50Ms = p50Ms; self.p90Ms = p90Ms; self.p99Ms = p99Ms; self.maxMs = maxMs
    }
    enum CodingKeys: String, CodingKey { case count, p50Ms = "p50_ms", p90Ms = "p90_ms", p99Ms = "p99_ms", maxMs = "max_ms" }
}
