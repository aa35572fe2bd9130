import StampedeKernel
import StampedeModel

/// The cache's keys and values with expiry, memory accounting and eviction.
///
/// Entries live in one array threaded by a `RecencyList` (as in `LRUTable`), plus two
/// dense arrays of slot numbers, all keys and keys with a TTL, so the sampling policies and
/// active expiry pick a random key in O(1). Nothing allocates once the table has grown.
struct Keyspace {
    struct Slot: RecencyLinked {
        var key: CacheKey
        var value: CacheValue
        /// `Int64.max` for a key without a TTL.
        var expiresAt: Int64
        var lastAccess: Int64
        var newer: Int32
        var older: Int32
        var livePos: Int32
        /// Position in `volatile`, or -1 without a TTL.
        var volatilePos: Int32
        var size: Int32
        var lfu: UInt8
        var lfuMinute: UInt32
    }

    /// Counters of one data class.
    struct ClassCounters: Sendable {
        var keys = 0
        var bytes = 0
        var evictions = 0
        var expiredLazy = 0
        var expiredActive = 0
    }

    /// Bytes Redis spends per key beyond key and value (dictionary entry, object headers).
    static let overhead = 48
    static let noExpiry = Int64.max

    var index: [CacheKey: Int32] = [:]
    var slots: [Slot] = []
    var free: [Int32] = []
    var live: [Int32] = []
    var volatile: [Int32] = []
    var recency = RecencyList()
    private(set) var usedBytes = 0
    private(set) var peakBytes = 0
    var classes = [ClassCounters](repeating: ClassCounters(), count: DataClass.allCases.count)
    var config: RedisCacheConfig
    var rng: Xoshiro256

    init(config: RedisCacheConfig, rng: Xoshiro256) {
        precondition(config.maxEntries >= 1 && config.samples >= 1)
        self.config = config
        self.rng = rng
    }

    var count: Int { index.count }

    /// Carries eviction and expiry counts and the memory peak over from the keyspace a
    /// crash discarded, so a run's totals survive restarts.
    mutating func inheritCounters(from old: Keyspace) {
        peakBytes = max(peakBytes, old.peakBytes)
        for c in classes.indices {
            classes[c].evictions += old.classes[c].evictions
            classes[c].expiredLazy += old.classes[c].expiredLazy
            classes[c].expiredActive += old.classes[c].expiredActive
        }
    }

    /// The size a key and value take, overhead included.
    @inline(__always) static func footprint(_ key: CacheKey, _ value: CacheValue) -> Int {
        key.byteSize + value.byteSize + overhead
    }

    // MARK: Reading

    /// The live value, touching its recency (and LFU counter); an expired key is removed.
    mutating func lookup(_ key: CacheKey, now: SimInstant) -> CacheValue? {
        guard let i = index[key] else { return nil }
        if slots[Int(i)].expiresAt <= now.nanoseconds {
            remove(slot: i)
            classes[key.dataClass.rawValue].expiredLazy += 1
            return nil
        }
        touch(i, now: now)
        return slots[Int(i)].value
    }

    /// The live value without touching it (for conditional writes).
    func peek(_ key: CacheKey, now: SimInstant) -> CacheValue? {
        guard let i = index[key], slots[Int(i)].expiresAt > now.nanoseconds else { return nil }
        return slots[Int(i)].value
    }

    /// The expiry of a present key (`noExpiry` if none).
    func expiry(of key: CacheKey) -> Int64? { index[key].map { slots[Int($0)].expiresAt } }

    // MARK: Writing

    /// Stores `value`, evicting by policy if memory or the key limit requires; throws
    /// `outOfMemory` when the policy cannot make room. Returns the keys evicted.
    mutating func store(_ key: CacheKey, _ value: CacheValue, expiresAt: Int64, now: SimInstant) throws(BackendError) -> [CacheKey] {
        let size = Self.footprint(key, value)
        let existing = index[key]
        let growth = size - (existing.map { Int(slots[Int($0)].size) } ?? 0)
        let evicted = try makeRoom(bytes: growth, newKey: existing == nil, sparing: existing, now: now)
        if let i = existing {
            replace(i, value: value, size: size, expiresAt: expiresAt, now: now)
        } else {
            insert(key, value, size: size, expiresAt: expiresAt, now: now)
        }
        return evicted
    }

