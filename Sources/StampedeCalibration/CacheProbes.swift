import StampedeCache
import StampedeKernel
import StampedeModel

/// Every call the auth service makes on its cache, each as a probe, and the cache's mix.
///
/// `prepare` puts `keys` sessions in the cache first (not measured), so `get` hits; the
/// other calls use keys of their own so they never turn one another's hits into misses.
public struct CacheProbes: Sendable {
    public let cache: any AuthCache
    public let keys: Int

    static let ttl = SimDuration.minutes(30)
    static let leaseTTL = SimDuration.seconds(10)

    public init(cache: any AuthCache, keys: Int = 10_000) {
        self.cache = cache; self.keys = keys
    }

    static func sessionKey(_ i: Int) -> CacheKey { .session(Token128(high: 0xCAC0, low: UInt64(i))) }
    static func session(_ i: UInt64, high: UInt64 = 0xCAC0) -> CacheValue {
        .session(SessionRecord(id: Token128(high: high, low: i), user: UserID(Int(i % 100_000)), issuedAt: .zero, lastSeen: .zero,
                               refreshToken: Token128(high: high + 1, low: i)))
    }

    /// Puts the sessions in place; stops early (returning false) when `shouldStop` says so.
    public func prepare(shouldStop: @Sendable () -> Bool) async throws(BackendError) -> Bool {
        for i in 0..<keys {
            if i % 500 == 0, shouldStop() { return false }
            try await cache.set(Self.sessionKey(i), Self.session(UInt64(i)), ttl: Self.ttl)
        }
        return true
    }

    public var calls: [Probe] {
        let cache = self.cache, keys = self.keys
        return [
            Probe(name: "cache.get") { _, rng in
                let key = Self.sessionKey(rng.nextInt(below: keys))
                return await timed { _ = try await cache.get(key) }
            },
            Probe(name: "cache.get_miss") { context, _ in
                let key = CacheKey.session(Token128(high: 0xCAC2, low: context.unique))
                return await timed { _ = try await cache.get(key) }
            },
            Probe(name: "cache.set") { context, rng in
                let key = CacheKey.session(Token128(high: 0xCAC3, low: UInt64(rng.nextInt(below: keys))))
                let value = Self.session(context.unique, high: 0xCAC3)
                return await timed { try await cache.set(key, value, ttl: Self.ttl) }
            },
            Probe(name: "cache.update") { context, rng in
                // Mostly present (the sessions prepared), as a write-through update finds them.
                let key = Self.sessionKey(rng.nextInt(below: keys))
                let value = Self.session(context.unique)
                return await timed { _ = try await cache.update(key, value, ttl: Self.ttl) }
            },
            Probe(name: "cache.delete") { context, _ in
                let key = CacheKey.session(Token128(high: 0xCAC4, low: context.unique))
                return await timed { try await cache.delete(key) }
            },
            Probe(name: "cache.incr") { _, rng in
                let key = CacheKey.failures(UserID(rng.nextInt(below: keys)))
                return await timed { _ = try await cache.increment(key, ttl: .minutes(15)) }
            },
            Probe(name: "cache.get_leased") { context, _ in
                // A miss: the call that hands out a lease (a hit costs what get does).
                let key = CacheKey.userByEmail("lease\(context.unique)@example.com")
                return await timed { _ = try await cache.getLeased(key, leaseTTL: Self.leaseTTL) }
            },
            Probe(name: "cache.set_leased") { context, _ in
                let key = CacheKey.userByEmail("fill\(context.unique)@example.com")
                let value = CacheValue.user(UserRecord(id: UserID(Int(context.unique % 100_000)), email: "fill@example.com",
                                                       passwordHash: StoreProbes.hash, permissions: PermissionSet(bits: 3)))
                // The lease first, off the clock: only the fill is this call.
                guard let lease = try? await cache.getLeased(key, leaseTTL: Self.leaseTTL).lease else {
                    return ProbeResult(elapsed: .zero, failed: true)
                }
                return await timed { _ = try await cache.setLeased(key, value, ttl: Self.ttl, lease: lease) }
            },
            Probe(name: "cache.compare_and_set") { context, _ in
                // Each caller keeps one key and moves it from the value it set last to a new one.
                let key = CacheKey.session(Token128(high: 0xCAC5, low: UInt64(context.step) << 32 | UInt64(context.lane)))
                let expected = context.n == 0 ? nil : Self.session(UInt64(context.n - 1), high: 0xCAC5)
                let new = Self.session(UInt64(context.n), high: 0xCAC5)
                return await timed { _ = try await cache.compareAndSet(key, expected: expected, new: new, ttl: Self.ttl) }
            },
        ]
    }

    /// The cache's share of the auth service's traffic: mostly session and profile reads that
    /// hit, the writes of logins and refreshes, failure counters, invalidations and lease misses.
    public var mix: Probe {
        let byName = Dictionary(uniqueKeysWithValues: calls.map { ($0.name, $0) })
        let weights: [(String, Int)] = [
            ("cache.get", 60), ("cache.get_miss", 5), ("cache.set", 10), ("cache.update", 5), ("cache.delete", 5),
            ("cache.incr", 8), ("cache.get_leased", 4), ("cache.compare_and_set", 3),
        ]
        return StampedeCalibration.mix(name: "cache.mix", kinds: ["cache.mix"], of: weights.map { (byName[$0.0]!, $0.1, 0) })
    }
}
