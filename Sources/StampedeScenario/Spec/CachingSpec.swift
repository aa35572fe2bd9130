import StampedeCache
import StampedeKernel
import StampedeModel

/// The caching policy of one data class as the scenario wrote it; unset fields take the
/// class's default (see `CachingPolicy`).
public struct DataClassSpec: Sendable, Hashable {
    public var strategy: StrategyKind?
    public var ttl: SimDuration?
    public var whenUnavailable: UnavailablePolicy?
    /// Whether the class's writes go to the append-only log.
    public var critical = false
    /// How long after a write an older value may still be read before it counts as stale.
    public var staleness: SimDuration?
    /// Write-behind: flush period and batch size.
    public var flushInterval: SimDuration = .seconds(1)
    public var flushBatch = 100
    public init() {}
}

/// `system.cache.<class>` for each data class.
public struct DataClassSpecs: Sendable, Hashable {
    public var classes = [DataClassSpec](repeating: DataClassSpec(), count: DataClass.allCases.count)
    public init() {}
    public subscript(_ c: DataClass) -> DataClassSpec {
        get { classes[c.rawValue] }
        set { classes[c.rawValue] = newValue }
    }
}

/// `maxmemory`, `maxmemory_policy`, `maxmemory_samples`.
public struct CacheMemorySpec: Sendable, Hashable {
    /// Bytes; zero means unlimited.
    public var maxMemory = 0
    public var policy = EvictionPolicy.allkeysLRU
    public var samples = 5
    public init() {}
}

/// `system.cache.persistence`.
public struct PersistenceSpec: Sendable, Hashable {
    /// Zero turns snapshots off.
    public var snapshotEvery: SimDuration = .minutes(5)
    public var fsync = FsyncPolicy.everysec
    /// Bytes per second a snapshot writes and a recovery reads.
    public var rate: Double = 100 * 1_048_576
    public init() {}
}

/// `system.cache.warm`: what the cache holds before traffic and after a restart.
public enum WarmSpec: Sendable, Hashable {
    /// Start empty (a restart still recovers what persistence kept).
    case none
    /// Load the profiles and permissions of the K most active users.
    case topUsers(Int)

    public var name: String {
        switch self {
        case .none: return "none"
        case .topUsers(let k): return "top-users(\(k))"
        }
    }
}

/// `system.otp`.
public struct OTPSpec: Sendable, Hashable {
    public var lifetime: SimDuration = .minutes(5)
    public var maxAttempts = 5
    /// Share of users whose login needs a code.
    public var requiredFor = 0.0
    public init() {}
}
