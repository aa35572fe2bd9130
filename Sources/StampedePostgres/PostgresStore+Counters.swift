import PostgresNIO
import StampedeKernel
import StampedeModel
import StampedeStore

/// Failed-login counters and one-time passcodes.
extension PostgresStore {
    /// $1 user, $2 now, $3 window: a window that has run out starts again at $2.
    enum RecordFailure: PreparedSQL {
        static let sql = """
            INSERT INTO failed_logins AS f (user_id, count, window_start) VALUES ($1, 1, $2)
            ON CONFLICT (user_id) DO UPDATE SET
                count = CASE WHEN $2 - f.window_start >= $3 THEN 1 ELSE f.count + 1 END,
                window_start = CASE WHEN $2 - f.window_start >= $3 THEN $2 ELSE f.window_start END
            RETURNING count
            """
    }

    enum FailuresOfUser: PreparedSQL { static let sql = "SELECT count, window_start FROM failed_logins WHERE user_id = $1" }
    enum CodeOfUser: PreparedSQL { static let sql = "SELECT \(otpColumns) FROM otp_codes WHERE user_id = $1" }

    /// One upsert: a window that has run out starts again at `at` with this failure as its first.
    public func recordFailedLogin(user: UserID, window: SimDuration, at: SimInstant) async throws(BackendError) -> Int {
        let now = at.nanoseconds, span = window.nanoseconds
        return try await call(.storeWrite) { [self] c in
            let count = try await rows(RecordFailure.self, (user.rawValue, now, span), as: Int32.self, on: c).first
            return Int(count ?? 0)
        }
    }

    public func failedLogins(user: UserID, window: SimDuration, at: SimInstant) async throws(BackendError) -> Int {
        try await call(.storeQuery) { [self] c in
            guard let (count, start) = try await rows(FailuresOfUser.self, user.rawValue, as: (Int32, Int64).self, on: c).first,
                  at.nanoseconds - start < window.nanoseconds else { return 0 }
            return Int(count)
        }
    }

    public func clearFailedLogins(user: UserID) async throws(BackendError) {
        try await call(.storeWrite) { [self] c in
            try await execute("DELETE FROM failed_logins WHERE user_id = \(user.rawValue)", on: c)
        }
    }

    /// Replaces the user's code in one upsert; the stored version is above the one it replaces.
    public func putOTP(_ record: OTPRecord) async throws(BackendError) -> OTPRecord {
        try await call(.storeWrite) { [self] c in
            let stored = try await rows("""
                INSERT INTO otp_codes AS o (\(unescaped: Self.otpColumns))
                VALUES (\(record.user.rawValue), \(Int64(record.code)), \(Int64(bitPattern: record.serial)),
                        \(record.issuedAt.nanoseconds), \(record.expiresAt.nanoseconds), \(Int32(record.attempts)),
                        \(record.consumed), \(Int64(record.version)))
                ON CONFLICT (user_id) DO UPDATE SET
                    code = excluded.code, serial = excluded.serial, issued_at = excluded.issued_at,
                    expires_at = excluded.expires_at, attempts = excluded.attempts, consumed = excluded.consumed,
                    version = GREATEST(excluded.version, (o.version + 1) % 4294967296)
                RETURNING \(unescaped: Self.otpColumns)
                """, on: c, as: OTPRow.self).first
            return stored.map(Self.otp) ?? record
        }
    }

    public func otp(user: UserID) async throws(BackendError) -> OTPRecord? {
        try await call(.storeQuery) { [self] c in
            try await rows(CodeOfUser.self, user.rawValue, as: OTPRow.self, on: c).first.map(Self.otp)
        }
    }

    /// Judges with the model's own rule (`OTPConsumption.judge`) and writes the outcome back
    /// only if the code is still the version that was judged (every change bumps the version);
    /// a lost race reads and judges again. So of concurrent submissions of the right code one
    /// is accepted and the rest find it used, and no wrong attempt is counted twice or lost.
    public func consumeOTP(user: UserID, code: UInt32, at: SimInstant, maxAttempts: Int) async throws(BackendError) -> OTPConsumption {
        try await call(.storeWrite) { [self] c in
            while true {
                let current = try await rows("SELECT \(unescaped: Self.otpColumns) FROM otp_codes WHERE user_id = \(user.rawValue)",
                                             on: c, as: OTPRow.self).first.map(Self.otp)
                let outcome = OTPConsumption.judge(current, submitted: code, now: at, maxAttempts: maxAttempts)
                guard let judged = current else { return outcome }
                switch outcome {
                case .accepted(let r), .wrongCode(let r):
                    let written = try await rows("""
                        UPDATE otp_codes SET attempts = \(Int32(r.attempts)), consumed = \(r.consumed), version = \(Int64(r.version))
                        WHERE user_id = \(user.rawValue) AND version = \(Int64(judged.version))
                        RETURNING user_id
                        """, on: c, as: Int32.self)
                    if !written.isEmpty { return outcome }
                default:
                    return outcome
                }
            }
        }
    }
}
