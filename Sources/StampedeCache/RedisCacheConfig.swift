import StampedeKernel
import StampedeModel

/// What the cache does when a write needs memory it does not have (Redis `maxmemory-policy`).
public enum EvictionPolicy: String, Sendable, Hashable, CaseIterable, Codable {
    /// Refuse the write with `BackendError.outOfMemory`.
    case noeviction
    /// Evict the least recently used key (exact; Redis approximates it by sampling).
    case allkeysLRU = "allkeys-lru"
    /// Evict the least frequently used of `samples` random keys (Redis's logarithmic counter, decaying per minute).
    case allkeysLFU = "allkeys-lfu"
    /// Evict the least recently used key among those with a TTL.
    case volatileLRU = "volatile-lru"
    /// Evict the key nearest its expiry among `samples` random keys with a TTL.
    case volatileTTL = "volatile-ttl"
    /// Evict a random key (seeded).
    case allkeysRandom = "allkeys-random"

    /// Whether only keys with a TTL may be evicted.
    public var volatileOnly: Bool { self == .volatileLRU || self == .volatileTTL }
}

/// When the append-only log reaches the disk (Redis `appendfsync`).
public enum FsyncPolicy: String, Sendable, Hashable, CaseIterable, Codable {
    /// Before every write is acknowledged: a crash loses nothing acknowledged.
    case always
    /// Once a second: a crash loses the writes since the last whole second.
    case everysec
    /// When the OS flushes, modeled as every 30 s: a crash loses up to the last 30 s.
    case no

    /// The flush period; nil for `always`.
    public var period: SimDuration? {
        switch self {
        case .always: return nil
        case .everysec: return .seconds(1)
        case .no: return .seconds(30)
        }
    }

    /// The latest instant whose writes are on disk when the process dies at `crash`.
    public func durableUntil(crash: SimInstant) -> SimInstant {
        guard let p = period?.nanoseconds, p > 0 else { return crash }
        return SimInstant(nanoseconds: crash.nanoseconds / p * p)
    }
}

/// Snapshots, the append-only log and recovery speed.
public struct PersistenceConfig: Sendable, Hashable {
    /// RDB-style snapshot period; zero turns snapshots off.
    public var snapshotEvery: SimDuration = .minutes(5)
    /// Fsync policy of the append-only log, which holds the writes of `critical` classes only.
    public var fsync: FsyncPolicy = .everysec
    /// Classes whose writes go to the append-only log.
    public var critical: Set<DataClass> = []
    /// Bytes per second written by a snapshot and read back by a recovery.
    public var bytesPerSecond: Double = 100 * 1_048_576
    /// Fixed cost of a restart before loading begins (process start, reading headers).
    public var startup: SimDuration = .milliseconds(100)
    /// Whether a snapshot keeps a copy of the keys it saved, which only a recovery after a
    /// crash reads. The runner turns it off when the scenario plans no crash: a snapshot's
    /// time and bytes are modeled the same either way, and a copy of the whole keyspace
    /// (a third of the cache's memory at a million users) is not held for nothing. A crash
    /// with it off is a programming error.
    public var keepsSnapshotContents = true

    public init() {}
}

/// Everything that shapes the in-process Redis-like cache.
public struct RedisCacheConfig: Sendable, Hashable {
    /// Most keys kept; the eviction policy makes room beyond it.
    public var maxEntries: Int = 200_000
    /// Most bytes (keys, values and per-key overhead) kept; zero means unlimited.
    public var maxMemory: Int = 0
    public var policy: EvictionPolicy = .allkeysLRU
    /// Keys sampled per eviction by the sampling policies (Redis `maxmemory-samples`).
    public var samples: Int = 5
    public var persistence = PersistenceConfig()
    /// How long a lease lets its holder fill a key (memcache uses 10 s).
    public var leaseTTL: SimDuration = .seconds(10)

    public init() {}
}
