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

    /// A refresh token and the session (by ordinal in `Tables.sessions`) it belongs to: 24 bytes.
    ///
    /// Whether it is spent needs no flag: a session's tokens other than its current one have all
    /// been redeemed. Tokens are kept in the order they were issued and forgotten once their
    /// session is (an older token whose session is still held keeps the newer ones a while);
    /// until then a lookup finds the session forgotten and answers `.unknown`, as it would
    /// without the row.
    struct RefreshEntry: TokenKeyed {
        var token: RefreshTokenID
        var session: Int
        var key: Token128 { token }
    }

    struct Tables {
        var users: UserRows
        var emails: EmailIndex
        /// In issue order, so the oldest is the next to forget.
        var sessions = TokenTable<SessionRecord>()
        var refresh = TokenTable<RefreshEntry>()
        /// Ordinals in `sessions` of each user's sessions.
        var userSessions: [UserID: [Int]] = [:]
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
            while let first = sessions.first, first.issuedAt < cutoff {
                let ordinal = sessions.firstOrdinal
                sessions.removeFirst()
                forget(ordinal, of: first.user)
            }
            while let token = refresh.first, token.session < sessions.firstOrdinal { refresh.removeFirst() }
        }

        mutating func forget(_ ordinal: Int, of user: UserID) {
            guard let u = userSessions.index(forKey: user), let i = userSessions.values[u].firstIndex(of: ordinal) else { return }
            userSessions.values[u].remove(at: i)
            if userSessions.values[u].isEmpty { userSessions.remove(at: u) }
        }

        /// The session `ordinal` names, if it is still held.
        func session(_ ordinal: Int) -> SessionRecord? {
            ordinal >= sessions.firstOrdinal ? sessions[ordinal] : nil
        }

        mutating func insert(_ session: SessionRecord) {
            let (ordinal, inserted) = sessions.insert(session)
            var listed = false
            if !inserted {
                // The same id again (never, with drawn ids) replaces the record in its first place:
                // unlike the dictionary and issue queue before, the sweep then waits for the
                // replacement's issue time, and the session leaves the earlier user's list.
                let replaced = sessions[ordinal]
                sessions[ordinal] = session
                if replaced.user == session.user { listed = true } else { forget(ordinal, of: replaced.user) }
            }
            if !listed { userSessions[session.user, default: []].append(ordinal) }
            addToken(session.refreshToken, of: ordinal)
        }

        mutating func addToken(_ token: RefreshTokenID, of session: Int) {
            let entry = RefreshEntry(token: token, session: session)
            let (ordinal, inserted) = refresh.insert(entry)
            if !inserted { refresh[ordinal] = entry }
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
        return tables.withLock { $0.sessions[key: id] }
    }

    public func insertSession(_ session: SessionRecord) async throws(BackendError) {
        await roundTrip(.storeWrite)
        let cutoff = clock.now - retention
        tables.withLock { t in
            t.sweep(before: cutoff)
            t.insert(session)
        }
    }

    public func touchSession(id: SessionID, at: SimInstant) async throws(BackendError) -> SessionRecord? {
        await roundTrip(.storeWrite)
        return tables.withLock { t in
            guard let ordinal = t.sessions.ordinal(of: id), !t.sessions[ordinal].revoked else { return nil }
            t.sessions[ordinal].lastSeen = max(t.sessions[ordinal].lastSeen, at)
            return t.sessions[ordinal]
        }
    }

    public func revokeSession(id: SessionID) async throws(BackendError) -> SessionRecord? {
        await roundTrip(.storeWrite)
        return tables.withLock { t in
            guard let ordinal = t.sessions.ordinal(of: id) else { return nil }
            let s = t.sessions[ordinal]
            t.sessions[ordinal].revoked = true
            return s
        }
    }

    public func revokeSessions(user: UserID, except: SessionID?) async throws(BackendError) -> [SessionID] {
        await roundTrip(.storeWrite)
        return tables.withLock { t in
            var revoked: [SessionID] = []
            for ordinal in t.userSessions[user] ?? [] {
                let s = t.sessions[ordinal]
                guard s.id != except, !s.revoked else { continue }
                t.sessions[ordinal].revoked = true
                revoked.append(s.id)
            }
            return revoked
        }
    }

    public func redeemRefresh(_ token: RefreshTokenID, next: RefreshTokenID) async throws(BackendError) -> RefreshRedemption {
        await roundTrip(.storeWrite)
        return tables.withLock { t in
            guard let entry = t.refresh[key: token], var s = t.session(entry.session) else { return .unknown }
            if s.revoked { return .revoked(s) }
            if s.refreshToken != token {
                s.revoked = true
                t.sessions[entry.session] = s
                return .reused(s)
            }
            t.addToken(next, of: entry.session)
            s.refreshToken = next
            t.sessions[entry.session] = s
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
