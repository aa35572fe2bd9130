@testable import StampedeCache
import StampedeKernel
import StampedeModel
import Testing

/// Each `maxmemory-policy` evicts what Redis's documentation says it evicts.
@Suite struct EvictionTests {
    func keyspace(_ policy: EvictionPolicy, maxEntries: Int = 10, maxMemory: Int = 0, samples: Int = 5) -> Keyspace {
        var config = RedisCacheConfig()
        config.policy = policy
        config.maxEntries = maxEntries
        config.maxMemory = maxMemory
        config.samples = samples
        return Keyspace(config: config, rng: Xoshiro256(seed: 9))
    }

    /// The error storing a session under `key` throws, or nil.
    func refusal(_ k: inout Keyspace, _ key: CacheKey, now: SimInstant) -> BackendError? {
        do throws(BackendError) {
            _ = try k.store(key, sessionValue(0), expiresAt: Keyspace.noExpiry, now: now)
            return nil
        } catch {
            return error
        }
    }

    @Test func allkeysLRUEvictsTheLeastRecentlyUsed() throws {
        var k = keyspace(.allkeysLRU)
        for i in 0..<10 { _ = try k.store(sessionKey(i), sessionValue(i), expiresAt: Keyspace.noExpiry, now: at(Double(i))) }
        for i in [0, 1, 2] { _ = k.lookup(sessionKey(i), now: at(20)) }   // 3 becomes the oldest
        let evicted = try k.store(sessionKey(10), sessionValue(10), expiresAt: Keyspace.noExpiry, now: at(21))
        #expect(evicted == [sessionKey(3)])
        #expect(k.count == 10)
        #expect(k.classes[DataClass.sessions.rawValue].evictions == 1)
        #expect(k.checkInvariants())
    }

    @Test func volatileLRUOnlyEvictsKeysWithATTLAndRefusesWhenThereAreNone() throws {
        var k = keyspace(.volatileLRU, maxEntries: 4)
        _ = try k.store(sessionKey(0), sessionValue(0), expiresAt: Keyspace.noExpiry, now: at(0))
        _ = try k.store(sessionKey(1), sessionValue(1), expiresAt: at(100).nanoseconds, now: at(1))
        _ = try k.store(sessionKey(2), sessionValue(2), expiresAt: Keyspace.noExpiry, now: at(2))
        _ = try k.store(sessionKey(3), sessionValue(3), expiresAt: at(100).nanoseconds, now: at(3))
        #expect(try k.store(sessionKey(4), sessionValue(4), expiresAt: Keyspace.noExpiry, now: at(4)) == [sessionKey(1)])
        #expect(try k.store(sessionKey(5), sessionValue(5), expiresAt: Keyspace.noExpiry, now: at(5)) == [sessionKey(3)])
        #expect(refusal(&k, sessionKey(6), now: at(6)) == .outOfMemory)
        #expect(k.checkInvariants())
    }

    @Test func volatileTTLEvictsTheKeyNearestItsExpiry() throws {
        var k = keyspace(.volatileTTL, maxEntries: 6, samples: 64)
        let expiries: [Double] = [50, 10, 90, 30, 70]
        for (i, e) in expiries.enumerated() {
            _ = try k.store(sessionKey(i), sessionValue(i), expiresAt: at(e).nanoseconds, now: at(0))
        }
        _ = try k.store(sessionKey(9), sessionValue(9), expiresAt: Keyspace.noExpiry, now: at(0))
        #expect(try k.store(sessionKey(10), sessionValue(10), expiresAt: at(99).nanoseconds, now: at(1)) == [sessionKey(1)])
        #expect(try k.store(sessionKey(11), sessionValue(11), expiresAt: at(99).nanoseconds, now: at(1)) == [sessionKey(3)])
        #expect(k.peek(sessionKey(9), now: at(1)) != nil)   // no TTL: never a candidate
    }

