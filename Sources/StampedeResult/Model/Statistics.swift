/// Latency summary in milliseconds.
public struct LatencySummary: Codable, Sendable, Equatable {
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var p999: Double
    public var max: Double
    public var mean: Double
    public init(p50: Double, p90: Double, p99: Double, p999: Double, max: Double, mean: Double) {
        self.p50 = p50; self.p90 = p90; self.p99 = p99; self.p999 = p999; self.max = max; self.mean = mean
    }
    public static let empty = LatencySummary(p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0)
}

/// One point of an HDR percentile curve.
public struct PercentilePoint: Codable, Sendable, Equatable {
    public var percentile: Double
    public var ms: Double
    public init(percentile: Double, ms: Double) { self.percentile = percentile; self.ms = ms }
}

public struct OperationStats: Codable, Sendable {
    public var count: Int
    /// Requests that failed for the system's sake (backend unavailable, fail-closed denial, shed).
    public var errors: Int
    /// Requests refused for the caller's sake (wrong password, revoked session, ...): expected denials.
    public var denied: Int
    public var latencyMs: LatencySummary
    /// Percentile distribution for HDR plots.
    public var percentiles: [PercentilePoint]
    public init(count: Int, errors: Int, denied: Int, latencyMs: LatencySummary, percentiles: [PercentilePoint]) {
        self.count = count; self.errors = errors; self.denied = denied; self.latencyMs = latencyMs; self.percentiles = percentiles
    }
    enum CodingKeys: String, CodingKey { case count, errors, denied, latencyMs = "latency_ms", percentiles }
}

public struct BackendStats: Codable, Sendable {
    public var count: Int
    public var errors: Int
    /// Wait for a connection plus service time.
    public var latencyMs: LatencySummary
    public var waitMs: LatencySummary
    public var serviceMs: LatencySummary
    public init(count: Int, errors: Int, latencyMs: LatencySummary, waitMs: LatencySummary, serviceMs: LatencySummary) {
        self.count = count; self.errors = errors; self.latencyMs = latencyMs; self.waitMs = waitMs; self.serviceMs = serviceMs
    }
    enum CodingKeys: String, CodingKey { case count, errors, latencyMs = "latency_ms", waitMs = "wait_ms", serviceMs = "service_ms" }
}

public struct PoolStats: Codable, Sendable {
    public var capacity: Int
    public var calls: Int
    /// Busy connection-time over capacity × duration.
    public var utilization: Double
    public var maxQueue: Int
    public var meanWaitMs: Double
    public init(capacity: Int, calls: Int, utilization: Double, maxQueue: Int, meanWaitMs: Double) {
        self.capacity = capacity; self.calls = calls; self.utilization = utilization
        self.maxQueue = maxQueue; self.meanWaitMs = meanWaitMs
    }
    enum CodingKeys: String, CodingKey { case capacity, calls, utilization, maxQueue = "max_queue", meanWaitMs = "mean_wait_ms" }
}

public struct CacheStats: Codable, Sendable {
    public var hits: Int
    public var misses: Int
    public var hitRatio: Double
    public var evictions: Int
    public var expirations: Int
    /// Calls that failed because the cache was unavailable.
    public var failures: Int
    /// Reads answered by the store because the cache failed.
    public var fallbacks: Int
    public var entriesAtEnd: Int
    public init(hits: Int, misses: Int, hitRatio: Double, evictions: Int, expirations: Int, failures: Int, fallbacks: Int, entriesAtEnd: Int) {
        self.hits = hits; self.misses = misses; self.hitRatio = hitRatio; self.evictions = evictions
        self.expirations = expirations; self.failures = failures; self.fallbacks = fallbacks; self.entriesAtEnd = entriesAtEnd
    }
    enum CodingKeys: String, CodingKey {
        case hits, misses, hitRatio = "hit_ratio", evictions, expirations, failures, fallbacks, entriesAtEnd = "entries_at_end"
    }
}

