import PostgresNIO
import StampedeKernel
import StampedeModel

/// The tables, and how the model's values map to columns.
///
/// Ids and tokens are 128 bits, stored as two BIGINTs (high, low); `SimInstant`s are
/// nanoseconds since the run's start, as BIGINT; a permission set's 64 bits are one BIGINT
/// (bit pattern); 32-bit versions are BIGINT kept in 0 ..< 2^32, wrapping as the model's do.
extension PostgresStore {
    static func schemaStatements(_ schema: String) -> [String] {
        [
            "CREATE SCHEMA \(schema)",
            """
            CREATE TABLE \(schema).users (
                id INTEGER PRIMARY KEY,
                email TEXT NOT NULL UNIQUE,
                password_hash TEXT NOT NULL,
                password_changed_at BIGINT NOT NULL,
                permissions BIGINT NOT NULL,
                permission_version BIGINT NOT NULL
            )
            """,
            // `seq` is issue order: revoke-all returns ids in it.
            """
            CREATE TABLE \(schema).sessions (
                id_hi BIGINT NOT NULL,
                id_lo BIGINT NOT NULL,
                seq BIGINT GENERATED ALWAYS AS IDENTITY,
                user_id INTEGER NOT NULL,
                issued_at BIGINT NOT NULL,
                last_seen BIGINT NOT NULL,
                revoked BOOLEAN NOT NULL,
                refresh_hi BIGINT NOT NULL,
                refresh_lo BIGINT NOT NULL,
                PRIMARY KEY (id_hi, id_lo)
            )
            """,
            "CREATE INDEX sessions_by_user ON \(schema).sessions (user_id, seq)",
            "CREATE INDEX sessions_by_issue ON \(schema).sessions (issued_at)",
            "CREATE UNIQUE INDEX sessions_by_refresh ON \(schema).sessions (refresh_hi, refresh_lo)",
            // A session's refresh tokens are one family; the session row says which is current.
            """
            CREATE TABLE \(schema).refresh_tokens (
                token_hi BIGINT NOT NULL,
                token_lo BIGINT NOT NULL,
                session_hi BIGINT NOT NULL,
                session_lo BIGINT NOT NULL,
                spent BOOLEAN NOT NULL,
                PRIMARY KEY (token_hi, token_lo),
                FOREIGN KEY (session_hi, session_lo) REFERENCES \(schema).sessions (id_hi, id_lo) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX refresh_tokens_by_session ON \(schema).refresh_tokens (session_hi, session_lo)",
            """
            CREATE TABLE \(schema).failed_logins (
                user_id INTEGER PRIMARY KEY,
                count INTEGER NOT NULL,
                window_start BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE \(schema).otp_codes (
                user_id INTEGER PRIMARY KEY,
                code BIGINT NOT NULL,
                serial BIGINT NOT NULL,
                issued_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                attempts INTEGER NOT NULL,
                consumed BOOLEAN NOT NULL,
                version BIGINT NOT NULL
            )
            """,
        ]
    }

    /// The session columns in the order `session(_:)` decodes them.
    static let sessionColumns = "id_hi, id_lo, user_id, issued_at, last_seen, revoked, refresh_hi, refresh_lo"
    /// The same, of a table aliased `s`.
    static let sessionColumnsOfS = "s.id_hi, s.id_lo, s.user_id, s.issued_at, s.last_seen, s.revoked, s.refresh_hi, s.refresh_lo"
    typealias SessionRow = (Int64, Int64, Int32, Int64, Int64, Bool, Int64, Int64)

    static func session(_ r: SessionRow) -> SessionRecord {
        SessionRecord(id: token(r.0, r.1), user: UserID(Int(r.2)), issuedAt: SimInstant(nanoseconds: r.3),
                      lastSeen: SimInstant(nanoseconds: r.4), revoked: r.5, refreshToken: token(r.6, r.7))
    }

    static let userColumns = "id, email, password_hash, password_changed_at, permissions, permission_version"
    typealias UserRow = (Int32, String, String, Int64, Int64, Int64)

    static func user(_ r: UserRow) -> UserRecord {
        UserRecord(id: UserID(Int(r.0)), email: r.1, passwordHash: r.2, permissions: PermissionSet(bits: UInt64(bitPattern: r.4)),
                   permissionVersion: UInt32(truncatingIfNeeded: r.5), passwordChangedAt: SimInstant(nanoseconds: r.3))
    }

    static let otpColumns = "user_id, code, serial, issued_at, expires_at, attempts, consumed, version"
    typealias OTPRow = (Int32, Int64, Int64, Int64, Int64, Int32, Bool, Int64)

    static func otp(_ r: OTPRow) -> OTPRecord {
        OTPRecord(user: UserID(Int(r.0)), code: UInt32(truncatingIfNeeded: r.1), serial: UInt64(bitPattern: r.2),
                  issuedAt: SimInstant(nanoseconds: r.3), expiresAt: SimInstant(nanoseconds: r.4),
                  attempts: UInt8(truncatingIfNeeded: r.5), consumed: r.6, version: UInt32(truncatingIfNeeded: r.7))
    }

    static func token(_ high: Int64, _ low: Int64) -> Token128 {
        Token128(high: UInt64(bitPattern: high), low: UInt64(bitPattern: low))
    }
}

extension Token128 {
    /// The high and low halves as the BIGINT columns hold them.
    var columns: (high: Int64, low: Int64) { (Int64(bitPattern: high), Int64(bitPattern: low)) }
}
