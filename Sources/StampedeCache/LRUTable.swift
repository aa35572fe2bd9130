import StampedeKernel

/// A key/value table with per-entry expiry and least-recently-used eviction by count.
///
/// Entries live in arrays linked into a recency list by index, so a lookup, an insert
/// and an eviction are O(1) with no allocation once the table has grown.
struct LRUTable<Key: Hashable, Value> {
    private struct Slot {
        var key: Key
        var value: Value
        var expiresAt: SimInstant?
        var newer: Int32
        var older: Int32
    }

    private var index: [Key: Int32] = [:]
    private var slots: [Slot] = []
    private var free: [Int32] = []
    private var newest: Int32 = -1
    private(set) var oldest: Int32 = -1
    /// Entries kept before eviction; `resize(capacity:)` changes it (a fault may shrink it).
    var capacity: Int
    var evictions = 0
    private(set) var expirations = 0

    init(capacity: Int) {
        precondition(capacity >= 1)
        self.capacity = capacity
    }

    var count: Int { index.count }

    /// The live value, touching its recency; an expired entry is removed and counted.
    mutating func get(_ key: Key, now: SimInstant) -> Value? {
        guard let i = index[key] else { return nil }
        if let e = slots[Int(i)].expiresAt, e <= now {
            remove(at: i)
            expirations += 1
            return nil
        }
        moveToNewest(i)
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
            moveToNewest(i)
            return
        }
        if index.count >= capacity, oldest >= 0 {
            remove(at: oldest)
            evictions += 1
        }
        let slot = Slot(key: key, value: value, expiresAt: expiresAt, newer: -1, older: newest)
        let i: Int32
        if let f = free.popLast() {
            i = f
            slots[Int(f)] = slot
        } else {
            i = Int32(slots.count)
            slots.append(slot)
        }
        if newest >= 0 { slots[Int(newest)].newer = i }
        newest = i
        if oldest < 0 { oldest = i }
        index[key] = i
    }

    @discardableResult
    mutating func delete(_ key: Key) -> Bool {
        guard let i = index[key] else { return false }
        remove(at: i)
        return true
    }

    private mutating func unlink(_ i: Int32) {
        let s = slots[Int(i)]
        if s.newer >= 0 { slots[Int(s.newer)].older = s.older } else { newest = s.older }
        if s.older >= 0 { slots[Int(s.older)].newer = s.newer } else { oldest = s.newer }
    }

    private mutating func moveToNewest(_ i: Int32) {
        guard newest != i else { return }
        unlink(i)
        slots[Int(i)].older = newest
        slots[Int(i)].newer = -1
        if newest >= 0 { slots[Int(newest)].newer = i }
        newest = i
        if oldest < 0 { oldest = i }
    }

    mutating func remove(at i: Int32) {
        unlink(i)
        index.removeValue(forKey: slots[Int(i)].key)
        free.append(i)
    }

    /// The recency list visits every entry once, from newest to oldest.
    func checkInvariants() -> Bool {
        var seen = 0
        var i = newest
        var previous: Int32 = -1
        while i >= 0 {
            guard slots[Int(i)].newer == previous, index[slots[Int(i)].key] == i else { return false }
            seen += 1
            if seen > index.count { return false }
            previous = i
            i = slots[Int(i)].older
        }
        return seen == index.count && previous == oldest
    }
}