    /// Removes a key; false if it was not there.
    @discardableResult
    mutating func delete(_ key: CacheKey) -> Bool {
        guard let i = index[key] else { return false }
        remove(slot: i)
        return true
    }

    /// Every live key, for a snapshot: (key, value, expiry).
    func entries(now: SimInstant) -> [(key: CacheKey, value: CacheValue, expiresAt: Int64)] {
        live.compactMap { i in
            let s = slots[Int(i)]
            return s.expiresAt > now.nanoseconds ? (s.key, s.value, s.expiresAt) : nil
        }
    }

    // MARK: Slots

    private mutating func insert(_ key: CacheKey, _ value: CacheValue, size: Int, expiresAt: Int64, now: SimInstant) {
        let slot = Slot(key: key, value: value, expiresAt: expiresAt, lastAccess: now.nanoseconds, newer: -1, older: -1,
                        livePos: Int32(live.count), volatilePos: -1, size: Int32(size), lfu: Self.lfuInitial,
                        lfuMinute: Self.minute(now))
        let i: Int32
        if let f = free.popLast() {
            i = f
            slots[Int(f)] = slot
        } else {
            i = Int32(slots.count)
            slots.append(slot)
        }
        recency.pushNewest(i, in: &slots)
        index[key] = i
        live.append(i)
        if expiresAt != Self.noExpiry { addVolatile(i) }
        let c = key.dataClass.rawValue
        classes[c].keys += 1
        classes[c].bytes += size
        usedBytes += size
        peakBytes = max(peakBytes, usedBytes)
    }

    private mutating func replace(_ i: Int32, value: CacheValue, size: Int, expiresAt: Int64, now: SimInstant) {
        let old = Int(slots[Int(i)].size)
        let c = slots[Int(i)].key.dataClass.rawValue
        slots[Int(i)].value = value
        slots[Int(i)].size = Int32(size)
        let wasVolatile = slots[Int(i)].volatilePos >= 0
        slots[Int(i)].expiresAt = expiresAt
        if wasVolatile && expiresAt == Self.noExpiry { removeVolatile(i) }
        if !wasVolatile && expiresAt != Self.noExpiry { addVolatile(i) }
        classes[c].bytes += size - old
        usedBytes += size - old
        peakBytes = max(peakBytes, usedBytes)
        touch(i, now: now)
    }

    mutating func remove(slot i: Int32) {
        recency.unlink(i, in: &slots)
        let s = slots[Int(i)]
        index.removeValue(forKey: s.key)
        let lastLive = live.removeLast()
        if lastLive != i {
            live[Int(s.livePos)] = lastLive
            slots[Int(lastLive)].livePos = s.livePos
        }
        if s.volatilePos >= 0 { removeVolatile(i) }
        let c = s.key.dataClass.rawValue
        classes[c].keys -= 1
        classes[c].bytes -= Int(s.size)
        usedBytes -= Int(s.size)
        // Drop references (an email, a hash) the free slot would otherwise keep alive.
        slots[Int(i)].key = .failures(UserID(0))
        slots[Int(i)].value = .counter(0)
        free.append(i)
    }

    private mutating func addVolatile(_ i: Int32) {
        slots[Int(i)].volatilePos = Int32(volatile.count)
        volatile.append(i)
    }

    private mutating func removeVolatile(_ i: Int32) {
        let pos = slots[Int(i)].volatilePos
        let last = volatile.removeLast()
        if last != i {
            volatile[Int(pos)] = last
            slots[Int(last)].volatilePos = pos
        }
        slots[Int(i)].volatilePos = -1
    }

    mutating func touch(_ i: Int32, now: SimInstant) {
        slots[Int(i)].lastAccess = now.nanoseconds
        if config.policy == .allkeysLFU { bumpLFU(i, now: now) }
        recency.moveToNewest(i, in: &slots)
    }
}
