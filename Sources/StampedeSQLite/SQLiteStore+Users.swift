import GRDB
import StampedeKernel
import StampedeModel
import StampedeStore

/// Users, their passwords and permissions, and seeding.
extension SQLiteStore {
    public func user(id: UserID) async throws(BackendError) -> UserRecord? {
        try await read(.storeQuery) { db in
            try db.row("SELECT \(Self.userColumns) FROM users WHERE id = ?", [id.rawValue]).map(Self.user)
        }
    }

    public func user(email: String) async throws(BackendError) -> UserRecord? {
        try await read(.storeQuery) { db in
            try db.row("SELECT \(Self.userColumns) FROM users WHERE email = ?", [email]).map(Self.user)
        }
    }

    /// Insert-if-absent: a conflict on the id or the email inserts nothing and returns no row.
    public func insertUser(_ user: UserRecord) async throws(BackendError) -> Bool {
        try await write(.storeWrite) { db in
            try db.row("""
                INSERT INTO users (\(Self.userColumns)) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING RETURNING id
                """, Self.arguments(user)) != nil
        }
    }

    public func updatePassword(user: UserID, hash: String, at: SimInstant) async throws(BackendError) {
        try await write(.storeWrite) { db in
            try db.run("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?", [hash, at.nanoseconds, user.rawValue])
        }
    }

    /// Replaces the set and bumps the version in one statement; 0 when the user is unknown.
    public func updatePermissions(user: UserID, permissions: PermissionSet) async throws(BackendError) -> UInt32 {
        try await write(.storeWrite) { db in
            let version = try db.row("""
                UPDATE users SET permissions = ?, permission_version = (permission_version + 1) % 4294967296
                WHERE id = ? RETURNING permission_version
                """, [Int64(bitPattern: permissions.bits), user.rawValue]).map { $0[0] as Int64 }
            return version.map { UInt32(truncatingIfNeeded: $0) } ?? 0
        }
    }

    /// Puts a user in place before the run, replacing one with the same id. A synchronous write
    /// on the writer connection: SQLite is in-process, so this blocks only for the write itself.
    public func preload(_ user: UserRecord) {
        do {
            try pool.write { db in try Self.upsert(user, db) }
        } catch {
            fatalError("the SQLite store at \(path) could not preload \(user.id): \(error)")
        }
    }

    /// Puts `users` in place in one transaction.
    public func preload(_ users: [UserRecord]) async throws(BackendError) {
        try await write(nil) { db in
            for user in users { try Self.upsert(user, db) }
        }
    }

    public func peekUser(id: UserID) -> UserRecord? {
        try? pool.read { db in try db.row("SELECT \(Self.userColumns) FROM users WHERE id = ?", [id.rawValue]).map(Self.user) }
    }

    static func upsert(_ user: UserRecord, _ db: Database) throws {
        try db.run("""
            INSERT INTO users (\(userColumns)) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                email = excluded.email, password_hash = excluded.password_hash,
                password_changed_at = excluded.password_changed_at, permissions = excluded.permissions,
                permission_version = excluded.permission_version
            """, arguments(user))
    }

    static func arguments(_ user: UserRecord) -> StatementArguments {
        [user.id.rawValue, user.email, user.passwordHash, user.passwordChangedAt.nanoseconds,
         Int64(bitPattern: user.permissions.bits), Int64(user.permissionVersion)]
    }
}
