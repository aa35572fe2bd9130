import StampedeCache
import StampedeKernel
import StampedeModel

/// A cache behind client timeouts, retries and a circuit breaker.
///
/// The service sees an ordinary `AuthCache`: a call the policies give up on fails with a
/// `BackendError`, and the service's fallbacks (store reads, the local lockout limiter)
/// take over. Counter increments are not idempotent, so they are retried only after a
/// fast failure.
public final class ResilientCache: AuthCache {
    let base: any AuthCache
    public let guarding: ResilienceGuard

    public init(wrapping base: any AuthCache, guarding: ResilienceGuard) {
        self.base = base
        self.guarding = guarding
    }

    public func get(_ key: CacheKey) async throws(BackendError) -> CacheValue? {
        try await guarding.perform(idempotent: true) { () async throws(BackendError) in try await base.get(key) }
    }

    public func set(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async throws(BackendError) {
        try await guarding.perform(idempotent: true) { () async throws(BackendError) in try await base.set(key, value, ttl: ttl) }
    }

    public func update(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async throws(BackendError) -> Bool {
        try await guarding.perform(idempotent: true) { () async throws(BackendError) in try await base.update(key, value, ttl: ttl) }
    }

    public func delete(_ key: CacheKey) async throws(BackendError) {
        try await guarding.perform(idempotent: true) { () async throws(BackendError) in try await base.delete(key) }
    }

    public func increment(_ key: CacheKey, ttl: SimDuration) async throws(BackendError) -> Int {
        try await guarding.perform(idempotent: false) { () async throws(BackendError) in try await base.increment(key, ttl: ttl) }
    }
}
