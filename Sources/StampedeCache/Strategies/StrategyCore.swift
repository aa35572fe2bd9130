import StampedeKernel
import StampedeModel
import Synchronization

/// What all strategies of one service share: the cache (behind its fault decorators), the
/// clock, the observer, the keys whose invalidation is owed, and the cache's lifecycle.
public struct StrategyEnvironment: Sendable {
    public let cache: any AuthCache
    public let clock: any SimClock
    public let observer: (any SystemProbe)?
    public let backlog: InvalidationBacklog
    /// The cache process, when it can crash (write-behind work dies with it).
    public let lifecycle: (any CacheControl)?
    /// Starts write-behind flushes when a batch fills; nil: only the periodic flusher runs.
    public let spawner: TaskSpawner?

    public init(cache: any AuthCache, clock: any SimClock, observer: (any SystemProbe)?, backlog: InvalidationBacklog = InvalidationBacklog(),
                lifecycle: (any CacheControl)? = nil, spawner: TaskSpawner? = nil) {
        self.cache = cache; self.clock = clock; self.observer = observer; self.backlog = backlog
        self.lifecycle = lifecycle; self.spawner = spawner
    }
}

/// The result of asking the cache for a key.
enum Probe {
    case hit(CacheValue)
    case miss
    /// The cache could not answer (down, or the key's invalidation is still owed and the
    /// retried delete failed).
    case unavailable
}

/// The machinery every strategy is built from: probing the cache, falling back per policy,
/// filling, invalidating, counting, and reporting reads and writes to the checker.
public final class StrategyCore: Sendable {
    public let dataClass: DataClass
    public let policy: DataClassPolicy
    public let metrics = StrategyMetrics()
    let env: StrategyEnvironment
    /// This service's own copy of the class's values, kept only for `when_unavailable: local`.
    let local: LocalCopy?

    public init(dataClass: DataClass, policy: DataClassPolicy, environment: StrategyEnvironment) {
        self.dataClass = dataClass
        self.policy = policy
        self.env = environment
        self.local = policy.whenUnavailable == .local ? LocalCopy() : nil
    }

    var cache: any AuthCache { env.cache }
    var now: SimInstant { env.clock.now }

    // MARK: Reading

    /// Asks the cache for `key`; a key owed an invalidation is deleted first (never trusted).
    func probe(_ key: CacheKey) async -> Probe {
        if env.backlog.contains(key) {
            guard await delete(key) else { return .unavailable }
        }
        do {
            guard let v = try await cache.get(key) else { return .miss }
            return .hit(v)
        } catch {
            return .unavailable
        }
    }

    /// A hit: counted and reported.
    @inline(never)
    func served(_ key: CacheKey, _ value: CacheValue, start: SimInstant) -> CacheValue {
        metrics.add(.reads)
        metrics.add(.hits)
        reportRead(key, value, .cache, start: start)
        return value
    }

    /// Reads the store (counted) and reports what it returned.
    @inline(never)
    func loadStore(_ key: CacheKey, start: SimInstant, _ load: () async throws(BackendError) -> CacheValue?) async throws(BackendError) -> CacheValue? {
        metrics.add(.storeReads)
        let v = try await load()
        if let v { reportRead(key, v, .store, start: start) }
        return v
    }

    /// A miss: counted, then the store.
    @inline(never)
    func missed(_ key: CacheKey, start: SimInstant, _ load: () async throws(BackendError) -> CacheValue?) async throws(BackendError) -> CacheValue? {
        metrics.add(.reads)
        metrics.add(.misses)
        return try await loadStore(key, start: start, load)
    }

    /// The cache could not answer: fail closed, or answer from the local copy or the store.
    @inline(never)
    func fallback(_ key: CacheKey, start: SimInstant, _ load: () async throws(BackendError) -> CacheValue?) async throws(BackendError) -> CacheValue? {
        if let v = try answerWithoutStore(key, start: start) { return v }
        do throws(BackendError) {
            return try await loadStore(key, start: start, load)
        } catch {
            if policy.whenUnavailable == .failClosed { metrics.add(.failedClosed) }
            throw error
        }
    }

    /// The fallback's answer when it needs no store: a denial, or the local copy's value;
    /// nil when the store must answer. Synchronous, so a fallback waiting for the store
    /// keeps none of this in its frame.
    @inline(never)
    private func answerWithoutStore(_ key: CacheKey, start: SimInstant) throws(BackendError) -> CacheValue? {
        metrics.add(.reads)
        metrics.add(.fallbacks)
        env.observer?.cacheFallback(at: now)
        switch policy.whenUnavailable {
        case .deny:
            metrics.add(.failedClosed)
            throw .unavailable
        case .local:
            guard let v = local?.get(key, now: now) else { return nil }
            metrics.add(.localHits)
            reportRead(key, v, .local, start: start)
            return v
        case .failClosed, .store:
            return nil
        }
    }

