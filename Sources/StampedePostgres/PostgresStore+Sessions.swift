import PostgresNIO
import StampedeKernel
import StampedeModel
import StampedeStore

/// Sessions and their refresh-token families.
extension PostgresStore {
    enum SessionByID: PreparedSQL {
        static let sql = "SELECT \(sessionColumns) FROM sessions WHERE id_hi = $1 AND id_lo = $2"
    }

    enum TouchSession: PreparedSQL {
        static let sql = """
            UPDATE sessions SET last_seen = GREATEST(last_seen, $1) WHERE id_hi = $2 AND id_lo = $3 AND NOT revoked
            RETURNING \(sessionColumns)
            """
    }

    /// The session and its first refresh token, in one statement.
    enum InsertSession: PreparedSQL {
        static let sql = "WITH \(added) INSERT INTO refresh_tokens (token_hi, token_lo, session_hi, session_lo, spent) VALUES ($7, $8, $1, $2, false)"
        static let added = "added AS (INSERT INTO sessions (\(sessionColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8))"
    }

    /// The same, deleting (with their tokens, by cascade) the sessions issued before $9.
    enum InsertSessionSweeping: PreparedSQL {
        static let sql = """
            WITH swept AS (DELETE FROM sessions WHERE issued_at < $9), \(InsertSession.added)
            INSERT INTO refresh_tokens (token_hi, token_lo, session_hi, session_lo, spent) VALUES ($7, $8, $1, $2, false)
            """
    }

    public func session(id: SessionID) async throws(BackendError) -> SessionRecord? {
        let key = id.columns
        return try await call(.storeQuery) { [self] c in
            try await rows(SessionByID.self, (key.high, key.low), as: SessionRow.self, on: c).first.map(Self.session)
        }
    }

    /// Inserts the session and its first refresh token in one statement; with a retention, the
    /// same statement deletes the sessions issued before `now - retention` (and, by cascade,
    /// their tokens), as the model's insert sweeps them.
    public func insertSession(_ session: SessionRecord) async throws(BackendError) {
        let key = session.id.columns, refresh = session.refreshToken.columns
        let values = (key.high, key.low, session.user.rawValue, session.issuedAt.nanoseconds, session.lastSeen.nanoseconds,
                      session.revoked, refresh.high, refresh.low)
        if let retention {
            let cutoff = (clock.now - retention).nanoseconds
            let v = values
            _ = try await call(.storeWrite) { [self] c in
                try await rows(InsertSessionSweeping.self, (v.0, v.1, v.2, v.3, v.4, v.5, v.6, v.7, cutoff), as: Int64.self, on: c)
            }
        } else {
            _ = try await call(.storeWrite) { [self] c in try await rows(InsertSession.self, values, as: Int64.self, on: c) }
        }
    }

    /// `lastSeen` only moves forward, and a revoked or unknown session is not touched (nil).
    public func touchSession(id: SessionID, at: SimInstant) async throws(BackendError) -> SessionRecord? {
        let key = id.columns
        return try await call(.storeWrite) { [self] c in
            try await rows(TouchSession.self, (at.nanoseconds, key.high, key.low), as: SessionRow.self, on: c).first.map(Self.session)
        }
    }

    /// Returns the session as it was. The revoking update returns a row only if the session
    /// was live (so it was `revoked == false`); otherwise it was already revoked, or unknown,
    /// and a plain read says which. Revocation is permanent, so the two steps cannot disagree.
    public func revokeSession(id: SessionID) async throws(BackendError) -> SessionRecord? {
        let key = id.columns
        return try await call(.storeWrite) { [self] c in
            if var live = try await rows("""
                UPDATE sessions SET revoked = true WHERE id_hi = \(key.high) AND id_lo = \(key.low) AND NOT revoked
                RETURNING \(unescaped: Self.sessionColumns)
                """, on: c, as: SessionRow.self).first.map(Self.session) {
                live.revoked = false
                return live
            }
            return try await rows("SELECT \(unescaped: Self.sessionColumns) FROM sessions WHERE id_hi = \(key.high) AND id_lo = \(key.low)",
                                  on: c, as: SessionRow.self).first.map(Self.session)
        }
    }

