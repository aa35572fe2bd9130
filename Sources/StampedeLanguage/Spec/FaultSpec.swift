import StampedeKernel

/// What a fault acts on.
public enum FaultTarget: Sendable, Hashable, CustomStringConvertible {
    /// The cache, or one data class on it (`cache.sessions`). Data classes arrive with the
    /// caching strategies; until then only the whole cache is a valid target.
    case cache(dataClass: String?)
    case store
    case service

    /// The process the target lives in: faults on one system may conflict.
    public var system: String {
        switch self {
        case .cache: return "cache"
        case .store: return "store"
        case .service: return "service"
        }
    }

    public var description: String {
        if case .cache(let dataClass?) = self { return "cache.\(dataClass)" }
        return system
    }
}

/// One entry of the fault plan: what goes wrong, where, when, and how often.
public struct FaultSpec: Sendable {
    /// How SLO scopes (`during(name)`), recovery times and reports refer to it; unique.
    public var name: String
    public var target: FaultTarget
    public var kind: Kind
    /// How long each occurrence lasts; zero for an instant (`flush`).
    public var duration: SimDuration
    /// The fault recurs this long after each start (nil: once).
    public var every: SimDuration?
    /// Share of calls hit, for faults that act on calls (Toxiproxy's toxicity).
    public var probability: Double = 1

    public enum Kind: Sendable, Hashable {
        /// Connection refused: calls fail fast.
        case down
        /// Calls hang until the client times out.
        case timeout
        /// Calls take this much longer.
        case latency(Distribution)
        /// A share (`probability`) of calls fail fast.
        case errors
        /// A share (`probability`) of store calls take this much longer.
        case slowQueries(Distribution)
        /// Calls take this much longer at first, fading to nothing over the window.
        case slowRecovery(Distribution)
        /// Every cache key is gone at once.
        case flush
        /// The cache keeps at most this many entries for the window (evicting the rest).
        case evictionStorm(maxEntries: Int)
        /// The cache process dies (losing what it held only in memory), is down for the
        /// window, then restarts and recovers what its persistence kept.
        case crash
        /// The pool has only this many connections for the window.
        case poolExhaustion(connections: Int)
        /// The store is down for the window, then back with a cold buffer: calls take up to
        /// `latency` longer, fading over `warmup`.
        case failover(warmup: SimDuration, latency: Distribution)
        /// Password hashing costs `factor` times as much CPU.
        case hashSpike(factor: Double)
        /// The service process is down for the window, loses its in-process state, and
        /// warms up: CPU work costs up to `factor` times as much, fading over `warmup`.
        case restart(warmup: SimDuration, factor: Double)

        /// The original spelling `cache-down`: the cache refuses every call.
        public static var cacheDown: Kind { .down }
        /// The original spelling `cache-latency`: every cache call takes longer.
        public static func cacheLatency(_ d: Distribution) -> Kind { .latency(d) }

        /// The name used in `fault:`.
        public var name: String {
            switch self {
            case .down: return "down"
            case .timeout: return "timeout"
            case .latency: return "latency"
            case .errors: return "errors"
            case .slowQueries: return "slow-queries"
            case .slowRecovery: return "slow-recovery"
            case .flush: return "flush"
            case .evictionStorm: return "eviction-storm"
            case .crash: return "crash"
            case .poolExhaustion: return "pool-exhaustion"
            case .failover: return "failover"
            case .hashSpike: return "hash-spike"
            case .restart: return "restart"
            }
        }

        /// Faults that only slow or fail some calls may overlap anything on their target;
        /// any two others on one target conflict.
        public var isAdditive: Bool {
            switch self {
            case .latency, .errors, .slowQueries, .slowRecovery: return true
            default: return false
            }
        }

        /// Time after the window the fault still acts (warm-up).
        public var aftermath: SimDuration {
            switch self {
            case .failover(let warmup, _), .restart(let warmup, _): return warmup
            default: return .zero
            }
        }
    }

    public init(name: String = "", target: FaultTarget = .cache(dataClass: nil), kind: Kind, duration: SimDuration,
                every: SimDuration? = nil, probability: Double = 1) {
        self.name = name; self.target = target; self.kind = kind; self.duration = duration
        self.every = every; self.probability = probability
    }

    /// The name a fault gets when the file gives none: `<target>-<kind>` (`cache-down`).
    public var defaultName: String { "\(target.system)-\(kind.name)" }

    /// When the fault acts, from `at`, up to the end of the run.
    public func window(at: SimDuration, runEnd: SimDuration) -> RecurringWindow {
        RecurringWindow(start: .zero + at, length: duration, period: every, until: .zero + runEnd)
    }
}
