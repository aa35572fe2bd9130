import Collections
import StampedeKernel
import StampedeModel
import Synchronization

/// The modeled authoritative store: in-memory tables behind a connection pool.
///
/// Each call waits for a connection, holds it for a service time drawn from the latency
/// model, and only then reads or changes the tables, so an operation takes effect at the
/// end of its modeled latency.
public final class InMemoryStore: AuthStore {
    private let resource: ModeledResource
    private let observer: (any SystemProbe)?
    private let clock: any SimClock
    let tables: Mutex<Tables>
    /// Revoked and expired sessions are forgotten this long after issue (their absolute timeout).
    private let retention: SimDuration

    public init(resource: ModeledResource, clock: any SimClock, userCapacity: Int, retention: SimDuration, observer: (any SystemProbe)?) {
        self.resource = resource
        self.clock = clock
        self.observer = observer
        self.retention = retention
        self.tables = Mutex(Tables(userCapacity: userCapacity))
    }

    struct FailureWindow { var count: Int; var start: SimInstant }

    /// 33 bytes, the flag last: before `previous` it would pad the entry to 48.
    struct RefreshEntry {
        var session: SessionID
        var previous: RefreshTokenID
        var spent: Bool
    }

    struct Tables {
        var users: UserRows
        var emails: EmailIndex
        var sessions: [SessionID: SessionRecord] = [:]
        /// Per refresh token: the session it belongs to, whether it is spent, and the token it
        /// replaced (the session's first token names itself), so a session's tokens are found
        /// from its current one without a list per session.
        var refresh: [RefreshTokenID: RefreshEntry] = [:]
        var userSessions: [UserID: [SessionID]] = [:]
        var issueOrder = Deque<(at: SimInstant, id: SessionID)>()
        var failures: [UserID: FailureWindow] = [:]
        /// The current one-time passcode of each user who was sent one.
        var otps: [UserID: OTPRecord] = [:]

        init(userCapacity: Int) {
            users = UserRows(capacity: userCapacity)
            emails = EmailIndex(capacity: userCapacity)
        }

        /// The user registered with `email`, if any.
        func user(email: String) -> UserID? {
            emails.user(email) { users.email(of: $0) }
        }

        /// Adds the user's address to the index, or nothing (nil) when another user has it.
        mutating func addEmail(of user: UserRecord) -> EmailIndex.Address? {
            let rows = users
            return emails.add(user.email, of: user.id) { rows.email(of: $0) }
        }

        mutating func sweep(before cutoff: SimInstant) {
            while let first = issueOrder.first, first.at < cutoff {
                issueOrder.removeFirst()
                guard let s = sessions.removeValue(forKey: first.id) else { continue }
                var token = s.refreshToken
                while let entry = refresh.removeValue(forKey: token), entry.previous != token { token = entry.previous }
                if var list = userSessions[s.user] {
                    list.removeAll { $0 == s.id }
                    userSessions[s.user] = list.isEmpty ? nil : list
                }
            }
        }
    }

    /// Loads a user directly, without a modeled round trip (population set-up before traffic).
    public func preload(_ user: UserRecord) {
        tables.withLock { t in
            // Preloading again replaces the record. An old address of the user's that the index
            // still holds no longer matches the row, so a lookup passes over it.
            if let kept = t.users.email(of: user.id), t.emails.string(kept) == user.email {
                t.users.insert(user, email: kept)
            } else if let address = t.addEmail(of: user) {
                t.users.insert(user, email: address)
            } else {
                preconditionFailure("preloaded \(user.id) has the address of another user")
            }
        }
    }

    /// Sessions currently held (live or revoked but not yet forgotten).
    public var sessionCount: Int { tables.withLock { $0.sessions.count } }

    func roundTrip(_ kind: BackendCall) async {
        let usage = await resource.call()
        observer?.backendCall(kind, wait: usage.wait, service: usage.service, failed: usage.timedOut, at: clock.now)
    }

    public func user(id: UserID) async throws(BackendError) -> UserRecord? {
        await roundTrip(.storeQuery)
        return tables.withLock { t in t.users.record(id, t.emails) }
    }

    public func user(email: String) async throws(BackendError) -> UserRecord? {
        await roundTrip(.storeQuery)
        return tables.withLock { t in t.user(email: email).flatMap { id in t.users.record(id, t.emails) } }
    }

