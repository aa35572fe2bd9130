import PostgresNIO
import StampedeKernel
import StampedeModel
import StampedeStore

/// Users, their passwords and permissions, and seeding.
extension PostgresStore {
    enum UserByID: PreparedSQL { static let sql = "SELECT \(userColumns) FROM users WHERE id = $1" }
    enum UserByEmail: PreparedSQL { static let sql = "SELECT \(userColumns) FROM users WHERE email = $1" }

    public func user(id: UserID) async throws(BackendError) -> UserRecord? {
        try await call(.storeQuery) { [self] c in
            try await rows(UserByID.self, id.rawValue, as: UserRow.self, on: c).first.map(Self.user)
        }
    }

    public func user(email: String) async throws(BackendError) -> UserRecord? {
        try await call(.storeQuery) { [self] c in
            try await rows(UserByEmail.self, email, as: UserRow.self, on: c).first.map(Self.user)
        }
    }

    /// Insert-if-absent: one statement, so of concurrent inserts of one email (or id) exactly one gets a row back.
    public func insertUser(_ user: UserRecord) async throws(BackendError) -> Bool {
        try await call(.storeWrite) { [self] c in
            try await !rows("""
                INSERT INTO users (\(unescaped: Self.userColumns))
                VALUES (\(user.id.rawValue), \(user.email), \(user.passwordHash), \(user.passwordChangedAt.nanoseconds),
                        \(Int64(bitPattern: user.permissions.bits)), \(Int64(user.permissionVersion)))
                ON CONFLICT DO NOTHING
                RETURNING id
                """, on: c, as: Int32.self).isEmpty
        }
    }

    public func updatePassword(user: UserID, hash: String, at: SimInstant) async throws(BackendError) {
        try await call(.storeWrite) { [self] c in
            try await execute("""
                UPDATE users SET password_hash = \(hash), password_changed_at = \(at.nanoseconds) WHERE id = \(user.rawValue)
                """, on: c)
        }
    }

    /// The version is bumped in the same statement that replaces the set, so concurrent changes
    /// get distinct versions; 0 when the user is unknown, as the model answers.
    public func updatePermissions(user: UserID, permissions: PermissionSet) async throws(BackendError) -> UInt32 {
        try await call(.storeWrite) { [self] c in
            let version = try await rows("""
                UPDATE users SET permissions = \(Int64(bitPattern: permissions.bits)),
                                 permission_version = (permission_version + 1) % 4294967296
                WHERE id = \(user.rawValue)
                RETURNING permission_version
                """, on: c, as: Int64.self).first
            return version.map { UInt32(truncatingIfNeeded: $0) } ?? 0
        }
    }

    /// Puts `users` in place in batches of one statement each, replacing rows with the same id.
    public func preload(_ users: [UserRecord]) async throws(BackendError) {
        var start = 0
        while start < users.count {
            let batch = users[start..<min(users.count, start + 5_000)]
            start += batch.count
            try await call(nil) { [self] c in
                try await execute("""
                    INSERT INTO users (\(unescaped: Self.userColumns))
                    SELECT * FROM unnest(\(batch.map(\.id.rawValue))::integer[], \(batch.map(\.email))::text[],
                                         \(batch.map(\.passwordHash))::text[], \(batch.map(\.passwordChangedAt.nanoseconds))::bigint[],
                                         \(batch.map { Int64(bitPattern: $0.permissions.bits) })::bigint[],
                                         \(batch.map { Int64($0.permissionVersion) })::bigint[])
                    ON CONFLICT (id) DO UPDATE SET
                        email = excluded.email, password_hash = excluded.password_hash,
                        password_changed_at = excluded.password_changed_at, permissions = excluded.permissions,
                        permission_version = excluded.permission_version
                    """, on: c)
            }
        }
    }

    public func lookUpUser(id: UserID) async throws(BackendError) -> UserRecord? {
        try await call(nil) { [self] c in
            try await rows("SELECT \(unescaped: Self.userColumns) FROM users WHERE id = \(id.rawValue)",
                           on: c, as: UserRow.self).first.map(Self.user)
        }
    }
}
