import StampedeCache
import StampedeKernel
import StampedeModel

/// Planted bug: session invalidations never reach the cache (a logout or a revocation deletes
/// the session in the store, but its cached copy stays live). The checker must catch it; it
/// is a decorator of the cache the service sees, never a switch in production code.
public final class SessionInvalidationsDropped: AuthCache {
    let base: any AuthCache

    public init(wrapping base: any AuthCache) { self.base = base }

    public func delete(_ key: CacheKey) async throws(BackendError) {
        if case .session = key { return }
        try await base.delete(key)
    }

    public func get(_ key: CacheKey) async throws(BackendError) -> CacheValue? { try await base.get(key) }

    public func set(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async throws(BackendError) {
        try await base.set(key, value, ttl: ttl)
    }

    public func update(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async throws(BackendError) -> Bool {
        try await base.update(key, value, ttl: ttl)
    }

    public func increment(_ key: CacheKey, ttl: SimDuration) async throws(BackendError) -> Int {
        try await base.increment(key, ttl: ttl)
    }

    public func getLeased(_ key: CacheKey, leaseTTL: SimDuration) async throws(BackendError) -> LeasedRead {
        try await base.getLeased(key, leaseTTL: leaseTTL)
    }

    public func setLeased(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?, lease: Lease) async throws(BackendError) -> Bool {
        try await base.setLeased(key, value, ttl: ttl, lease: lease)
    }

    public func compareAndSet(_ key: CacheKey, expected: CacheValue?, new: CacheValue?, ttl: SimDuration?) async throws(BackendError) -> Bool {
        try await base.compareAndSet(key, expected: expected, new: new, ttl: ttl)
    }
}
