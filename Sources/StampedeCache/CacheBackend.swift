import StampedeKernel
import StampedeModel

/// What the harness asks of a cache server besides the service's calls: warming at start, the
/// background work of its persistence, and its own statistics for the report.
public protocol CacheServer: AnyObject, Sendable {
    var config: RedisCacheConfig { get }
    /// Puts a key in place before the run; false when it did not fit.
    @discardableResult
    func preload(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) -> Bool
    /// Takes snapshots on the configured schedule until `end`.
    func runSnapshots(until end: SimInstant) async
    /// Counts keys a warm-up after a restart put back.
    func countWarmed(_ n: Int)
    func report() -> RedisCacheReport
    func statistics() -> (entries: Int, evictions: Int, expirations: Int)
}

extension RedisCache: CacheServer {}

/// A cache implementation as the composition root builds it: the service's calls, the
/// server's statistics, and the control protocol for process-level chaos — nil for a
/// backend that cannot be flushed, resized, crashed or restarted (a scenario that asks for it
/// is refused when it loads). Picked by name from the scenario (`system.cache.backend`).
public struct CacheBackend: Sendable {
    public var cache: any AuthCache
    public var server: any CacheServer
    public var lifecycle: (any CacheLifecycle)?

    public init(cache: any AuthCache, server: any CacheServer, lifecycle: (any CacheLifecycle)?) {
        self.cache = cache; self.server = server; self.lifecycle = lifecycle
    }
}
