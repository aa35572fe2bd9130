import GRDB
import StampedeKernel
import StampedeModel

/// The tables (the same as the PostgreSQL store's, in SQLite's types), and how the model's
/// values map to columns.
///
/// Ids and tokens are 128 bits, stored as two INTEGERs (high, low bit patterns); `SimInstant`s
/// are nanoseconds since the run's start; a permission set's 64 bits are one INTEGER (bit
/// pattern); 32-bit versions are INTEGERs kept in 0 ..< 2^32, wrapping as the model's do.
extension SQLiteStore {
    static let schemaStatements = [
        "DROP TABLE IF EXISTS refresh_tokens",
        "DROP TABLE IF EXISTS sessions",
        "DROP TABLE IF EXISTS users",
        "DROP TABLE IF EXISTS failed_logins",
        "DROP TABLE IF EXISTS otp_codes",
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            password_changed_at INTEGER NOT NULL,
            permissions INTEGER NOT NULL,
            permission_version INTEGER NOT NULL
        )
        """,
        // `seq` is issue order (revoke-all returns ids in it) and the key tokens refer to.
        """
        CREATE TABLE sessions (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id_hi INTEGER NOT NULL,
            id_lo INTEGER NOT NULL,
            user_id INTEGER NOT NULL,
            issued_at INTEGER NOT NULL,
            last_seen INTEGER NOT NULL,
            revoked BOOLEAN NOT NULL,
            refresh_hi INTEGER NOT NULL,
            refresh_lo INTEGER NOT NULL,
            UNIQUE (id_hi, id_lo)
        )
        """,
        "CREATE INDEX sessions_by_user ON sessions (user_id, seq)",
        "CREATE INDEX sessions_by_issue ON sessions (issued_at)",
        // A session's refresh tokens are one family; the session row says which is current.
        """
        CREATE TABLE refresh_tokens (
            token_hi INTEGER NOT NULL,
            token_lo INTEGER NOT NULL,
            session_seq INTEGER NOT NULL REFERENCES sessions (seq) ON DELETE CASCADE,
            spent BOOLEAN NOT NULL,
            PRIMARY KEY (token_hi, token_lo)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX refresh_tokens_by_session ON refresh_tokens (session_seq)",
        """
        CREATE TABLE failed_logins (
            user_id INTEGER PRIMARY KEY,
            count INTEGER NOT NULL,
            window_start INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE otp_codes (
            user_id INTEGER PRIMARY KEY,
            code INTEGER NOT NULL,
            serial INTEGER NOT NULL,
            issued_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL,
            consumed BOOLEAN NOT NULL,
            version INTEGER NOT NULL
        )
        """,
    ]

    static let userColumns = "id, email, password_hash, password_changed_at, permissions, permission_version"

    static func user(_ r: Row) -> UserRecord {
        UserRecord(id: UserID(Int(r[0] as Int64)), email: r[1], passwordHash: r[2],
                   permissions: PermissionSet(bits: UInt64(bitPattern: r[4])),
                   permissionVersion: UInt32(truncatingIfNeeded: r[5] as Int64), passwordChangedAt: SimInstant(nanoseconds: r[3]))
    }

    static let sessionColumns = "id_hi, id_lo, user_id, issued_at, last_seen, revoked, refresh_hi, refresh_lo, seq"

    /// The session of a row read with `sessionColumns`, and its `seq`.
    static func session(_ r: Row) -> (record: SessionRecord, seq: Int64) {
        (SessionRecord(id: token(r[0], r[1]), user: UserID(Int(r[2] as Int64)), issuedAt: SimInstant(nanoseconds: r[3]),
                       lastSeen: SimInstant(nanoseconds: r[4]), revoked: r[5], refreshToken: token(r[6], r[7])), r[8])
    }

    static let otpColumns = "user_id, code, serial, issued_at, expires_at, attempts, consumed, version"

    static func otp(_ r: Row) -> OTPRecord {
        OTPRecord(user: UserID(Int(r[0] as Int64)), code: UInt32(truncatingIfNeeded: r[1] as Int64),
                  serial: UInt64(bitPattern: r[2]), issuedAt: SimInstant(nanoseconds: r[3]),
                  expiresAt: SimInstant(nanoseconds: r[4]), attempts: UInt8(truncatingIfNeeded: r[5] as Int64),
                  consumed: r[6], version: UInt32(truncatingIfNeeded: r[7] as Int64))
    }

    static func token(_ high: Int64, _ low: Int64) -> Token128 {
        Token128(high: UInt64(bitPattern: high), low: UInt64(bitPattern: low))
    }
}

extension Token128 {
    /// The high and low halves as the INTEGER columns hold them.
    var columns: (high: Int64, low: Int64) { (Int64(bitPattern: high), Int64(bitPattern: low)) }
}
