import Synchronization

/// A distribution with its own seeded generator: the service time of one backend.
public final class LatencySource: Sendable {
    public let distribution: Distribution
    private let rng: Mutex<Xoshiro256>

    public init(_ distribution: Distribution, seed: SeedTree) {
        self.distribution = distribution
        self.rng = Mutex(seed.generator())
    }

    /// Draws the next service time.
    public func next() -> SimDuration {
        rng.withLock { distribution.sample(&$0) }
    }
}

/// A pool and the service-time model of the calls it serves.
public struct ModeledResource: Sendable {
    public let pool: ResourcePool
    public let latency: LatencySource

    public init(pool: ResourcePool, latency: LatencySource) {
        self.pool = pool
        self.latency = latency
    }

    /// One call: wait for a server, then hold it for a drawn service time plus any latency a
    /// fault added on the way (`CallContext.delay`). A client deadline bound in `CallContext`
    /// caps how long the caller waits for it.
    public func call() async -> ResourcePool.Usage {
        let context = CallContext.current
        let service = latency.next() + context.delay
        if let deadline = context.deadline { return await pool.use(for: service, deadline: deadline) }
        return await pool.use(for: service)
    }
}
