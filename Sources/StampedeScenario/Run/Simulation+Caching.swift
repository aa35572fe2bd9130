import StampedeAuth
import StampedeCache
import StampedeChecker
import StampedeKernel
import StampedeModel

/// The cache's configuration and life in a run: strategies per data class, persistence,
/// warming, crashes and restarts, write-behind flushers.
extension Simulation {
    /// The Redis-like cache's configuration from `system.cache`.
    static func cacheConfig(_ spec: ScenarioSpec) -> RedisCacheConfig {
        let c = spec.system.cache
        var config = RedisCacheConfig()
        config.maxEntries = c.maxEntries
        config.maxMemory = c.memory.maxMemory
        config.policy = c.memory.policy
        config.samples = c.memory.samples
        config.persistence.snapshotEvery = c.persistence.snapshotEvery
        config.persistence.fsync = c.persistence.fsync
        config.persistence.bytesPerSecond = c.persistence.rate
        config.persistence.critical = Set(DataClass.allCases.filter { c.classes[$0].critical })
        return config
    }

    /// Each class's policy: the scenario's choices over the defaults (cache-aside for user
    /// data, write-through for sessions, OTP and counters, fail-closed for sessions and OTP).
    /// TTLs default to `user_ttl`, `permission_ttl`, the session's absolute timeout, the OTP
    /// lifetime and the lockout window.
    static func cachingPolicy(_ spec: ScenarioSpec) -> CachingPolicy {
        let s = spec.system
        var policy = CachingPolicy(sessionTTL: s.sessions.absoluteTimeout, otpTTL: s.otp.lifetime, counterTTL: s.lockout.window)
        policy[.profiles].ttl = s.cache.userTTL
        policy[.permissions].ttl = s.cache.permissionTTL
        for c in DataClass.allCases {
            let written = s.cache.classes[c]
            if let v = written.strategy { policy[c].strategy = v }
            if let v = written.ttl { policy[c].ttl = v }
            if let v = written.whenUnavailable { policy[c].whenUnavailable = v }
            policy[c].flushInterval = written.flushInterval
            policy[c].flushBatch = written.flushBatch
        }
        return policy
    }

    static func otpConfig(_ spec: ScenarioSpec, seed: SeedTree) -> OTPConfig {
        var config = OTPConfig()
        config.lifetime = spec.system.otp.lifetime
        config.maxAttempts = spec.system.otp.maxAttempts
        config.requiredFraction = spec.system.otp.requiredFor
        config.seed = seed.seed
        return config
    }

    /// The checker's staleness bound per class (permissions default to `permission_staleness`)
    /// and how long it remembers writes: the longest TTL plus the longest bound and request.
    static func withDataPolicy(_ config: CheckerConfig, _ spec: ScenarioSpec) -> CheckerConfig {
        var config = config
        let policy = cachingPolicy(spec)
        for c in DataClass.allCases {
            config.dataStaleness[c.rawValue] = spec.system.cache.classes[c].staleness
                ?? (c == .permissions ? spec.system.permissionStaleness : .zero)
        }
        let longestTTL = policy.classes.map(\.ttl).max() ?? .zero
        config.dataRetention = longestTTL + (config.dataStaleness.max() ?? .zero) + config.maxRequestDuration
        return config
    }

    /// Warnings for the report: security state configured write-behind.
    var cachingWarnings: [String] {
        let policy = service.config.caching
        return DataClass.allCases.filter { policy[$0].strategy == .writeBehind }.map { c in
            "\(c.name) is write-behind: a cache crash, or an eviction before the flush, loses \(c.lossHazard). "
                + "The checker counts what came back (stale reads, resurrections, violations)."
        }
    }

    // MARK: Life

    /// Loads the top users' profiles and permissions before traffic (`warm: top-users(K)`).
    func warmAtStart() {
        guard case .topUsers(let k) = spec.system.cache.warm else { return }
        let policy = service.config.caching
        for user in population.topUsers(k) {
            guard let u = storeSeeding.peekUser(id: user) else { continue }
            if policy[.profiles].strategy != .none {
                cache.preload(.userByEmail(u.email), .user(u), ttl: policy[.profiles].ttl)
            }
            if policy[.permissions].strategy != .none {
                cache.preload(.permissions(user), .permissions(u.permissions, version: u.permissionVersion), ttl: policy[.permissions].ttl)
            }
        }
    }

    /// Starts snapshots and write-behind flushers (the fault plan crashes and restarts the cache).
    func startCaching() {
        let end = SimInstant.zero + spec.duration
        spawnCacheTask { [self] in await cache.runSnapshots(until: end) }
        for strategy in service.strategies {
            guard let behind = strategy as? WriteBehindStrategy else { continue }
            spawnCacheTask { await behind.runFlusher(until: end) }
        }
    }

    /// After a restart, reloads the top users through the modeled store and cache (the load
    /// shows on the store), eight at a time.
    func warmAfterRestart() async {
        guard case .topUsers(let k) = spec.system.cache.warm else { return }
        let users = population.topUsers(k)
        let policy = service.config.caching
        let store = self.store, cache = self.cacheCalls, server = self.cache
        await withDiscardingTaskGroup { group in
            for lane in 0..<8 {
                group.addTask {
                    var warmed = 0
                    for i in stride(from: lane, to: users.count, by: 8) {
                        guard let u = try? await store.user(id: users[i]) else { continue }
                        if policy[.profiles].strategy != .none,
                           (try? await cache.set(.userByEmail(u.email), .user(u), ttl: policy[.profiles].ttl)) != nil { warmed += 1 }
                        if policy[.permissions].strategy != .none,
                           (try? await cache.set(.permissions(u.id), .permissions(u.permissions, version: u.permissionVersion),
                                                 ttl: policy[.permissions].ttl)) != nil { warmed += 1 }
                    }
                    server.countWarmed(warmed)
                }
            }
        }
    }

    private func spawnCacheTask(_ body: sending @escaping @isolated(any) () async -> Void) {
        began()
        spawner.spawn { [self] in
            await body()
            finished()
        }
    }
}
