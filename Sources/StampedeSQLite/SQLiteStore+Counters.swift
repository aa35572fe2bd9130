import GRDB
import StampedeKernel
import StampedeModel
import StampedeStore

/// Failed-login counters and one-time passcodes.
extension SQLiteStore {
    /// One upsert: a window that has run out starts again at `at` with this failure as its first.
    public func recordFailedLogin(user: UserID, window: SimDuration, at: SimInstant) async throws(BackendError) -> Int {
        try await write(.storeWrite) { db in
            let count = try db.row("""
                INSERT INTO failed_logins AS f (user_id, count, window_start) VALUES (?1, 1, ?2)
                ON CONFLICT (user_id) DO UPDATE SET
                    count = CASE WHEN ?2 - f.window_start >= ?3 THEN 1 ELSE f.count + 1 END,
                    window_start = CASE WHEN ?2 - f.window_start >= ?3 THEN ?2 ELSE f.window_start END
                RETURNING count
                """, [user.rawValue, at.nanoseconds, window.nanoseconds]).map { $0[0] as Int }
            return count ?? 0
        }
    }

    public func failedLogins(user: UserID, window: SimDuration, at: SimInstant) async throws(BackendError) -> Int {
        try await read(.storeQuery) { db in
            guard let row = try db.row("SELECT count, window_start FROM failed_logins WHERE user_id = ?", [user.rawValue]),
                  at.nanoseconds - (row[1] as Int64) < window.nanoseconds else { return 0 }
            return row[0] as Int
        }
    }

    public func clearFailedLogins(user: UserID) async throws(BackendError) {
        try await write(.storeWrite) { db in try db.run("DELETE FROM failed_logins WHERE user_id = ?", [user.rawValue]) }
    }

    /// Replaces the user's code in one upsert; the stored version is above the one it replaces.
    public func putOTP(_ record: OTPRecord) async throws(BackendError) -> OTPRecord {
        try await write(.storeWrite) { db in
            try db.row("""
                INSERT INTO otp_codes AS o (\(Self.otpColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET
                    code = excluded.code, serial = excluded.serial, issued_at = excluded.issued_at,
                    expires_at = excluded.expires_at, attempts = excluded.attempts, consumed = excluded.consumed,
                    version = MAX(excluded.version, (o.version + 1) % 4294967296)
                RETURNING \(Self.otpColumns)
                """, [record.user.rawValue, Int64(record.code), Int64(bitPattern: record.serial), record.issuedAt.nanoseconds,
                      record.expiresAt.nanoseconds, Int64(record.attempts), record.consumed, Int64(record.version)])
                .map(Self.otp) ?? record
        }
    }

    public func otp(user: UserID) async throws(BackendError) -> OTPRecord? {
        try await read(.storeQuery) { db in
            try db.row("SELECT \(Self.otpColumns) FROM otp_codes WHERE user_id = ?", [user.rawValue]).map(Self.otp)
        }
    }

    /// Judges with the model's own rule (`OTPConsumption.judge`) and writes the outcome, in one
    /// write transaction.
    public func consumeOTP(user: UserID, code: UInt32, at: SimInstant, maxAttempts: Int) async throws(BackendError) -> OTPConsumption {
        try await write(.storeWrite) { db in
            let current = try db.row("SELECT \(Self.otpColumns) FROM otp_codes WHERE user_id = ?", [user.rawValue]).map(Self.otp)
            let outcome = OTPConsumption.judge(current, submitted: code, now: at, maxAttempts: maxAttempts)
            switch outcome {
            case .accepted(let r), .wrongCode(let r):
                try db.run("UPDATE otp_codes SET attempts = ?, consumed = ?, version = ? WHERE user_id = ?",
                           [Int64(r.attempts), r.consumed, Int64(r.version), user.rawValue])
            default: break
            }
            return outcome
        }
    }
}