    /// One update over the user's live sessions; row locks make each id come back from exactly
    /// one of several concurrent calls.
    public func revokeSessions(user: UserID, except: SessionID?) async throws(BackendError) -> [SessionID] {
        let kept = except?.columns
        return try await call(.storeWrite) { [self] c in
            let query: PostgresQuery = if let kept {
                """
                WITH r AS (
                    UPDATE sessions SET revoked = true
                    WHERE user_id = \(user.rawValue) AND NOT revoked AND NOT (id_hi = \(kept.high) AND id_lo = \(kept.low))
                    RETURNING id_hi, id_lo, seq
                )
                SELECT id_hi, id_lo FROM r ORDER BY seq
                """
            } else {
                """
                WITH r AS (
                    UPDATE sessions SET revoked = true WHERE user_id = \(user.rawValue) AND NOT revoked
                    RETURNING id_hi, id_lo, seq
                )
                SELECT id_hi, id_lo FROM r ORDER BY seq
                """
            }
            return try await rows(query, on: c, as: (Int64, Int64).self).map { Self.token($0.0, $0.1) }
        }
    }

    /// Rotate-once, in up to three statements, each atomic:
    ///
    /// 1. Rotation is a conditional update of the session row (`refresh = token AND NOT
    ///    revoked`) that also spends `token` and adds `next`. Of concurrent redemptions the
    ///    row lock lets one through; the others re-check the condition and find it false.
    /// 2. Otherwise, if the token's session is live, the token was spent: revoke the family.
    /// 3. Otherwise the session is revoked (`.revoked`) or the token unknown (`.unknown`).
    ///
    /// A token never becomes current again once spent, and revocation is permanent, so each
    /// answer is the one the model gives at some instant during the call.
    public func redeemRefresh(_ token: RefreshTokenID, next: RefreshTokenID) async throws(BackendError) -> RefreshRedemption {
        let old = token.columns, new = next.columns
        return try await call(.storeWrite) { [self] c in
            for _ in 0..<3 {
                if let rotated = try await rows("""
                    WITH rotated AS (
                        UPDATE sessions SET refresh_hi = \(new.high), refresh_lo = \(new.low)
                        WHERE refresh_hi = \(old.high) AND refresh_lo = \(old.low) AND NOT revoked
                        RETURNING \(unescaped: Self.sessionColumns)
                    ), spent AS (
                        UPDATE refresh_tokens SET spent = true
                        WHERE token_hi = \(old.high) AND token_lo = \(old.low) AND EXISTS (SELECT 1 FROM rotated)
                    ), added AS (
                        INSERT INTO refresh_tokens (token_hi, token_lo, session_hi, session_lo, spent)
                        SELECT \(new.high), \(new.low), id_hi, id_lo, false FROM rotated
                    )
                    SELECT \(unescaped: Self.sessionColumns) FROM rotated
                    """, on: c, as: SessionRow.self).first {
                    return .rotated(Self.session(rotated))
                }
                if let reused = try await rows("""
                    UPDATE sessions SET revoked = true
                    WHERE (id_hi, id_lo) = (SELECT session_hi, session_lo FROM refresh_tokens
                                            WHERE token_hi = \(old.high) AND token_lo = \(old.low))
                      AND NOT revoked
                    RETURNING \(unescaped: Self.sessionColumns)
                    """, on: c, as: SessionRow.self).first {
                    return .reused(Self.session(reused))
                }
                guard let found = try await rows("""
                    SELECT \(unescaped: Self.sessionColumnsOfS)
                    FROM sessions s JOIN refresh_tokens t ON s.id_hi = t.session_hi AND s.id_lo = t.session_lo
                    WHERE t.token_hi = \(old.high) AND t.token_lo = \(old.low)
                    """, on: c, as: SessionRow.self).first.map(Self.session) else { return .unknown }
                if found.revoked { return .revoked(found) }
                // The token appeared (its session was inserted) between the steps: start over.
            }
            return .unknown
        }
    }
}
