import StampedeKernel
import StampedeModel
import Synchronization

/// The earlier name of the in-process cache; an LRU-by-count `RedisCache` with defaults.
public typealias ModeledCache = RedisCache

/// An in-process cache that behaves like Redis, behind a connection pool with modeled latency.
///
/// Memory is accounted per key (key, value and overhead); `maxmemory` and `maxEntries` are
/// enforced by an eviction policy. Keys expire lazily on access and by an active cycle every
/// 100 ms of virtual time; an expired key is never returned. Snapshots and an append-only log
/// (for critical data classes) make `crash(at:)` lose exactly what Redis would lose, and
/// `restart()` recovers from them in modeled time, refusing calls meanwhile.
///
/// A call waits for a connection and its service time, then acts on the keyspace: the effect
/// lands at the end of the modeled latency, which is what lets races appear. A call in
/// flight when the cache crashes fails.
public final class RedisCache: AuthCache {
    let resource: ModeledResource
    let clock: any SimClock
    let observer: (any SystemProbe)?
    public let config: RedisCacheConfig
    let state: Mutex<RedisState>

    public init(resource: ModeledResource, clock: any SimClock, config: RedisCacheConfig, seed: SeedTree,
                observer: (any SystemProbe)?) {
        self.resource = resource
        self.clock = clock
        self.observer = observer
        self.config = config
        self.state = Mutex(RedisState(config: config, rng: seed.generator()))
    }

    /// An LRU cache holding at most `maxEntries` keys, without persistence.
    public convenience init(resource: ModeledResource, clock: any SimClock, maxEntries: Int, observer: (any SystemProbe)?) {
        var config = RedisCacheConfig()
        config.maxEntries = maxEntries
        config.persistence.snapshotEvery = .zero
        self.init(resource: resource, clock: clock, config: config, seed: SeedTree(0x5EED), observer: observer)
    }

    /// Bumped by every crash: work queued against an earlier epoch died with the process.
    public var epoch: UInt64 { state.withLock { $0.epoch } }

    /// Whether the cache serves calls now.
    public var isUp: Bool {
        let now = clock.now
        return state.withLock { s in
            _ = s.applyDueCrash(now: now)
            return s.status == .up
        }
    }

    // MARK: Calls

    /// One call: admission (fails fast unless up), a pool round trip, then `body` on the state
    /// if the cache is still up in the same epoch.
    func perform<T: Sendable>(_ call: BackendCall, _ body: (inout RedisState, SimInstant) throws(BackendError) -> T) async throws(BackendError) -> T {
        let epoch = try admit(call)
        let usage = await resource.call()
        let now = clock.now
        var crashed: SimInstant?
        let outcome = state.withLock { s -> Result<T, BackendError> in
            crashed = s.applyDueCrash(now: now)
            guard s.status == .up, s.epoch == epoch else { return .failure(.unavailable) }
            do throws(BackendError) { return .success(try body(&s, now)) } catch { return .failure(error) }
        }
        if let at = crashed { observer?.observe(.cacheCrashed(at: at)) }
        switch outcome {
        case .success(let value):
            // A call past its client deadline still did its work; the client saw a failure.
            observer?.backendCall(call, wait: usage.wait, service: usage.service, failed: usage.timedOut, at: now)
            return value
        case .failure(let error):
            observer?.backendCall(call, wait: usage.wait, service: usage.service, failed: true, at: now)
            throw error
        }
    }

    /// Refuses a call at once while the cache is down or recovering; otherwise returns the epoch.
    private func admit(_ call: BackendCall) throws(BackendError) -> UInt64 {
        let now = clock.now
        var crashed: SimInstant?
        let epoch = state.withLock { s -> UInt64? in
            crashed = s.applyDueCrash(now: now)
            guard s.status == .up else { return nil }
            s.housekeeping(now: now)
            return s.epoch
        }
        if let at = crashed { observer?.observe(.cacheCrashed(at: at)) }
        guard let epoch else {
            observer?.backendCall(call, wait: .zero, service: .zero, failed: true, at: now)
            throw .unavailable
        }
        return epoch
    }

    @inline(__always) func expiry(_ ttl: SimDuration?, _ now: SimInstant) -> Int64 {
        ttl.map { now.nanoseconds &+ $0.nanoseconds } ?? Keyspace.noExpiry
    }

    public func get(_ key: CacheKey) async throws(BackendError) -> CacheValue? {
        let value = try await perform(.cacheGet) { s, now in s.keyspace.lookup(key, now: now) }
        observer?.cacheLookup(hit: value != nil, at: clock.now)
        return value
    }

    public func set(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async throws(BackendError) {
        try await perform(.cacheSet) { s, now throws(BackendError) in
            try s.write(key, value, expiresAt: expiry(ttl, now), now: now)
        }
    }

    public func update(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async throws(BackendError) -> Bool {
        try await perform(.cacheSet) { s, now throws(BackendError) -> Bool in
            guard s.keyspace.peek(key, now: now) != nil else { return false }
            try s.write(key, value, expiresAt: expiry(ttl, now), now: now)
            return true
        }
    }

    public func delete(_ key: CacheKey) async throws(BackendError) {
        try await perform(.cacheDelete) { s, now in _ = s.erase(key, now: now) }
    }

    public func increment(_ key: CacheKey, ttl: SimDuration) async throws(BackendError) -> Int {
        try await perform(.cacheIncr) { s, now throws(BackendError) -> Int in
            if case .counter(let n)? = s.keyspace.lookup(key, now: now) {
                // Keeps the counter's original expiry, as Redis INCR does: a fixed window.
                try s.write(key, .counter(n + 1), expiresAt: s.keyspace.expiry(of: key) ?? Keyspace.noExpiry, now: now)
                return n + 1
            }
            try s.write(key, .counter(1), expiresAt: now.nanoseconds &+ ttl.nanoseconds, now: now)
            return 1
        }
    }
}
