import StampedeAuth
import StampedeCache
import StampedeChecker
import StampedeKernel
import StampedeModel
import StampedeSystem

/// The cache's configuration and life in a run: strategies per data class, persistence,
/// warming, crashes and restarts, write-behind flushers.
extension Simulation {
    /// The checker's staleness bound per class (permissions default to `permission_staleness`)
    /// and how long it remembers writes: the longest TTL of a copy that can outlive a write
    /// plus the longest bound and request. A class that is not cached (strategy `none`, and
    /// no local copy) keeps no copy, so its TTL does not count: a run with caching off
    /// remembers only the writes a request in flight may still read.
    static func withDataPolicy(_ config: CheckerConfig, _ system: SystemSpec) -> CheckerConfig {
        var config = config
        let policy = system.cachingPolicy
        config.dataStaleness = system.dataStaleness
        let copied = policy.classes.filter { $0.strategy != .none || $0.whenUnavailable == .local }
        let longestTTL = copied.map(\.ttl).max() ?? .zero
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
    func warmAtStart() async throws(BackendError) {
        guard case .topUsers(let k) = spec.system.cache.warm else { return }
        let policy = service.config.caching
        var entries: [CacheEntry] = []
        for user in population.topUsers(k) {
            guard let u = try await system.storeSeeding.lookUpUser(id: user) else { continue }
            if policy[.profiles].strategy != .none {
                entries.append(CacheEntry(.userByEmail(u.email), .user(u), ttl: policy[.profiles].ttl))
            }
            if policy[.permissions].strategy != .none {
                entries.append(CacheEntry(.permissions(user), .permissions(u.permissions, version: u.permissionVersion),
                                          ttl: policy[.permissions].ttl))
            }
        }
        _ = try await system.cacheServer.preload(entries)
    }

    /// Starts snapshots and write-behind flushers (the fault plan crashes and restarts the cache).
    func startCaching() {
        let end = SimInstant.zero + spec.duration
        spawnCacheTask { [server = system.cacheServer] in await server.runSnapshots(until: end) }
        for strategy in service.strategies {
            guard let behind = strategy.deferredWrites else { continue }
            spawnCacheTask { await behind.runFlusher(until: end) }
        }
    }

    /// After a restart, reloads the top users through the modeled store and cache (the load
    /// shows on the store), eight at a time.
    func warmAfterRestart() async {
        guard case .topUsers(let k) = spec.system.cache.warm else { return }
        let users = population.topUsers(k)
        let policy = service.config.caching
        let store = system.store, cache = system.cache, server = system.cacheServer
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
