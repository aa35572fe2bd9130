import StampedeKernel

/// A key/value table with per-entry expiry and least-recently-used eviction by count.
///
/// Entries live in one array threaded by a `RecencyList`, so a lookup, an insert and an
/// eviction are O(1) with no allocation once the table has grown.
struct LRUTable<Key: Hashable, Value> {
    private struct Slot: RecencyLinked {
        var key: Key
        var value: Value
        var expiresAt: SimInstant?
        var newer: Int32
        var older: Int32
    }

    private var index: [Key: Int32] = [:]
    private var slots: [Slot] = []
    private var free: [Int32] = []
    private var recency = RecencyList()
    /// Entries kept before eviction; `resize(capacity:)` changes it (a fault may shrink it).
    var capacity: Int
    var evictions = 0
    private(set) var expirations = 0

    init(capacity: Int) {
        precondition(capacity >= 1)
        self.capacity = capacity
    }

    var count: Int { index.count }

    /// The least recently used entry's slot (the next to evict), or -1 when empty.
    var oldest: Int32 { recency.oldest }

    /// The live value, touching its recency; an expired entry is removed and counted.
    mutating func get(_ key: Key, now: SimInstant) -> Value? {
        guard let i = index[key] else { return nil }
        if let e = slots[Int(i)].expiresAt, e <= now {
            remove(at: i)
            expirations += 1
            return nil
        }
        recency.moveToNewest(i, in: &slots)
        return slots[Int(i)].value
    }

    /// The expiry of a present entry.
    func expiry(of key: Key) -> SimInstant? {
        index[key].flatMap { slots[Int($0)].expiresAt }
    }

    func contains(_ key: Key, now: SimInstant) -> Bool {
        guard let i = index[key] else { return false }
        if let e = slots[Int(i)].expiresAt, e <= now { return false }
        return true
    }

    mutating func set(_ key: Key, _ value: Value, expiresAt: SimInstant?) {
        if let i = index[key] {
            slots[Int(i)].value = value
            slots[Int(i)].expiresAt = expiresAt
            recency.moveToNewest(i, in: &slots)
            return
        }
        if index.count >= capacity, oldest >= 0 {
            remove(at: oldest)
            evictions += 1
        }
        let slot = Slot(key: key, value: value, expiresAt: expiresAt, newer: -1, older: -1)
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
    }

    @discardableResult
    mutating func delete(_ key: Key) -> Bool {
        guard let i = index[key] else { return false }
        remove(at: i)
        return true
    }

    mutating func remove(at i: Int32) {
        recency.unlink(i, in: &slots)
        index.removeValue(forKey: slots[Int(i)].key)
        free.append(i)
    }

    /// The recency list visits every entry once, from newest to oldest.
    func checkInvariants() -> Bool {
        recency.isConsistent(in: slots, count: index.count) { i in index[slots[Int(i)].key] == i }
    }
}
