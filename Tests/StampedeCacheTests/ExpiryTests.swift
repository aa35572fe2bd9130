@testable import StampedeCache
import StampedeKernel
import StampedeModel
import Testing

/// Keys expire lazily on access and by the active cycle; an expired key is never returned.
@Suite struct ExpiryTests {
    /// Random sets (with and without TTLs), reads and deletes at random virtual times, checked
    /// against a model of what must be live.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func anExpiredKeyIsNeverReturned(seed: UInt64) throws {
        var config = RedisCacheConfig()
        config.maxEntries = 64
        var k = Keyspace(config: config, rng: Xoshiro256(seed: seed))
        var rng = Xoshiro256(seed: seed &* 31)
        var model: [Int: Int64] = [:]   // key → expiry (live keys only, as far as the cache may know)
        var now: Int64 = 0
        for _ in 0..<20_000 {
            now += Int64(rng.nextInt(below: 2_000_000))
            let i = rng.nextInt(below: 200)
            switch rng.nextInt(below: 10) {
            case 0..<4:
                let expiry = rng.chance(0.2) ? Keyspace.noExpiry : now + Int64(rng.nextInt(below: 50_000_000)) + 1
                _ = try k.store(sessionKey(i), sessionValue(i), expiresAt: expiry, now: SimInstant(nanoseconds: now))
                model[i] = expiry
            case 4:
                k.delete(sessionKey(i))
                model[i] = nil
            case 5:
                k.activeExpire(now: SimInstant(nanoseconds: now))
            default:
                if k.lookup(sessionKey(i), now: SimInstant(nanoseconds: now)) != nil {
                    let expiry = try #require(model[i], "returned a key that was deleted or evicted")
                    #expect(expiry > now, "returned key \(i) expired at \(expiry) at \(now)")
                }
            }
        }
        #expect(k.checkInvariants())
    }

    @Test func theActiveCycleRemovesExpiredKeysNobodyReads() throws {
        var config = RedisCacheConfig()
        config.maxEntries = 10_000
        var k = Keyspace(config: config, rng: Xoshiro256(seed: 3))
        for i in 0..<1_000 { _ = try k.store(sessionKey(i), sessionValue(i), expiresAt: at(1).nanoseconds, now: at(0)) }
        for i in 1_000..<1_100 { _ = try k.store(sessionKey(i), sessionValue(i), expiresAt: Keyspace.noExpiry, now: at(0)) }
        var cycles = 0
        while k.count > 100, cycles < 1_000 {
            k.activeExpire(now: at(2))
            cycles += 1
        }
        #expect(k.count == 100)
        #expect(k.classes[DataClass.sessions.rawValue].expiredActive == 1_000)
        #expect(k.checkInvariants())
    }

    @Test func theCacheExpiresInVirtualTimeWithoutBeingAsked() {
        let rig = CacheRig()
        let (before, after, counts) = rig.run { cache, clock in
            try? await cache.set(sessionKey(1), sessionValue(1), ttl: .seconds(5))
            for i in 2..<500 { try? await cache.set(sessionKey(i), sessionValue(i), ttl: .seconds(5)) }
            let before = try? await cache.get(sessionKey(1))
            try? await clock.sleep(for: .seconds(6))
            // Any call lets the 100 ms active cycle run; keys no one asks for go too.
            for _ in 0..<50 {
                _ = try? await cache.get(sessionKey(0))
                try? await clock.sleep(for: .milliseconds(100))
            }
            let after = try? await cache.get(sessionKey(1))
            return (before, after, cache.report().classes[DataClass.sessions.rawValue])
        }
        #expect(before == sessionValue(1))
        #expect(after == nil)
        #expect(counts.keys == 0)
        #expect(counts.expiredActive > 400)
        #expect(counts.expiredActive + counts.expiredLazy == 499)
    }

    @Test func incrementKeepsTheCountersFixedWindow() {
        let rig = CacheRig()
        let counts = rig.run { cache, clock in
            var out: [Int] = []
            for _ in 0..<3 {
                out.append((try? await cache.increment(.failures(UserID(1)), ttl: .seconds(10))) ?? -1)
                try? await clock.sleep(for: .seconds(4))
            }
            out.append((try? await cache.increment(.failures(UserID(1)), ttl: .seconds(10))) ?? -1)
            return out
        }
        #expect(counts == [1, 2, 3, 1])   // the window opened at 0 s closed at 10 s
    }
}
