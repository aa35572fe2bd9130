import StampedeModel

/// The model store's e-mail addresses: each one's bytes in a single arena, found through an
/// open-addressed table of 8-byte slots.
///
/// As Strings, a million users' addresses cost a 64-byte heap block each, and a dictionary keyed
/// by them hashes the text on every lookup; a `[UInt64: UserID]` dictionary of hashes still took
/// 16 bytes a bucket. Here an address is a span of one byte array, and each slot of a linearly
/// probed table holds 32 bits of the address's FNV-1a hash beside its user. Addresses are
/// matched exactly, byte for byte, whenever those bits agree, so colliding hashes cost probes,
/// never a wrong answer.
struct EmailIndex {
    /// Where a user's address is in the arena.
    struct Address {
        var offset: UInt32
        var length: UInt32
    }

    private var arena: [UInt8] = []
    /// `fingerprint << 32 | (user + 1)`; 0 is an empty slot. The count is a power of two.
    private var slots: [UInt64]
    private var occupied = 0
    /// The hash bits kept (all but in a test, which keeps none to make every address collide).
    private let hashMask: UInt64

    /// Sized once for `capacity` users: every one may register without the table growing.
    init(capacity: Int, hashMask: UInt64 = .max) {
        self.hashMask = hashMask
        slots = Array(repeating: 0, count: Self.slotCount(for: capacity))
        arena.reserveCapacity(capacity * 24)
    }

    /// At most three quarters full.
    private static func slotCount(for users: Int) -> Int {
        var n = 8
        while n / 4 * 3 < users { n <<= 1 }
        return n
    }

    /// Adds `email` as `user`'s address and returns where it is kept, or nil (adding nothing)
    /// when another user has it; `address(of:)` gives a user's address. One probe sequence
    /// does both: the first empty slot it reaches is where the address goes.
    mutating func add(_ email: String, of user: UserID, address: (UserID) -> Address?) -> Address? {
        if occupied + 1 > slots.count / 4 * 3 { grow() }
        var email = email
        return email.withUTF8 { bytes in
            let fp = fingerprint(bytes)
            switch probe(fp, bytes, address) {
            case .found: return nil
            case .empty(let slot):
                precondition(arena.count + bytes.count <= Int(UInt32.max), "the model store holds at most 4 GiB of e-mail addresses")
                let a = Address(offset: UInt32(arena.count), length: UInt32(bytes.count))
                arena.append(contentsOf: bytes)
                slots[slot] = Self.slot(fp, user)
                occupied += 1
                return a
            }
        }
    }

    /// The user whose address is `email`; `address(of:)` gives a user's address.
    func user(_ email: String, address: (UserID) -> Address?) -> UserID? {
        var email = email
        return email.withUTF8 { bytes in
            if case .found(let id) = probe(fingerprint(bytes), bytes, address) { return id }
            return nil
        }
    }

    private enum Probe { case found(UserID), empty(Int) }

    /// Walks the slots from the fingerprint's home to the user with these bytes or the first empty slot.
    private func probe(_ fp: UInt32, _ bytes: UnsafeBufferPointer<UInt8>, _ address: (UserID) -> Address?) -> Probe {
        let mask = slots.count - 1
        var i = Self.home(fp, mask)
        while true {
            let slot = slots[i]
            if slot == 0 { return .empty(i) }
            if UInt32(truncatingIfNeeded: slot >> 32) == fp {
                let id = Self.user(slot)
                if let a = address(id), matches(a, bytes) { return .found(id) }
            }
            i = (i + 1) & mask
        }
    }

    /// The address as a String.
    func string(_ a: Address) -> String {
        arena.withUnsafeBufferPointer { String(decoding: $0[Int(a.offset)..<Int(a.offset + a.length)], as: UTF8.self) }
    }

    @inline(__always) private static func slot(_ fp: UInt32, _ user: UserID) -> UInt64 {
        UInt64(fp) << 32 | UInt64(UInt32(user.rawValue) + 1)
    }

    @inline(__always) private static func user(_ slot: UInt64) -> UserID {
        UserID(Int(UInt32(truncatingIfNeeded: slot)) - 1)
    }

    /// Doubles the table; the fingerprints say where each entry goes, so no address is rehashed.
    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        let mask = slots.count - 1
        for slot in old where slot != 0 {
            var i = Self.home(UInt32(truncatingIfNeeded: slot >> 32), mask)
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = slot
        }
    }

    /// The slot a fingerprint starts probing at (its bits mixed, so nearby hashes spread out).
    @inline(__always) private static func home(_ fp: UInt32, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(fp) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    private func fingerprint(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        UInt32(truncatingIfNeeded: (Self.hash(bytes) & hashMask) >> 32)
    }

    private func matches(_ a: Address, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        Int(a.length) == bytes.count && arena.withUnsafeBufferPointer { $0[Int(a.offset)..<Int(a.offset + a.length)].elementsEqual(bytes) }
    }

    /// FNV-1a, 64 bits: the same on every run and machine.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }
}
