import StampedeCache
import StampedeKernel
import StampedeModel

/// A cache fault active over a window of simulated time.
public struct CacheFault: Sendable {
    public enum Effect: Sendable {
        /// Connection refused: every call fails fast.
        case down
        /// Every call takes this much longer (network delay before the call reaches the cache).
        case latency(LatencySource)
    }

    public var start: SimInstant
    public var end: SimInstant
    public var effect: Effect

    public init(start: SimInstant, end: SimInstant, effect: Effect) {
        self.start = start; self.end = end; self.effect = effect
    }

    @inlinable func active(at t: SimInstant) -> Bool { t >= start && t < end }
}

/// Wraps a cache and injects the faults of a plan at the times the plan says.
public final class FaultyCache: AuthCache {
    private let base: any AuthCache
    private let faults: [CacheFault]
    private let clock: any SimClock
    private let observer: (any AuthObserver)?

    public init(wrapping base: any AuthCache, faults: [CacheFault], clock: any SimClock, observer: (any AuthObserver)?) {
        self.base = base
        self.faults = faults.sorted { $0.start < $1.start }
        self.clock = clock
        self.observer = observer
    }

    /// Applies the faults active now: throws if the cache is down, sleeps for added latency.
    private func inject(_ call: BackendCall) async throws(BackendError) {
        let now = clock.now
        var extra = SimDuration.zero
        for f in faults where f.active(at: now) {
            switch f.effect {
            case .down:
                observer?.backendCall(call, wait: .zero, service: .zero, failed: true, at: now)
                throw .unavailable
            case .latency(let source):
                extra += source.next()
            }
        }
        if extra.nanoseconds > 0 { try? await clock.sleep(for: extra) }
    }

    public func get(_ key: CacheKey) async throws(BackendError) -> CacheValue? {
        try await inject(.cacheGet)
        return try await base.get(key)
    }

    public func set(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async throws(BackendError) {
        try await inject(.cacheSet)
        try await base.set(key, value, ttl: ttl)
    }

    public func update(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async throws(BackendError) -> Bool {
        try await inject(.cacheSet)
        return try await base.update(key, value, ttl: ttl)
    }

    public func delete(_ key: CacheKey) async throws(BackendError) {
        try await inject(.cacheDelete)
        try await base.delete(key)
    }

    public func increment(_ key: CacheKey, ttl: SimDuration) async throws(BackendError) -> Int {
        try await inject(.cacheIncr)
        return try await base.increment(key, ttl: ttl)
    }

    public func getLeased(_ key: CacheKey, leaseTTL: SimDuration) async throws(BackendError) -> LeasedRead {
        try await inject(.cacheGet)
        return try await base.getLeased(key, leaseTTL: leaseTTL)
    }

    public func setLeased(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?, lease: Lease) async throws(BackendError) -> Bool {
        try await inject(.cacheSet)
        return try await base.setLeased(key, value, ttl: ttl, lease: lease)
    }

    public func compareAndSet(_ key: CacheKey, expected: CacheValue?, new: CacheValue?, ttl: SimDuration?) async throws(BackendError) -> Bool {
        try await inject(.cacheSet)
        return try await base.compareAndSet(key, expected: expected, new: new, ttl: ttl)
    }
}
