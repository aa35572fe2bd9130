/// What stands in front of a real backend's calls, so a real backend lives under the same
/// scenario as the model: the scenario's connection pool (its utilisation and queue, and a
/// fault that shrinks it, measured in front of the real client's own connections), and the
/// latency a call fault adds on the way (`CallContext.delay`, spent holding the connection,
/// as the model spends it).
///
/// A model backend needs none of this: its `ModeledResource` holds the pool for a modeled
/// service time. A real one serves for as long as it takes, between `enter()` and `leave()`.
public struct CallGate: Sendable {
    public let pool: ResourcePool?
    public let clock: any SimClock

    /// - Parameter pool: nil lets every call straight through (a benchmark, a test).
    public init(pool: ResourcePool?, clock: any SimClock) {
        self.pool = pool
        self.clock = clock
    }

    /// Waits for a connection of the pool, then spends any injected delay holding it. False
    /// when the caller's deadline (`CallContext.deadline`) came first: the call must not be
    /// sent, and nothing is held.
    public func enter() async -> Bool {
        let context = CallContext.current
        if let pool, !(await pool.enter(before: context.deadline)) { return false }
        guard context.delay > .zero else { return true }
        if let deadline = context.deadline, clock.now + context.delay >= deadline {
            try? await clock.sleep(until: deadline)
            pool?.leave()
            return false
        }
        try? await clock.sleep(for: context.delay)
        return true
    }

    /// Gives back the connection `enter()` took.
    public func leave() { pool?.leave() }
}