    public func insertUser(_ user: UserRecord) async throws(BackendError) -> Bool {
        await roundTrip(.storeWrite)
        return tables.withLock { t in
            guard !t.users.contains(user.id), let address = t.addEmail(of: user) else { return false }
            t.users.insert(user, email: address)
            return true
        }
    }

    public func updatePassword(user: UserID, hash: String, at: SimInstant) async throws(BackendError) {
        await roundTrip(.storeWrite)
        tables.withLock { t in
            t.users.setPassword(user, hash: hash, at: at)
        }
    }

    public func updatePermissions(user: UserID, permissions: PermissionSet) async throws(BackendError) -> UInt32 {
        await roundTrip(.storeWrite)
        return tables.withLock { t in
            t.users.setPermissions(user, permissions)
        }
    }

    public func session(id: SessionID) async throws(BackendError) -> SessionRecord? {
        await roundTrip(.storeQuery)
        return tables.withLock { $0.sessions[id] }
    }

    public func insertSession(_ session: SessionRecord) async throws(BackendError) {
        await roundTrip(.storeWrite)
        let cutoff = clock.now - retention
        tables.withLock { t in
            t.sweep(before: cutoff)
            t.sessions[session.id] = session
            t.refresh[session.refreshToken] = RefreshEntry(session: session.id, previous: session.refreshToken, spent: false)
            t.userSessions[session.user, default: []].append(session.id)
            t.issueOrder.append((session.issuedAt, session.id))
        }
    }

    public func touchSession(id: SessionID, at: SimInstant) async throws(BackendError) -> SessionRecord? {
        await roundTrip(.storeWrite)
        return tables.withLock { t in
            guard var s = t.sessions[id], !s.revoked else { return nil }
            s.lastSeen = max(s.lastSeen, at)
            t.sessions[id] = s
            return s
        }
    }

    public func revokeSession(id: SessionID) async throws(BackendError) -> SessionRecord? {
        await roundTrip(.storeWrite)
        return tables.withLock { t in
            guard let s = t.sessions[id] else { return nil }
            t.sessions[id]?.revoked = true
            return s
        }
    }

    public func revokeSessions(user: UserID, except: SessionID?) async throws(BackendError) -> [SessionID] {
        await roundTrip(.storeWrite)
        return tables.withLock { t in
            var revoked: [SessionID] = []
            for id in t.userSessions[user] ?? [] where id != except {
                if let s = t.sessions[id], !s.revoked {
                    t.sessions[id]?.revoked = true
                    revoked.append(id)
                }
            }
            return revoked
        }
    }

    public func redeemRefresh(_ token: RefreshTokenID, next: RefreshTokenID) async throws(BackendError) -> RefreshRedemption {
        await roundTrip(.storeWrite)
        return tables.withLock { t in
            guard let entry = t.refresh[token], var s = t.sessions[entry.session] else { return .unknown }
            if s.revoked { return .revoked(s) }
            if entry.spent || s.refreshToken != token {
                s.revoked = true
                t.sessions[s.id] = s
                return .reused(s)
            }
            t.refresh[token]?.spent = true
            t.refresh[next] = RefreshEntry(session: s.id, previous: token, spent: false)
            s.refreshToken = next
            t.sessions[s.id] = s
            return .rotated(s)
        }
    }

    public func recordFailedLogin(user: UserID, window: SimDuration, at: SimInstant) async throws(BackendError) -> Int {
        await roundTrip(.storeWrite)
        return tables.withLock { t in
            var w = t.failures[user] ?? FailureWindow(count: 0, start: at)
            if at - w.start >= window { w = FailureWindow(count: 0, start: at) }
            w.count += 1
            t.failures[user] = w
            return w.count
        }
    }

    public func failedLogins(user: UserID, window: SimDuration, at: SimInstant) async throws(BackendError) -> Int {
        await roundTrip(.storeQuery)
        return tables.withLock { t in
            guard let w = t.failures[user], at - w.start < window else { return 0 }
            return w.count
        }
    }

    public func clearFailedLogins(user: UserID) async throws(BackendError) {
        await roundTrip(.storeWrite)
        _ = tables.withLock { $0.failures.removeValue(forKey: user) }
    }
}
