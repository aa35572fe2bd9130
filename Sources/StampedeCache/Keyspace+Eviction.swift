import StampedeKernel
import StampedeModel

/// Eviction by policy, Redis's LFU counter, and active expiry.
extension Keyspace {
    static let lfuInitial: UInt8 = 5
    static let lfuLogFactor = 10.0
    /// Keys sampled per active-expiry loop, and the most loops per cycle (Redis's constants).
    static let activeExpireSample = 20
    static let activeExpireLoops = 16

    @inline(__always) static func minute(_ now: SimInstant) -> UInt32 {
        UInt32(truncatingIfNeeded: now.nanoseconds / 60_000_000_000)
    }

    /// Evicts until `bytes` more fit (and a new key fits under `maxEntries`), never evicting
    /// `sparing` (the key being replaced). Returns the keys evicted.
    mutating func makeRoom(bytes: Int, newKey: Bool, sparing: Int32?, now: SimInstant) throws(BackendError) -> [CacheKey] {
        var evicted: [CacheKey] = []
        while (config.maxMemory > 0 && usedBytes + bytes > config.maxMemory) || (newKey && index.count >= config.maxEntries) {
            guard let victim = pickVictim(sparing: sparing, now: now) else { throw .outOfMemory }
            let key = slots[Int(victim)].key
            let c = key.dataClass.rawValue
            if slots[Int(victim)].expiresAt <= now.nanoseconds {
                classes[c].expiredLazy += 1
            } else {
                classes[c].evictions += 1
                evicted.append(key)
            }
            remove(slot: victim)
        }
        return evicted
    }

    /// The key the policy evicts next, or nil when it may evict nothing.
    mutating func pickVictim(sparing: Int32?, now: SimInstant) -> Int32? {
        switch config.policy {
        case .noeviction:
            return nil
        case .allkeysLRU:
            var i = recency.oldest
            while i >= 0, i == sparing { i = slots[Int(i)].newer }
            return i >= 0 ? i : nil
        case .volatileLRU:
            var i = recency.oldest
            while i >= 0, slots[Int(i)].volatilePos < 0 || i == sparing { i = slots[Int(i)].newer }
            return i >= 0 ? i : nil
        case .allkeysLFU:
            let drawn = draw(volatileOnly: false, sparing: sparing, count: config.samples)
            return drawn.min { a, b in
                let (fa, fb) = (decayedLFU(a, now: now), decayedLFU(b, now: now))
                return fa != fb ? fa < fb : slots[Int(a)].lastAccess < slots[Int(b)].lastAccess
            }
        case .volatileTTL:
            let drawn = draw(volatileOnly: true, sparing: sparing, count: config.samples)
            return drawn.min { a, b in slots[Int(a)].expiresAt < slots[Int(b)].expiresAt }
        case .allkeysRandom:
            return draw(volatileOnly: false, sparing: sparing, count: 1).first
        }
    }

    /// `count` random keys (with a TTL if `volatileOnly`), never `sparing`; empty when there
    /// is no candidate. Draws are with replacement, as Redis samples.
    private mutating func draw(volatileOnly: Bool, sparing: Int32?, count: Int) -> [Int32] {
        let poolCount = volatileOnly ? volatile.count : live.count
        let sparedHere = sparing.map { !volatileOnly || slots[Int($0)].volatilePos >= 0 } ?? false
        guard poolCount - (sparedHere ? 1 : 0) > 0 else { return [] }
        var drawn: [Int32] = []
        drawn.reserveCapacity(count)
        while drawn.count < count {
            let r = rng.nextInt(below: poolCount)
            let i = volatileOnly ? volatile[r] : live[r]
            if i != sparing { drawn.append(i) }
        }
        return drawn
    }

    /// The LFU counter after its decay of one per idle minute.
    func decayedLFU(_ i: Int32, now: SimInstant) -> UInt8 {
        let idle = Self.minute(now) &- slots[Int(i)].lfuMinute
        let c = slots[Int(i)].lfu
        return UInt32(c) > idle ? c - UInt8(idle) : 0
    }

    /// Redis's logarithmic increment: the busier a key, the less likely each access counts.
    mutating func bumpLFU(_ i: Int32, now: SimInstant) {
        var c = decayedLFU(i, now: now)
        if c < 255 {
            let base = Double(max(0, Int(c) - Int(Self.lfuInitial)))
            if rng.nextUnit() < 1 / (base * Self.lfuLogFactor + 1) { c += 1 }
        }
        slots[Int(i)].lfu = c
        slots[Int(i)].lfuMinute = Self.minute(now)
    }

    /// One active-expiry cycle: sample keys with a TTL and delete the expired ones, again
    /// while more than a quarter of a sample had expired. Returns how many were deleted.
    @discardableResult
    mutating func activeExpire(now: SimInstant) -> Int {
        var total = 0
        for _ in 0..<Self.activeExpireLoops {
            let n = min(Self.activeExpireSample, volatile.count)
            guard n > 0 else { break }
            var expired = 0
            for _ in 0..<n {
                guard !volatile.isEmpty else { break }
                let i = volatile[rng.nextInt(below: volatile.count)]
                if slots[Int(i)].expiresAt <= now.nanoseconds {
                    classes[slots[Int(i)].key.dataClass.rawValue].expiredActive += 1
                    remove(slot: i)
                    expired += 1
                }
            }
            total += expired
            if expired * 4 <= n { break }
        }
        return total
    }

    /// The recency list, the dense arrays, the index and the byte counts agree.
    func checkInvariants() -> Bool {
        guard recency.isConsistent(in: slots, count: index.count, isMember: { index[slots[Int($0)].key] == $0 }),
              live.count == index.count else { return false }
        var bytes = 0
        var perClass = [(keys: Int, bytes: Int)](repeating: (0, 0), count: DataClass.allCases.count)
        var withTTL = 0
        for (p, s) in live.enumerated() {
            let slot = slots[Int(s)]
            guard slot.livePos == p, index[slot.key] == s else { return false }
            if slot.expiresAt != Self.noExpiry {
                withTTL += 1
                guard slot.volatilePos >= 0, volatile[Int(slot.volatilePos)] == s else { return false }
            }
            bytes += Int(slot.size)
            perClass[slot.key.dataClass.rawValue].keys += 1
            perClass[slot.key.dataClass.rawValue].bytes += Int(slot.size)
        }
        guard withTTL == volatile.count, bytes == usedBytes else { return false }
        return zip(perClass, classes).allSatisfy { $0.keys == $1.keys && $0.bytes == $1.bytes }
    }
}
