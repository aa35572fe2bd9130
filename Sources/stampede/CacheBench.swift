import Foundation
import StampedeCache
import StampedeKernel
import StampedeModel
import Synchronization

/// The in-process cache alone: how many operations per wall second it serves.
///
/// One simulated client issues a mix of 80 % GET, 15 % SET (with a TTL) and 5 % DEL over a
/// keyspace of sessions loaded beforehand, 80 % of the traffic on 20 % of the keys, through the public async
/// API with zero modeled latency: what is measured is the cache's own work (lock, keyspace,
/// eviction, expiry, log) plus the async call, not the model of a network.
enum CacheBench {
    struct Outcome {
        var label: String
        var operations: Int
        var seconds: Double
        var report: RedisCacheReport
        var opsPerSecond: Double { seconds > 0 ? Double(operations) / seconds : 0 }
    }

    static func run(label: String, operations: Int, keys: Int, config: RedisCacheConfig) -> Outcome {
        let executor = VirtualExecutor()
        let clock = VirtualClock(executor: executor)
        let cache = RedisCache(
            resource: ModeledResource(pool: ResourcePool(name: "cache", capacity: 1, clock: clock),
                                      latency: LatencySource(.constant(.zero), seed: SeedTree(1))),
            clock: clock, config: config, seed: SeedTree(2), observer: nil)
        let values = (0..<keys).map { i in
            CacheValue.session(SessionRecord(id: Token128(high: 7, low: UInt64(i)), user: UserID(i), issuedAt: .zero,
                                             lastSeen: .zero, refreshToken: Token128(high: 8, low: UInt64(i))))
        }
        let elapsed = Mutex(0.0)
        TaskSpawner(executor: executor).spawn {
            var rng = Xoshiro256(seed: 3)
            for i in 0..<keys { try? await cache.set(.session(Token128(high: 7, low: UInt64(i))), values[i], ttl: .seconds(30)) }
            let start = ContinuousClock.now // wall-clock: the benchmark's own speed
            for n in 0..<operations {
                let hot = rng.nextUnit() < 0.8
                let i = hot ? rng.nextInt(below: max(1, keys / 5)) : rng.nextInt(below: keys)
                let key = CacheKey.session(Token128(high: 7, low: UInt64(i)))
                let op = rng.nextInt(below: 100)
                if op < 80 {
                    _ = try? await cache.get(key)
                } else if op < 95 {
                    try? await cache.set(key, values[i], ttl: .seconds(30))
                } else {
                    try? await cache.delete(key)
                }
                if n % 1_000 == 0 { try? await clock.sleep(for: .milliseconds(1)) }
            }
            let d = ContinuousClock.now - start // wall-clock
            elapsed.withLock { $0 = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        }
        executor.run()
        return Outcome(label: label, operations: operations, seconds: elapsed.withLock { $0 }, report: cache.report())
    }

    /// The configurations `stampede bench --cache` compares.
    static func configurations(keys: Int) -> [(String, RedisCacheConfig)] {
        var base = RedisCacheConfig()
        base.maxEntries = keys * 2
        base.persistence.snapshotEvery = .zero
        var lru = base
        lru.maxEntries = keys / 2
        var lfu = lru
        lfu.policy = .allkeysLFU
        var aof = base
        aof.persistence.critical = [.sessions]
        return [("no eviction needed", base), ("allkeys-lru, half fits", lru), ("allkeys-lfu, half fits", lfu),
                ("append-only log (sessions critical)", aof)]
    }
}
