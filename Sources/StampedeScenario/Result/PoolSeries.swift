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
