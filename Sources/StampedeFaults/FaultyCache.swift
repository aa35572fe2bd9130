import StampedeCache
import StampedeKernel
import StampedeModel

/// Wraps a cache and injects the call faults of a plan at the times the plan says.
///
/// Faults that change the cache itself (flush, eviction storm, crash and restart) go
/// through `CacheLifecycle`; this decorator only decides what happens to each call.
public final class FaultyCache: AuthCache {
    private let base: any AuthCache
    private let injector: FaultInjector

    public init(wrapping base: any AuthCache, faults: [CacheFault], clock: any SimClock, observer: (any SystemProbe)?) {
        self.base = base
        self.injector = FaultInjector(faults, clock: clock, observer: observer)
    }

    public func get(_ key: CacheKey) async throws(BackendError) -> CacheValue? {
        return try await injector.run(.cacheGet, key: key) { () async throws(BackendError) in try await base.get(key) }
    }

    public func set(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async throws(BackendError) {
        try await injector.run(.cacheSet, key: key) { () async throws(BackendError) in try await base.set(key, value, ttl: ttl) }
    }

    public func update(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async throws(BackendError) -> Bool {
        return try await injector.run(.cacheSet, key: key) { () async throws(BackendError) in try await base.update(key, value, ttl: ttl) }
    }

    public func delete(_ key: CacheKey) async throws(BackendError) {
        try await injector.run(.cacheDelete, key: key) { () async throws(BackendError) in try await base.delete(key) }
    }

    public func increment(_ key: CacheKey, ttl: SimDuration) async throws(BackendError) -> Int {
        return try await injector.run(.cacheIncr, key: key) { () async throws(BackendError) in try await base.increment(key, ttl: ttl) }
    }

    public func getLeased(_ key: CacheKey, leaseTTL: SimDuration) async throws(BackendError) -> LeasedRead {
        return try await injector.run(.cacheGet, key: key) { () async throws(BackendError) in try await base.getLeased(key, leaseTTL: leaseTTL) }
    }

    public func setLeased(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?, lease: Lease) async throws(BackendError) -> Bool {
        return try await injector.run(.cacheSet, key: key) { () async throws(BackendError) in
            try await base.setLeased(key, value, ttl: ttl, lease: lease)
        }
    }

    public func compareAndSet(_ key: CacheKey, expected: CacheValue?, new: CacheValue?, ttl: SimDuration?) async throws(BackendError) -> Bool {
        return try await injector.run(.cacheSet, key: key) { () async throws(BackendError) in
            try await base.compareAndSet(key, expected: expected, new: new, ttl: ttl)
        }
    }
}
