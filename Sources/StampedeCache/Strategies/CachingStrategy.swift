import StampedeKernel
import StampedeModel

/// How one data class moves between the service, the cache and the store.
///
/// The service never talks to the cache directly: it asks its class's strategy to read a key
/// (handing it the store read to use on a miss) and to write one (handing it the store write).
/// The strategy decides the order of store and cache, what a miss fills, and what happens
/// when the cache cannot answer (`DataClassPolicy.whenUnavailable`). It reports every read
/// and every completed security-relevant write to the observer as `dataRead`/`dataWrite`
/// history, which is how the checker finds stale reads.
public protocol CachingStrategy: AnyObject, Sendable {
    /// The shared machinery: policy, cache, metrics, history.
    var core: StrategyCore { get }

    /// The value of `key`; `load` reads the store. Throws `unavailable` when the policy says
    /// to fail closed, or when the store cannot answer either.
    func read(_ key: CacheKey, load: () async throws(BackendError) -> CacheValue?) async throws(BackendError) -> CacheValue?

    /// A write: `persist` changes the store and returns the value the key now holds (nil: gone).
    /// `predicted` is that value computed without the store, which lets write-behind answer
    /// from the cache and persist later; without it every strategy writes the store first.
    /// Returns the value the key holds after the write.
    @discardableResult
    func write(_ key: CacheKey, _ kind: WriteKind, predicted: CacheValue?,
               persist: @escaping @Sendable () async throws(BackendError) -> CacheValue?) async throws(BackendError) -> CacheValue?

    /// The cache side of a write the service already made in the store (one that needs the
    /// store's atomic answer: refresh rotation, revoking every session of a user).
    func afterStoreWrite(_ key: CacheKey, _ kind: WriteKind, value: CacheValue?) async

    /// The queue of writes still to reach the store, for a strategy that defers them
    /// (write-behind); nil for every other.
    var deferredWrites: (any DeferredWrites)? { get }
}

/// What a strategy that writes the store later offers: its flusher, its queue, and the
/// atomic cache-side swap that lets a one-time passcode be consumed in the cache.
public protocol DeferredWrites: AnyObject, Sendable {
    /// Flushes the queue every flush interval until `end`.
    func runFlusher(until end: SimInstant) async
    /// Writes queued and not yet flushed.
    var queued: Int { get }
    /// Atomically replaces the cached `expected` with `new` and queues `persist`; false if
    /// the key held something else.
    func swap(_ key: CacheKey, expected: CacheValue, new: CacheValue,
              persist: @escaping @Sendable () async throws(BackendError) -> CacheValue?) async throws(BackendError) -> Bool
}

extension CachingStrategy {
    public var deferredWrites: (any DeferredWrites)? { nil }

    /// The data class this strategy serves.
    public var dataClass: DataClass { core.dataClass }
    public var policy: DataClassPolicy { core.policy }
    /// Whether writes reach the store later than the cache (write-behind).
    public var defersWrites: Bool { core.policy.strategy == .writeBehind }
}

/// What a write does to its item, which decides the cache action of each strategy.
public enum WriteKind: Sendable, Hashable {
    /// A new item (a session at login, a user at registration, a freshly issued code).
    case create
    /// A change nobody's security depends on (a session's last-seen time).
    case update
    /// A security change: revocation, password change, permission change, code consumption.
    /// "Invalidation on every security event": strategies delete the cached copy (or, for
    /// write-through-update and write-behind, overwrite it with the new value).
    case invalidate
    /// A failed-login count going up by one (`CacheValue.counter`).
    case increment
}

/// The strategies an architect can choose per data class.
public enum StrategyKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Always the store; the cache is not used.
    case none
    /// Read: cache, on a miss the store, then set. Write: store, then delete the key.
    case cacheAside = "cache-aside"
    /// Cache-aside with memcache leases: a miss hands out a lease, a delete cancels it, and
    /// a set with a cancelled lease is refused, which removes the stale-set race.
    case cacheAsideLease = "cache-aside-lease"
    /// The cache loads a missing key itself, once for all concurrent misses of it.
    case readThrough = "read-through"
    /// Writes go to the store and then the cache: a create sets the key, an update sets it
    /// only if present, a security change deletes it. Reads never fill.
    case writeThrough = "write-through"
    /// Write-through that sets the new value instead of deleting: two writers' cache sets
    /// can land in the other order (the reorder race).
    case writeThroughUpdate = "write-through-update"
    /// Writes go to the cache and a queue flushed to the store every interval or batch.
    case writeBehind = "write-behind"
}

/// What a class does when the cache cannot answer a read.
public enum UnavailablePolicy: String, Sendable, Hashable, CaseIterable, Codable {
    /// Read the store, never a local or stale copy; if the store cannot answer either, the
    /// request is refused (a validation is denied, an OTP is not accepted). DESIGN.md's
    /// "fail closed", and issue 4's fallback for sessions and OTP.
    case failClosed = "fail-closed"
    /// Refuse at once without asking the store: shields the store during an outage at the
    /// price of availability.
    case deny
    /// Read the store instead (and take its load).
    case store
    /// Answer from this service's own copy of what it last read or wrote, else the store.
    case local
}

/// The caching policy of one data class.
public struct DataClassPolicy: Sendable, Hashable {
    public var strategy: StrategyKind
    /// TTL of the class's cache entries.
    public var ttl: SimDuration
    public var whenUnavailable: UnavailablePolicy
    /// How long after its issue a value may be cached at all (sessions: the absolute
    /// timeout): every write cuts the entry's TTL to what is left, so no rewrite (a touch,
    /// a rotation) carries a cached session past its deadline. Nil: the TTL alone.
    public var lifetime: SimDuration?
    /// Write-behind: flush at least this often, and as soon as this many writes wait.
    public var flushInterval: SimDuration = .seconds(1)
    public var flushBatch: Int = 100

    public init(strategy: StrategyKind, ttl: SimDuration, whenUnavailable: UnavailablePolicy) {
        self.strategy = strategy; self.ttl = ttl; self.whenUnavailable = whenUnavailable
    }
}

/// The policy of every data class, indexed by class.
public struct CachingPolicy: Sendable, Hashable {
    public var classes: [DataClassPolicy]

    /// The defaults: cache-aside for user data (profiles, permissions), write-through for
    /// sessions, OTP and counters; a TTL on everything; fail-closed for sessions and OTP.
    public init(sessionTTL: SimDuration = SessionPolicy().absoluteTimeout, otpTTL: SimDuration = OTPConfig().lifetime,
                counterTTL: SimDuration = LockoutPolicy().window) {
        classes = [
            DataClassPolicy(strategy: .cacheAside, ttl: Self.defaultProfileTTL, whenUnavailable: .store),
            DataClassPolicy(strategy: .writeThrough, ttl: sessionTTL, whenUnavailable: .failClosed),
            DataClassPolicy(strategy: .cacheAside, ttl: Self.defaultPermissionTTL, whenUnavailable: .store),
            DataClassPolicy(strategy: .writeThrough, ttl: otpTTL, whenUnavailable: .failClosed),
            DataClassPolicy(strategy: .writeThrough, ttl: counterTTL, whenUnavailable: .store),
        ]
    }

    /// TTL of cached user records and of cached permission sets (`user_ttl`, `permission_ttl`).
    public static let defaultProfileTTL: SimDuration = .minutes(10)
    public static let defaultPermissionTTL: SimDuration = .minutes(5)

    public subscript(_ c: DataClass) -> DataClassPolicy {
        get { classes[c.rawValue] }
        set { classes[c.rawValue] = newValue }
    }
}
