import StampedeKernel
import StampedeModel

/// `cache-aside-lease`: cache-aside with Facebook's memcache leases.
///
/// A miss hands the reader a lease; only a set carrying a still-valid lease is accepted, and
/// a delete cancels the key's lease. A reader whose old value was read before a writer's
/// delete therefore cannot put it back: the stale-set race is gone. A reader that misses
/// while another holds the lease reads the store without filling (no thundering herd of sets).
public final class LeasedCacheAsideStrategy: CachingStrategy {
    public let core: StrategyCore
    /// How long a lease lets its holder fill the key (memcache's default).
    public static let leaseTTL = SimDuration.seconds(10)
    private let writes: CacheAsideStrategy

    public init(core: StrategyCore) {
        self.core = core
        self.writes = CacheAsideStrategy(core: core)
    }

    public func read(_ key: CacheKey, load: () async throws(BackendError) -> CacheValue?) async throws(BackendError) -> CacheValue? {
        let start = core.now
        if core.env.backlog.contains(key), await !core.delete(key) {
            return try await core.fallback(key, start: start, load)
        }
        let leased: LeasedRead
        do {
            leased = try await core.cache.getLeased(key, leaseTTL: Self.leaseTTL)
        } catch {
            return try await core.fallback(key, start: start, load)
        }
        if let v = leased.value {
            core.local?.put(key, v, now: core.now, ttl: core.ttl(for: v))
            return core.served(key, v, start: start)
        }
        let value = try await core.missed(key, start: start, load)
        if let value, let lease = leased.lease {
            core.metrics.add(.fills)
            let accepted = (try? await core.cache.setLeased(key, value, ttl: core.writeTTL(for: value), lease: lease)) ?? false
            if !accepted { core.metrics.add(.fillsRefused) }
        }
        if let value { core.local?.put(key, value, now: core.now, ttl: core.ttl(for: value)) }
        return value
    }

    public func write(_ key: CacheKey, _ kind: WriteKind, predicted: CacheValue?,
                      persist: @escaping @Sendable () async throws(BackendError) -> CacheValue?) async throws(BackendError) -> CacheValue? {
        // The cache's delete cancels outstanding leases: the writes are cache-aside's.
        try await writes.write(key, kind, predicted: predicted, persist: persist)
    }

    public func afterStoreWrite(_ key: CacheKey, _ kind: WriteKind, value: CacheValue?) async {
        await writes.afterStoreWrite(key, kind, value: value)
    }
}
