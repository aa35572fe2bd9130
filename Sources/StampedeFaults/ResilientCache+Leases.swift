import StampedeCache
import StampedeKernel
import StampedeModel

/// Leased reads and conditional writes go through the same policies as every other call.
/// A lease-guarded set and a compare-and-set are conditional, so repeating one is safe.
extension ResilientCache {
    public func getLeased(_ key: CacheKey, leaseTTL: SimDuration) async throws(BackendError) -> LeasedRead {
        try await guarding.perform(idempotent: true) { () async throws(BackendError) in try await base.getLeased(key, leaseTTL: leaseTTL) }
    }

    public func setLeased(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?, lease: Lease) async throws(BackendError) -> Bool {
        try await guarding.perform(idempotent: true) { () async throws(BackendError) in
            try await base.setLeased(key, value, ttl: ttl, lease: lease)
        }
    }

    public func compareAndSet(_ key: CacheKey, expected: CacheValue?, new: CacheValue?, ttl: SimDuration?) async throws(BackendError) -> Bool {
        try await guarding.perform(idempotent: true) { () async throws(BackendError) in
            try await base.compareAndSet(key, expected: expected, new: new, ttl: ttl)
        }
    }
}