    @Test func allkeysLFUKeepsTheBusyKeys() throws {
        var k = keyspace(.allkeysLFU, maxEntries: 20, samples: 5)
        for i in 0..<20 { _ = try k.store(sessionKey(i), sessionValue(i), expiresAt: Keyspace.noExpiry, now: at(0)) }
        for round in 0..<200 {
            for hot in 0..<5 { _ = k.lookup(sessionKey(hot), now: at(1 + Double(round) * 0.001)) }
        }
        for i in 20..<60 { _ = try k.store(sessionKey(i), sessionValue(i), expiresAt: Keyspace.noExpiry, now: at(2)) }
        for hot in 0..<5 { #expect(k.peek(sessionKey(hot), now: at(2)) != nil, "hot key \(hot) was evicted") }
        #expect(k.count == 20)
        #expect(k.checkInvariants())
    }

    @Test func allkeysLFUWithEnoughSamplesEvictsTheLeastFrequent() throws {
        var k = keyspace(.allkeysLFU, maxEntries: 4, samples: 200)
        for i in 0..<4 { _ = try k.store(sessionKey(i), sessionValue(i), expiresAt: Keyspace.noExpiry, now: at(0)) }
        for i in [0, 1, 3] { for _ in 0..<50 { _ = k.lookup(sessionKey(i), now: at(1)) } }
        #expect(try k.store(sessionKey(4), sessionValue(4), expiresAt: Keyspace.noExpiry, now: at(1)) == [sessionKey(2)])
    }

    @Test func allkeysRandomIsSeededAndSpreadsOverTheKeys() throws {
        func victims(seed: UInt64) throws -> [CacheKey] {
            var config = RedisCacheConfig()
            config.policy = .allkeysRandom
            config.maxEntries = 50
            var k = Keyspace(config: config, rng: Xoshiro256(seed: seed))
            for i in 0..<50 { _ = try k.store(sessionKey(i), sessionValue(i), expiresAt: Keyspace.noExpiry, now: at(0)) }
            var out: [CacheKey] = []
            for i in 50..<150 { out += try k.store(sessionKey(i), sessionValue(i), expiresAt: Keyspace.noExpiry, now: at(1)) }
            #expect(k.checkInvariants())
            return out
        }
        let a = try victims(seed: 1)
        #expect(a == (try victims(seed: 1)))
        #expect(a != (try victims(seed: 2)))
        // Not LRU: some later keys go before some of the first fifty.
        #expect(a.prefix(50) != (0..<50).map(sessionKey)[...])
    }

    @Test func noevictionRefusesWritesButServesReadsAndDeletes() throws {
        var k = keyspace(.noeviction, maxEntries: 2)
        _ = try k.store(sessionKey(0), sessionValue(0), expiresAt: Keyspace.noExpiry, now: at(0))
        _ = try k.store(sessionKey(1), sessionValue(1), expiresAt: Keyspace.noExpiry, now: at(0))
        #expect(refusal(&k, sessionKey(2), now: at(0)) == .outOfMemory)
        _ = try k.store(sessionKey(1), sessionValue(1, revoked: true), expiresAt: Keyspace.noExpiry, now: at(0))   // same size: fits
        #expect(k.lookup(sessionKey(0), now: at(1)) != nil)
        let deleted = k.delete(sessionKey(0))
        #expect(deleted)
        _ = try k.store(sessionKey(2), sessionValue(2), expiresAt: Keyspace.noExpiry, now: at(1))
        #expect(k.count == 2)
    }

    @Test func maxmemoryCountsKeyValueAndOverheadAndIsNeverExceeded() throws {
        let size = Keyspace.footprint(profileKey(0), profileValue(0))
        #expect(size == profileKey(0).byteSize + profileValue(0).byteSize + Keyspace.overhead)
        var k = keyspace(.allkeysLRU, maxEntries: 1_000_000, maxMemory: size * 10 + size / 2)
        var evicted = 0
        for i in 0..<100 {
            evicted += try k.store(profileKey(i), profileValue(i), expiresAt: Keyspace.noExpiry, now: at(Double(i))).count
            #expect(k.usedBytes <= size * 10 + size / 2)
        }
        #expect(k.count == 10)
        #expect(evicted == 90)
        #expect(k.classes[DataClass.profiles.rawValue].evictions == 90)
        #expect(k.classes[DataClass.profiles.rawValue].bytes == k.usedBytes)
        #expect(k.checkInvariants())
    }

    @Test func evictionsAreCountedPerDataClass() throws {
        var k = keyspace(.allkeysLRU, maxEntries: 4)
        _ = try k.store(profileKey(0), profileValue(0), expiresAt: Keyspace.noExpiry, now: at(0))
        _ = try k.store(sessionKey(0), sessionValue(0), expiresAt: Keyspace.noExpiry, now: at(1))
        _ = try k.store(.failures(UserID(1)), .counter(1), expiresAt: Keyspace.noExpiry, now: at(2))
        _ = try k.store(.permissions(UserID(1)), .permissions(.empty, version: 1), expiresAt: Keyspace.noExpiry, now: at(3))
        for i in 1...3 { _ = try k.store(sessionKey(i), sessionValue(i), expiresAt: Keyspace.noExpiry, now: at(4)) }
        #expect(k.classes.map(\.evictions) == [1, 1, 0, 0, 1])   // profiles, sessions, permissions, otp, counters
    }
}
