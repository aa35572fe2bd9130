import StampedeKernel
import StampedeModel
import Synchronization

/// The in-process cache behind a connection pool with modeled latency.
///
/// A call waits for a connection and its service time, then acts on the table: the
/// effect lands at the end of the modeled latency, which is what lets races appear.
public final class ModeledCache: AuthCache {
    private let resource: ModeledResource
    private let clock: any SimClock
    private let observer: (any AuthObserver)?
    let table: Mutex<LRUTable<CacheKey, CacheValue>>
    /// The capacity the cache was configured with (a fault may shrink the table for a while).
    let maxEntries: Int

    public init(resource: ModeledResource, clock: any SimClock, maxEntries: Int, observer: (any AuthObserver)?) {
        self.resource = resource
        self.clock = clock
        self.observer = observer
        self.maxEntries = maxEntries
        self.table = Mutex(LRUTable(capacity: maxEntries))
    }

    private func roundTrip(_ kind: BackendCall) async -> SimInstant {
        let usage = await resource.call()
        let now = clock.now
        observer?.backendCall(kind, wait: usage.wait, service: usage.service, failed: usage.timedOut, at: now)
        return now
    }

    public func get(_ key: CacheKey) async throws(BackendError) -> CacheValue? {
        let now = await roundTrip(.cacheGet)
        let value = table.withLock { $0.get(key, now: now) }
        observer?.cacheLookup(hit: value != nil, at: now)
        return value
    }

    public func set(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async throws(BackendError) {
        let now = await roundTrip(.cacheSet)
        table.withLock { $0.set(key, value, expiresAt: ttl.map { now + $0 }) }
    }

    public func update(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async throws(BackendError) -> Bool {
        let now = await roundTrip(.cacheSet)
        return table.withLock { t in
            guard t.contains(key, now: now) else { return false }
            t.set(key, value, expiresAt: ttl.map { now + $0 })
            return true
        }
    }

    public func delete(_ key: CacheKey) async throws(BackendError) {
        _ = await roundTrip(.cacheDelete)
        table.withLock { _ = $0.delete(key) }
    }

    public func increment(_ key: CacheKey, ttl: SimDuration) async throws(BackendError) -> Int {
        let now = await roundTrip(.cacheIncr)
        return table.withLock { t in
            if case .counter(let n)? = t.get(key, now: now) {
                // Keeps the counter's original expiry, as Redis INCR does: a fixed window.
                t.set(key, .counter(n + 1), expiresAt: t.expiry(of: key))
                return n + 1
            }
            t.set(key, .counter(1), expiresAt: now + ttl)
            return 1
        }
    }

    /// Counters of the table: entries, evictions, expirations.
    public func statistics() -> (entries: Int, evictions: Int, expirations: Int) {
        table.withLock { ($0.count, $0.evictions, $0.expirations) }
    }
}
