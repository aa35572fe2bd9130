import StampedeKernel
import StampedeModel

/// A cached item as history names it.
struct DataKey: Hashable {
    var dataClass: UInt8
    var identity: UInt64

    init(_ c: DataClass, _ identity: UInt64) { dataClass = UInt8(c.rawValue); self.identity = identity }
    init(_ a: DataAccess) { self.init(a.dataClass, a.identity) }

    /// One word to hash, not two: the class (a handful) folded into the identity's high bits.
    func hash(into hasher: inout Hasher) {
        hasher.combine(identity ^ UInt64(dataClass) << 59)
    }
}

/// The latest completed writes of one item, oldest first (a few suffice: a read is judged
/// against the newest write that completed before it started, minus the staleness bound).
struct ItemWrites {
    static let kept = 4
    typealias Write = (version: UInt64, end: SimInstant)

    /// The newest write inline, and up to `kept - 1` before it, oldest first: an item written
    /// once (most are) needs no heap allocation.
    private(set) var newest: Write
    private var older: [Write] = []

    init(_ version: UInt64, end: SimInstant) { newest = (version, end) }

    init(newest: Write, older: [Write]) { self.newest = newest; self.older = older }

    mutating func append(_ version: UInt64, end: SimInstant) {
        if older.count == Self.kept - 1 { older.removeFirst() }
        older.append(newest)
        newest = (version, end)
    }

    /// The newest write that completed before `t`.
    func latest(before t: SimInstant) -> Write? {
        if newest.end < t { return newest }
        return older.last { $0.end < t }
    }

    /// Whether any kept write satisfies `predicate`.
    func contains(where predicate: (Write) -> Bool) -> Bool {
        predicate(newest) || older.contains(where: predicate)
    }
}

/// What the checker knows about cached data: each written item's recent versions, the
/// stale reads found per class, and reads that may have authorized a request.
struct DataTracker {
    /// Items of the classes a user's index names (all but sessions), by index below
    /// `denseUsers`, one table per class made at its first write; the others by key. A
    /// million users' registrations are judged without hashing a key per write and read.
    private var dense: [DenseItems?] = Array(repeating: nil, count: DataClass.allCases.count)
    private var sparse: [DataKey: ItemWrites] = [:]
    private let denseUsers: Int
    /// Items remembered.
    private(set) var count = 0
    /// Writes in completion order, to forget items no read can still be judged against.
    var order = SequencedQueue<(end: SimInstant, key: DataKey)>()
    var staleReads = [Int](repeating: 0, count: DataClass.allCases.count)
    var staleBySource = [Int](repeating: 0, count: DataSource.allCases.count)
    var staleAuthorizations = [Int](repeating: 0, count: DataClass.allCases.count)
    var resurrections = [Int](repeating: 0, count: DataClass.allCases.count)
    /// Stale reads of data that authorizes, awaiting the decision of their request.
    var marks: [DataKey: (start: SimInstant, end: SimInstant)] = [:]
    var lastCrash: SimInstant?

    init(denseUsers: Int) { self.denseUsers = denseUsers }

    /// The array index of `key`'s item, when its class is indexed by user and the index is small.
    @inline(__always)
    private func denseIndex(_ key: DataKey) -> Int? {
        key.dataClass != UInt8(DataClass.sessions.rawValue) && key.identity < UInt64(denseUsers) ? Int(key.identity) : nil
    }

    subscript(key: DataKey) -> ItemWrites? {
        if let i = denseIndex(key) { return dense[Int(key.dataClass)]?[i] }
        return sparse[key]
    }

    /// Records a completed write of `key`'s item.
    mutating func write(_ key: DataKey, version: UInt64, end: SimInstant) {
        if let i = denseIndex(key) {
            let c = Int(key.dataClass)
            if dense[c] == nil { dense[c] = DenseItems(count: denseUsers) }
            if dense[c]!.write(i, (version, end)) { count += 1 }
        } else if let i = sparse.index(forKey: key) {
            sparse.values[i].append(version, end: end)
        } else {
            sparse[key] = ItemWrites(version, end: end)
            count += 1
        }
    }

    /// Forgets `key`'s item if its newest write completed by `end`.
    mutating func forget(_ key: DataKey, ifNewestEndedBy end: SimInstant) {
        guard let item = self[key], item.newest.end <= end else { return }
        if let i = denseIndex(key) { dense[Int(key.dataClass)]!.forget(i) } else { sparse.removeValue(forKey: key) }
        count -= 1
    }
}

/// One class's items by user index: the newest write of each in 16 bytes, and the few writes
/// before it only for the items written more than once (most are written once).
struct DenseItems {
    typealias Write = ItemWrites.Write
    static let none = SimInstant(nanoseconds: .min)

    /// The newest write of each item; `end` is `none` where nothing is remembered.
    private var newest: [Write]
    /// A bit per item: whether `older` holds writes of it.
    private var hasOlder: [UInt64]
    private var older: [Int: [Write]] = [:]

    init(count: Int) {
        newest = Array(repeating: (0, Self.none), count: count)
        hasOlder = Array(repeating: 0, count: (count + 63) / 64)
    }

    subscript(i: Int) -> ItemWrites? {
        let w = newest[i]
        guard w.end != Self.none else { return nil }
        return ItemWrites(newest: w, older: hasOlder[i >> 6] & 1 << (i & 63) != 0 ? older[i] ?? [] : [])
    }

    /// Records a write of item `i`; true if the item was not remembered before.
    mutating func write(_ i: Int, _ write: Write) -> Bool {
        let previous = newest[i]
        newest[i] = write
        guard previous.end != Self.none else { return true }
        var list = older.removeValue(forKey: i) ?? []
        if list.count == ItemWrites.kept - 1 { list.removeFirst() }
        list.append(previous)
        older[i] = list
        hasOlder[i >> 6] |= 1 << (i & 63)
        return false
    }

    mutating func forget(_ i: Int) {
        newest[i] = (0, Self.none)
        guard hasOlder[i >> 6] & 1 << (i & 63) != 0 else { return }
        hasOlder[i >> 6] &= ~(1 << (i & 63))
        older[i] = nil
    }
}

/// Per data class, what the checker found about reads of cached data.
public struct DataClassFindings: Sendable, Hashable {
    public var dataClass: DataClass
    /// Reads that returned a value older than a write completed (staleness bound included)
    /// before they started.
    public var staleReads: Int
    /// Allowed requests decided on such a read.
    public var staleAuthorizations: Int
    /// Stale reads after a crash of something a pre-crash write had changed.
    public var resurrections: Int
}

/// One issued code, as the checker tracks it.
struct OTPCode {
    var serial: UInt64
    var expiresAt: SimInstant
    var issuedAt: SimInstant
    /// The first acceptance: when it started and completed.
    var acceptedStart = SimInstant.zero
    var acceptedEnd: SimInstant?
}
