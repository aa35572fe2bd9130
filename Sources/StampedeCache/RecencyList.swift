/// A slot that can sit in a `RecencyList`: the numbers of its neighbours, -1 at either end.
///
/// The links are meaningful only while the slot is in a list.
protocol RecencyLinked {
    /// The slot used more recently than this one, or -1 if this is the newest.
    var newer: Int32 { get set }
    /// The slot used less recently than this one, or -1 if this is the oldest.
    var older: Int32 { get set }
}

/// An intrusive least-recently-used order over the slots of an array.
///
/// The list keeps only its two ends; the links live in the slots (`RecencyLinked`), which
/// the owner stores in one array and addresses by `Int32` index. Linking, unlinking and
/// moving a slot to the newest end are O(1) and allocate nothing, so a table built on it
/// (`LRUTable`, `Keyspace`) allocates only when its slot array grows. Each operation takes
/// that array; the owner decides which slots exist, which are free, and what a slot holds.
struct RecencyList {
    /// The most recently used slot, or -1 when the list is empty.
    private(set) var newest: Int32 = -1
    /// The least recently used slot (the next to evict), or -1 when the list is empty.
    private(set) var oldest: Int32 = -1

    init() {}

    var isEmpty: Bool { newest < 0 }

    /// Links slot `i`, which must not be in the list, at the newest end.
    @inline(__always)
    mutating func pushNewest<Slot: RecencyLinked>(_ i: Int32, in slots: inout [Slot]) {
        slots[Int(i)].older = newest
        slots[Int(i)].newer = -1
        if newest >= 0 { slots[Int(newest)].newer = i }
        newest = i
        if oldest < 0 { oldest = i }
        _checkInvariants(in: slots)
    }

    /// Takes slot `i`, which must be in the list, out of it; its links become meaningless.
    @inline(__always)
    mutating func unlink<Slot: RecencyLinked>(_ i: Int32, in slots: inout [Slot]) {
        // Only the links are read: copying the whole slot would retain its key and value.
        let newer = slots[Int(i)].newer
        let older = slots[Int(i)].older
        if newer >= 0 { slots[Int(newer)].older = older } else { newest = older }
        if older >= 0 { slots[Int(older)].newer = newer } else { oldest = newer }
        _checkInvariants(in: slots)
    }

    /// Marks slot `i`, which must be in the list, as the most recently used.
    @inline(__always)
    mutating func moveToNewest<Slot: RecencyLinked>(_ i: Int32, in slots: inout [Slot]) {
        guard newest != i else { return }
        unlink(i, in: &slots)
        pushNewest(i, in: &slots)
    }

    /// Walks the list from newest to oldest: true when every back link agrees, the walk
    /// ends at `oldest`, and it visits exactly `count` slots, each one `isMember`.
    ///
    /// O(n); for tests and the owners' `checkInvariants()`.
    func isConsistent<Slot: RecencyLinked>(in slots: [Slot], count: Int, isMember: (Int32) -> Bool) -> Bool {
        guard (newest < 0) == (oldest < 0) else { return false }
        var seen = 0
        var i = newest
        var previous: Int32 = -1
        while i >= 0 {
            guard Int(i) < slots.count, slots[Int(i)].newer == previous, isMember(i) else { return false }
            seen += 1
            if seen > count { return false }
            previous = i
            i = slots[Int(i)].older
        }
        return seen == count && previous == oldest
    }

    /// In debug builds, stops the program if the ends of the list are inconsistent; does
    /// nothing in release.
    ///
    /// O(1), so it can run after every mutation; `isConsistent` is the full walk.
    @inline(__always)
    func _checkInvariants<Slot: RecencyLinked>(in slots: [Slot]) {
        #if DEBUG
        precondition((newest < 0) == (oldest < 0), "RecencyList: one end is set and the other is not")
        if newest >= 0 {
            precondition(slots[Int(newest)].newer == -1, "RecencyList: the newest slot has a newer neighbour")
            precondition(slots[Int(oldest)].older == -1, "RecencyList: the oldest slot has an older neighbour")
        }
        #endif
    }
}
