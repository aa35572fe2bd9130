import StampedeKernel
import StampedeModel

/// What the harness asks of a cache server besides the service's calls: warming at start, the
/// background work of its persistence, and its own statistics for the report.
///
/// A real server answers over a socket, so warming is asynchronous and may fail, and its
/// counts are read with `refresh()` before `report()` and `statistics()` answer from them.
public protocol CacheServer: AnyObject, Sendable {
    var config: RedisCacheConfig { get }
    /// Puts `entries` in place before the run (not as traffic); how many fit.
    func preload(_ entries: [CacheEntry]) async throws(BackendError) -> Int
    /// Takes snapshots on the configured schedule until `end` (a real server keeps its own).
    func runSnapshots(until end: SimInstant) async
    /// Counts keys a warm-up after a restart put back.
    func countWarmed(_ n: Int)
    /// Reads the server's own counts now; the model's are always current.
    func refresh() async
    func report() -> RedisCacheReport
    func statistics() -> (entries: Int, evictions: Int, expirations: Int)
}

/// One key to put in a cache before the run.
public struct CacheEntry: Sendable {
    public var key: CacheKey
    public var value: CacheValue
    public var ttl: SimDuration?

    public init(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) {
        self.key = key; self.value = value; self.ttl = ttl
    }
}

extension RedisCache: CacheServer {
    public func preload(_ entries: [CacheEntry]) async throws(BackendError) -> Int {
        entries.reduce(0) { n, e in n + (preload(e.key, e.value, ttl: e.ttl) ? 1 : 0) }
    }

    public func refresh() async {}
}

/// A cache implementation as the composition root builds it: the service's calls, the
/// server's statistics, and the control protocol for process-level chaos — nil for a
/// backend that cannot be flushed, crashed or restarted, and `lifecycle` nil for one that
/// cannot be resized by entries either (a scenario that asks for either is refused when it
/// loads). Picked by name from the scenario (`system.cache.backend`).
public struct CacheBackend: Sendable {
    public var cache: any AuthCache
    public var server: any CacheServer
    public var control: (any CacheControl)?
    public var lifecycle: (any CacheLifecycle)?

    /// A cache whose whole life the fault plan controls (the model), or none of it.
    public init(cache: any AuthCache, server: any CacheServer, lifecycle: (any CacheLifecycle)?) {
        self.cache = cache; self.server = server; self.control = lifecycle; self.lifecycle = lifecycle
    }

    /// A cache process that can be flushed, crashed and restarted but not resized by entries (a real Redis).
    public init(cache: any AuthCache, server: any CacheServer, control: (any CacheControl)?) {
        self.cache = cache; self.server = server; self.control = control; self.lifecycle = nil
    }
}
