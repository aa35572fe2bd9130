import GRDB
import StampedeKernel
import StampedeModel
import StampedeStore

/// Sessions and their refresh-token families. Every change is one write transaction on the
/// single writer connection, so it reads and changes the rows as the model does its tables.
extension SQLiteStore {
    public func session(id: SessionID) async throws(BackendError) -> SessionRecord? {
        let key = id.columns
        return try await read(.storeQuery) { db in
            try db.row("SELECT \(Self.sessionColumns) FROM sessions WHERE id_hi = ? AND id_lo = ?", [key.high, key.low])
                .map { Self.session($0).record }
        }
    }

    /// Inserts the session and its first refresh token; with a retention, first deletes the
    /// sessions issued before `now - retention` (and, by cascade, their tokens), as the model does.
    public func insertSession(_ session: SessionRecord) async throws(BackendError) {
        let key = session.id.columns, refresh = session.refreshToken.columns
        let cutoff = retention.map { (clock.now - $0).nanoseconds }
        try await write(.storeWrite) { db in
            if let cutoff { try db.run("DELETE FROM sessions WHERE issued_at < ?", [cutoff]) }
            try db.run("""
                INSERT INTO sessions (id_hi, id_lo, user_id, issued_at, last_seen, revoked, refresh_hi, refresh_lo)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [key.high, key.low, session.user.rawValue, session.issuedAt.nanoseconds, session.lastSeen.nanoseconds,
                      session.revoked, refresh.high, refresh.low])
            try db.run("INSERT INTO refresh_tokens (token_hi, token_lo, session_seq, spent) VALUES (?, ?, ?, 0)",
                       [refresh.high, refresh.low, db.lastInsertedRowID])
        }
    }

    /// `lastSeen` only moves forward, and a revoked or unknown session is not touched (nil).
    public func touchSession(id: SessionID, at: SimInstant) async throws(BackendError) -> SessionRecord? {
        let key = id.columns
        return try await write(.storeWrite) { db in
            try db.row("""
                UPDATE sessions SET last_seen = MAX(last_seen, ?) WHERE id_hi = ? AND id_lo = ? AND NOT revoked
                RETURNING \(Self.sessionColumns)
                """, [at.nanoseconds, key.high, key.low]).map { Self.session($0).record }
        }
    }

    /// Marks the session revoked; returns it as it was, nil if unknown.
    public func revokeSession(id: SessionID) async throws(BackendError) -> SessionRecord? {
        let key = id.columns
        return try await write(.storeWrite) { db in
            guard let row = try db.row("SELECT \(Self.sessionColumns) FROM sessions WHERE id_hi = ? AND id_lo = ?", [key.high, key.low])
            else { return nil }
            let (before, seq) = Self.session(row)
            if !before.revoked { try db.run("UPDATE sessions SET revoked = 1 WHERE seq = ?", [seq]) }
            return before
        }
    }

    public func revokeSessions(user: UserID, except: SessionID?) async throws(BackendError) -> [SessionID] {
        let kept = except?.columns
        return try await write(.storeWrite) { db in
            let rows = if let kept {
                try db.rows("""
                    UPDATE sessions SET revoked = 1
                    WHERE user_id = ? AND NOT revoked AND NOT (id_hi = ? AND id_lo = ?)
                    RETURNING id_hi, id_lo, seq
                    """, [user.rawValue, kept.high, kept.low])
            } else {
                try db.rows("UPDATE sessions SET revoked = 1 WHERE user_id = ? AND NOT revoked RETURNING id_hi, id_lo, seq", [user.rawValue])
            }
            // RETURNING has no order of its own: put the ids in issue order.
            return rows.map { (seq: $0[2] as Int64, id: Self.token($0[0], $0[1])) }.sorted { $0.seq < $1.seq }.map(\.id)
        }
    }

    /// The model's rotation, step for step, in one write transaction.
    public func redeemRefresh(_ token: RefreshTokenID, next: RefreshTokenID) async throws(BackendError) -> RefreshRedemption {
        let old = token.columns, new = next.columns
        return try await write(.storeWrite) { db in
            guard let entry = try db.row("SELECT session_seq, spent FROM refresh_tokens WHERE token_hi = ? AND token_lo = ?",
                                         [old.high, old.low]),
                  let row = try db.row("SELECT \(Self.sessionColumns) FROM sessions WHERE seq = ?", [entry[0] as Int64])
            else { return .unknown }
            var (s, seq) = Self.session(row)
            if s.revoked { return .revoked(s) }
            if entry[1] as Bool || s.refreshToken != token {
                try db.run("UPDATE sessions SET revoked = 1 WHERE seq = ?", [seq])
                s.revoked = true
                return .reused(s)
            }
            try db.run("UPDATE refresh_tokens SET spent = 1 WHERE token_hi = ? AND token_lo = ?", [old.high, old.low])
            try db.run("INSERT INTO refresh_tokens (token_hi, token_lo, session_seq, spent) VALUES (?, ?, ?, 0)", [new.high, new.low, seq])
            try db.run("UPDATE sessions SET refresh_hi = ?, refresh_lo = ? WHERE seq = ?", [new.high, new.low, seq])
            s.refreshToken = next
            return .rotated(s)
        }
    }
}
