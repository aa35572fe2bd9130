import StampedeModel

/// The model store's e-mail addresses: each one's bytes in a single arena, found by a 64-bit hash.
///
/// As Strings, a million users' addresses cost a 64-byte heap block each, and a dictionary keyed
/// by them hashes the text on every lookup. Here an address is a span of one byte array, the
/// index maps an FNV-1a hash of its bytes to the user, and the rare address whose hash another
/// one already has is kept by text. Addresses are matched exactly, byte for byte.
struct EmailIndex {
    /// Where a user's address is in the arena.
    struct Address {
        var offset: UInt32
        var length: UInt32
    }

    private var arena: [UInt8] = []
    private var byHash: [UInt64: UserID] = [:]
    private var collided: [String: UserID] = [:]
    /// The hash bits kept (all but in a test, which keeps none to make every address collide).
    private let hashMask: UInt64

    /// Sized once for `capacity` users: every one may register.
    init(capacity: Int, hashMask: UInt64 = .max) {
        self.hashMask = hashMask
        byHash.reserveCapacity(capacity)
        arena.reserveCapacity(capacity * 24)
    }

    /// Adds `email` as `user`'s address (the caller has checked that no user has it).
    mutating func add(_ email: String, of user: UserID) -> Address {
        var email = email
        return email.withUTF8 { bytes in
            precondition(arena.count + bytes.count <= Int(UInt32.max), "the model store holds at most 4 GiB of e-mail addresses")
            let address = Address(offset: UInt32(arena.count), length: UInt32(bytes.count))
            arena.append(contentsOf: bytes)
            let h = Self.hash(bytes) & hashMask
            if byHash[h] == nil { byHash[h] = user } else { collided[String(decoding: bytes, as: UTF8.self)] = user }
            return address
        }
    }

    /// The user whose address is `email`; `address(of:)` gives a user's address.
    func user(_ email: String, address: (UserID) -> Address?) -> UserID? {
        var email = email
        return email.withUTF8 { bytes in
            if let id = byHash[Self.hash(bytes) & hashMask], let a = address(id), matches(a, bytes) { return id }
            return collided.isEmpty ? nil : collided[String(decoding: bytes, as: UTF8.self)]
        }
    }

    /// The address as a String.
    func string(_ a: Address) -> String {
        arena.withUnsafeBufferPointer { String(decoding: $0[Int(a.offset)..<Int(a.offset + a.length)], as: UTF8.self) }
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
