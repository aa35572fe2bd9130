/// A row that a `TokenTable` finds by a 128-bit key (a session id, a refresh token).
public protocol TokenKeyed {
    var key: Token128 { get }
}

/// Rows kept in the order they were added, found by their 128-bit key, forgotten oldest first.
///
/// What a session table needs for the whole absolute timeout (hundreds of thousands of rows at
/// once) at about a third of what a `[Token128: Row]` dictionary and a queue of issue times
/// cost: rows sit in fixed-size chunks that never move (no doubling holds old and new storage
/// at once), in order, so the oldest is the one to forget and no separate queue says which.
/// Each row has an ordinal, its position in that order, which never changes or comes back.
///
/// The index is open-addressed with linear probing: one 8-byte word a row, at most three
/// quarters full, holding the top 32 bits of the key's hash (the high bit always set, so
/// no word is 0, the empty mark) and the row's ordinal modulo 2^32. The hash bits choose the
/// home slot too, so the index grows and deletes (backward shift, no tombstones) without
/// reading a row; a probe reads a row only where the 32 bits match.
public struct TokenTable<Row: TokenKeyed> {
    @usableFromInline static var chunkShift: Int { 10 }
    @usableFromInline static var chunkSize: Int { 1 << chunkShift }

    @usableFromInline var chunks: [[Row]] = []
    /// Rows of `chunks[0]` before this one are forgotten.
    @usableFromInline var head = 0
    @usableFromInline var firstOrdinalStorage = 0
    @usableFromInline var countStorage = 0
    @usableFromInline var slots: [UInt64]
    @usableFromInline var mask: Int
    /// Hash bits kept (tests keep none, so every key collides).
    @usableFromInline let hashMask: UInt64

    public init() { self.init(hashMask: .max) }

    package init(hashMask: UInt64) {
        slots = Array(repeating: 0, count: 16)
        mask = 15
        self.hashMask = hashMask
    }

    /// Rows held.
    @inlinable public var count: Int { countStorage }
    @inlinable public var isEmpty: Bool { countStorage == 0 }
    /// Ordinal of the oldest row held; every ordinal below it is forgotten.
    @inlinable public var firstOrdinal: Int { firstOrdinalStorage }
    /// Ordinal the next row added gets.
    @inlinable public var endOrdinal: Int { firstOrdinalStorage + countStorage }

    /// The oldest row held.
    @inlinable public var first: Row? { countStorage == 0 ? nil : chunks[0][head] }

    /// The row with `ordinal`, which must be held (`firstOrdinal..<endOrdinal`).
    @inlinable public subscript(ordinal: Int) -> Row {
        get {
            let (chunk, index) = location(ordinal)
            return chunks[chunk][index]
        }
        _modify {
            let (chunk, index) = location(ordinal)
            yield &chunks[chunk][index]
        }
    }

    /// The ordinal of the row with `key`, if it is held.
    @inlinable public func ordinal(of key: Token128) -> Int? {
        let tag = hashTag(key)
        var i = Self.home(tag) & mask
        while true {
            let word = slots[i]
            if word == 0 { return nil }
            if word >> 32 == tag {
                let found = ordinal(word)
                if self[found].key == key { return found }
            }
            i = (i &+ 1) & mask
        }
    }

    /// The row with `key`, if it is held.
    @inlinable public subscript(key key: Token128) -> Row? {
        ordinal(of: key).map { self[$0] }
    }

    /// Adds `row` as the newest, or, when a row with its key is held, leaves the table as it
    /// is and returns that row's ordinal with `inserted` false.
    @inlinable @discardableResult
    public mutating func insert(_ row: Row) -> (ordinal: Int, inserted: Bool) {
        if (countStorage + 1) * 4 > slots.count * 3 { rehash(capacity: slots.count * 2) }
        let key = row.key
        let tag = hashTag(key)
        var i = Self.home(tag) & mask
        while true {
            let word = slots[i]
            if word == 0 { break }
            if word >> 32 == tag {
                let found = ordinal(word)
                if self[found].key == key { return (found, false) }
            }
            i = (i &+ 1) & mask
        }
        let added = endOrdinal
        slots[i] = tag << 32 | UInt64(UInt32(truncatingIfNeeded: added))
        if chunks.isEmpty || chunks[chunks.count - 1].count == Self.chunkSize {
            var chunk: [Row] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(row)
        countStorage += 1
        return (added, true)
    }

    /// Forgets the oldest row and returns it.
    @inlinable @discardableResult
    public mutating func removeFirst() -> Row {
        precondition(countStorage > 0, "removeFirst on an empty TokenTable")
        let row = chunks[0][head]
        let word = hashTag(row.key) << 32 | UInt64(UInt32(truncatingIfNeeded: firstOrdinalStorage))
        var i = Self.home(word >> 32) & mask
        while slots[i] != word { i = (i &+ 1) & mask }
        deleteSlot(i)
        head += 1
        firstOrdinalStorage += 1
        countStorage -= 1
        if head == Self.chunkSize || countStorage == 0 {
            chunks.removeFirst()
            head = 0
        }
        if slots.count > 1024, countStorage * 8 < slots.count { rehash(capacity: slots.count / 2) }
        return row
    }

    @inlinable func location(_ ordinal: Int) -> (chunk: Int, index: Int) {
        precondition(ordinal >= firstOrdinalStorage && ordinal < endOrdinal, "ordinal \(ordinal) is not held")
        let offset = ordinal - firstOrdinalStorage + head
        return (offset >> Self.chunkShift, offset & (Self.chunkSize - 1))
    }

    /// The full ordinal a slot word's low 32 bits stand for (rows held are fewer than 2^32).
    @inlinable func ordinal(_ word: UInt64) -> Int {
        firstOrdinalStorage + Int(UInt32(truncatingIfNeeded: word) &- UInt32(truncatingIfNeeded: firstOrdinalStorage))
    }

    /// Backward-shift deletion: moves later words of the probe run into the gap where their
    /// home allows, so lookups never need a tombstone.
    @inlinable mutating func deleteSlot(_ removed: Int) {
        var gap = removed
        var j = removed
        while true {
            j = (j &+ 1) & mask
            let word = slots[j]
            if word == 0 { break }
            let home = Self.home(word >> 32) & mask
            // The word stays if its home lies cyclically in (gap, j].
            let stays = gap <= j ? (gap < home && home <= j) : (gap < home || home <= j)
            if stays { continue }
            slots[gap] = word
            gap = j
        }
        slots[gap] = 0
    }

    @usableFromInline mutating func rehash(capacity: Int) {
        let old = slots
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        for word in old where word != 0 {
            var i = Self.home(word >> 32) & mask
            while slots[i] != 0 { i = (i &+ 1) & mask }
            slots[i] = word
        }
    }

    /// The top 32 bits of the key's mixed hash, high bit set (splitmix64's finalizer: keys
    /// that differ in a few low bits, as tests make them, still spread).
    @inlinable func hashTag(_ key: Token128) -> UInt64 {
        var h = key.high ^ (key.low &* 0x9E37_79B9_7F4A_7C15)
        h ^= h >> 30
        h &*= 0xBF58_476D_1CE4_E5B9
        h ^= h >> 27
        h &*= 0x94D0_49BB_1331_11EB
        h ^= h >> 31
        return ((h & hashMask) >> 32) | 0x8000_0000
    }

    @inlinable static func home(_ tag: UInt64) -> Int { Int(truncatingIfNeeded: tag) }
}
