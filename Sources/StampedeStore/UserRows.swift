import StampedeKernel
import StampedeModel

/// The model store's users: one 80-byte row each, in an array indexed by the user's id.
///
/// A row keeps the password hash packed (salt, hash and iteration count) with the rest of the
/// record around it, and spends nothing on an optional's or an enum's tag, which would round
/// it up to 96 bytes: which rows exist is a bit set beside them, and the rare hash that does not
/// pack (never one the hasher wrote) is kept as text in a side table. A record is rebuilt from
/// its row on each read.
struct UserRows {
    struct Row {
        var hash: PackedPHC
        var permissionVersion: UInt32
        var email: EmailIndex.Address
        var permissions: PermissionSet
        var passwordChangedAt: SimInstant
    }

    private var rows: [Row]
    private var present: [UInt64]
    /// Hashes that do not pack, by user; their rows hold `PackedPHC.zero`.
    private var textHashes: [Int32: String] = [:]

    init(capacity: Int) {
        let empty = Row(hash: .zero, permissionVersion: 0, email: EmailIndex.Address(offset: 0, length: 0),
                        permissions: .empty, passwordChangedAt: SimInstant(nanoseconds: 0))
        rows = Array(repeating: empty, count: capacity)
        present = Array(repeating: 0, count: (capacity + 63) / 64)
    }

    func contains(_ id: UserID) -> Bool {
        let i = id.index
        return i >= 0 && i < rows.count && present[i >> 6] & (1 << UInt64(i & 63)) != 0
    }

    /// Where the user's address is in the e-mail arena, nil if there is no such user.
    func email(of id: UserID) -> EmailIndex.Address? { contains(id) ? rows[id.index].email : nil }

    func record(_ id: UserID, _ emails: EmailIndex) -> UserRecord? {
        guard contains(id) else { return nil }
        let r = rows[id.index]
        return UserRecord(id: id, email: emails.string(r.email), passwordHash: hashString(id, r),
                          permissions: r.permissions, permissionVersion: r.permissionVersion, passwordChangedAt: r.passwordChangedAt)
    }

    /// Stores a new user (the caller has checked the id is free and below `capacity`).
    mutating func insert(_ u: UserRecord, email: EmailIndex.Address) {
        let i = u.id.index
        rows[i] = Row(hash: pack(u.id, u.passwordHash), permissionVersion: u.permissionVersion, email: email,
                      permissions: u.permissions, passwordChangedAt: u.passwordChangedAt)
        present[i >> 6] |= 1 << UInt64(i & 63)
    }

    mutating func setPassword(_ id: UserID, hash: String, at: SimInstant) {
        guard contains(id) else { return }
        rows[id.index].hash = pack(id, hash)
        rows[id.index].passwordChangedAt = at
    }

    /// Replaces the user's permissions and returns the new permission version (0: no such user).
    mutating func setPermissions(_ id: UserID, _ permissions: PermissionSet) -> UInt32 {
        guard contains(id) else { return 0 }
        rows[id.index].permissions = permissions
        rows[id.index].permissionVersion &+= 1
        return rows[id.index].permissionVersion
    }

    /// What the user's row keeps of `phc`: the packed hash, or `.zero` with the text in the side table.
    private mutating func pack(_ id: UserID, _ phc: String) -> PackedPHC {
        if let packed = PackedPHC(phc) {
            if !textHashes.isEmpty { textHashes[id.rawValue] = nil }
            return packed
        }
        textHashes[id.rawValue] = phc
        return .zero
    }

    private func hashString(_ id: UserID, _ r: Row) -> String {
        if !textHashes.isEmpty, let text = textHashes[id.rawValue] { return text }
        return r.hash.string
    }
}
