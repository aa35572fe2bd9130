import StampedeAuth
import StampedeCache
import StampedeKernel
import StampedeModel

/// What each part is given, read from the system's configuration: the one place where a
/// scenario's `system` block becomes the parts' own configuration types.
extension SystemSpec {
    /// The Redis-like cache's configuration: `system.cache`'s server settings, with the
    /// classes marked `critical` going to the append-only log.
    public var cacheServerConfig: RedisCacheConfig {
        var config = cache.server
        config.persistence.critical = Set(DataClass.allCases.filter { cache.classes[$0].critical })
        return config
    }

    /// Each class's policy: the scenario's choices over the defaults (cache-aside for user
    /// data, write-through for sessions, OTP and counters, fail-closed for sessions and OTP).
    /// TTLs default to `user_ttl`, `permission_ttl`, the session's absolute timeout, the OTP
    /// lifetime and the lockout window.
    public var cachingPolicy: CachingPolicy {
        var policy = CachingPolicy(sessionTTL: sessions.absoluteTimeout, otpTTL: otp.lifetime, counterTTL: lockout.window)
        policy[.profiles].ttl = cache.userTTL
        policy[.permissions].ttl = cache.permissionTTL
        for c in DataClass.allCases {
            let written = cache.classes[c]
            if let v = written.strategy { policy[c].strategy = v }
            if let v = written.ttl { policy[c].ttl = v }
            if let v = written.whenUnavailable { policy[c].whenUnavailable = v }
            policy[c].flushInterval = written.flushInterval
            policy[c].flushBatch = written.flushBatch
        }
        return policy
    }

    /// The service's configuration; `otpSeed` picks which users need a one-time passcode.
    public func authConfig(otpSeed: UInt64) -> AuthConfig {
        var config = AuthConfig()
        config.sessions = sessions
        config.lockout = lockout
        config.caching = cachingPolicy
        config.otp = otp
        config.otp.seed = otpSeed
        config.realHashIterations = service.realHashIterations
        config.shedQueueLimit = resilience.shedQueueLimit
        return config
    }

    /// CPU time of one production password hash: as configured, or derived from the
    /// iteration count at the reference machine's rate (600,000 iterations ≈ 130 ms).
    public var hashCost: Distribution {
        service.hashCost ?? .constant(.nanoseconds(Int64((130_000_000.0 / 600_000.0 * Double(service.hashIterations)).rounded())))
    }

    /// The staleness bound of each class for the checker (permissions default to
    /// `permission_staleness`), indexed by `DataClass.rawValue`.
    public var dataStaleness: [SimDuration] {
        DataClass.allCases.map { c in cache.classes[c].staleness ?? (c == .permissions ? permissionStaleness : .zero) }
    }
}