    /// The common read: cache, then `onMiss` (which fills as the strategy likes), or the fallback.
    ///
    /// The paths it takes are kept out of line (`@inline(never)` above): a read suspended in
    /// the store, the usual wait while the cache is down, then keeps only the frames of the
    /// path it is on, not one frame with every path's values.
    func read(_ key: CacheKey, _ load: () async throws(BackendError) -> CacheValue?,
              onMiss fill: (CacheValue) async -> Void) async throws(BackendError) -> CacheValue? {
        let start = now
        let value: CacheValue?
        switch await probe(key) {
        case .hit(let v):
            value = served(key, v, start: start)
        case .miss:
            value = try await missed(key, start: start, load)
            if let value, !env.backlog.contains(key) { await fill(value) }
        case .unavailable:
            value = try await fallback(key, start: start, load)
        }
        if let local, let value { local.put(key, value, now: now, ttl: ttl(for: value)) }
        return value
    }

    // MARK: Writing

    /// Runs the store write (counted).
    func persist(_ write: () async throws(BackendError) -> CacheValue?) async throws(BackendError) -> CacheValue? {
        metrics.add(.storeWrites)
        return try await write()
    }

    /// A plain set after a miss; a failure is harmless (the next read misses again).
    func fill(_ key: CacheKey, _ value: CacheValue) async {
        metrics.add(.fills)
        guard let ttl = ttl(for: value) else { return }
        _ = try? await cache.set(key, value, ttl: ttl)
    }

    /// The TTL an entry holding `value` gets now: the class's TTL, cut to what is left of the
    /// value's lifetime; nil when none is left (the value must not be cached any more).
    func ttl(for value: CacheValue?) -> SimDuration? {
        guard let lifetime = policy.lifetime, let issued = value?.issuedAt else { return policy.ttl }
        let left = issued + lifetime - now
        return left > .zero ? min(policy.ttl, left) : nil
    }

    /// `ttl(for:)` for the calls that write whatever happens (a compare-and-set, a leased
    /// fill): a value past its lifetime lives a nanosecond, which no later read sees.
    func writeTTL(for value: CacheValue?) -> SimDuration {
        ttl(for: value) ?? .nanoseconds(1)
    }

    /// Deletes `key`; if the cache cannot, the delete is owed until it can. True if done.
    @discardableResult
    func delete(_ key: CacheKey) async -> Bool {
        do {
            try await cache.delete(key)
            env.backlog.remove(key)
            return true
        } catch {
            owe(key)
            return false
        }
    }

    /// Sets `key` after a write (`onlyIfPresent`: Redis `SET XX`); on failure the cached copy
    /// may be stale, so its deletion is owed.
    func overwrite(_ key: CacheKey, _ value: CacheValue, onlyIfPresent: Bool = false) async {
        if env.backlog.contains(key) {
            guard await delete(key) else { return }
        }
        guard let ttl = ttl(for: value) else {
            await delete(key)
            return
        }
        do {
            if onlyIfPresent {
                _ = try await cache.update(key, value, ttl: ttl)
            } else {
                try await cache.set(key, value, ttl: ttl)
            }
        } catch {
            owe(key)
        }
    }

    func owe(_ key: CacheKey) {
        metrics.add(.cacheWriteFailures)
        env.backlog.add(key)
    }

    /// Keeps the local copy in step with a write (when the class keeps one).
    func wrote(_ key: CacheKey, _ value: CacheValue?) {
        guard let local else { return }
        if let value { local.put(key, value, now: now, ttl: ttl(for: value)) } else { local.remove(key) }
    }

    // MARK: History

    @inline(never)
    func reportRead(_ key: CacheKey, _ value: CacheValue, _ source: DataSource, start: SimInstant) {
        guard let observer = env.observer else { return }
        let owner = dataOwner(key, value)
        observer.observe(.dataRead(DataAccess(dataClass: dataClass, source: source, identity: dataIdentity(key, value),
                                             owner: owner.user, session: owner.session, version: value.version,
                                             start: start, end: now)))
    }

    /// Reports a completed write the checker should hold later reads to (not touches, not
    /// session creation: nothing older than a new session exists). A session revoked without
    /// its record at hand (`value` nil) is reported as revoked.
    func reportWrite(_ key: CacheKey, _ kind: WriteKind, _ value: CacheValue?, source: DataSource, start: SimInstant) {
        guard let observer = env.observer, kind != .update else { return }
        if kind == .create && dataClass == .sessions { return }
        let version: UInt64
        let identity: UInt64
        if let value {
            (version, identity) = (value.version, dataIdentity(key, value))
        } else if dataClass == .sessions, kind == .invalidate, let id = key.identity {
            (version, identity) = (2, id)
        } else {
            return
        }
        observer.observe(.dataWrite(DataAccess(dataClass: dataClass, source: source, identity: identity,
                                              version: version, start: start, end: now)))
    }
}

/// A service-local copy of recently read or written values, for `when_unavailable: local`.
final class LocalCopy: Sendable {
    private let table = Mutex(LRUTable<CacheKey, CacheValue>(capacity: 10_000))

    func get(_ key: CacheKey, now: SimInstant) -> CacheValue? { table.withLock { $0.get(key, now: now) } }
    /// Keeps `value` for `ttl` (nil: not at all, and any older copy goes).
    func put(_ key: CacheKey, _ value: CacheValue, now: SimInstant, ttl: SimDuration?) {
        table.withLock { t in
            if let ttl { t.set(key, value, expiresAt: now + ttl) } else { _ = t.delete(key) }
        }
    }
    func remove(_ key: CacheKey) { table.withLock { _ = $0.delete(key) } }
}
