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

/// `system.otp` (StampedeModel).
public typealias OTPSpec = OTPConfig
