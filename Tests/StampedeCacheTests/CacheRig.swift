@testable import StampedeCache
import StampedeKernel
import StampedeModel
import Synchronization

/// A Redis-like cache on a virtual clock, every call taking `latency`.
struct CacheRig {
    let executor = VirtualExecutor()
    let clock: VirtualClock
    let cache: RedisCache

    init(_ config: RedisCacheConfig = RedisCacheConfig(), latency: SimDuration = .microseconds(100), seed: UInt64 = 1,
         observer: (any SystemProbe)? = nil) {
        clock = VirtualClock(executor: executor)
        cache = RedisCache(
            resource: ModeledResource(pool: ResourcePool(name: "cache", capacity: 8, clock: clock),
                                      latency: LatencySource(.constant(latency), seed: SeedTree(seed))),
            clock: clock, config: config, seed: SeedTree(seed), observer: observer)
    }

    /// Runs `body` as the only simulated task and returns what it returns.
    func run<T: Sendable>(_ body: @escaping @Sendable (RedisCache, VirtualClock) async -> T) -> T {
        let box = Mutex<T?>(nil)
        let cache = self.cache, clock = self.clock
        TaskSpawner(executor: executor).spawn { let v = await body(cache, clock); box.withLock { $0 = v } }
        executor.run()
        return box.withLock { $0 }!
    }
}

/// A key and a value of the sessions class, numbered.
func sessionKey(_ i: Int) -> CacheKey { .session(Token128(high: 1, low: UInt64(i))) }
func sessionValue(_ i: Int, revoked: Bool = false) -> CacheValue {
    .session(SessionRecord(id: Token128(high: 1, low: UInt64(i)), user: UserID(i), issuedAt: .zero, lastSeen: .zero,
                           revoked: revoked, refreshToken: Token128(high: 2, low: UInt64(i))))
}
func profileKey(_ i: Int) -> CacheKey { .userByEmail("user\(i)@example.com") }
func profileValue(_ i: Int) -> CacheValue {
    .user(UserRecord(id: UserID(i), email: "user\(i)@example.com", passwordHash: "$pbkdf2-sha256$i=16,l=32$salt$hash",
                     permissions: .empty))
}
func at(_ seconds: Double) -> SimInstant { SimInstant.zero + .seconds(seconds) }
