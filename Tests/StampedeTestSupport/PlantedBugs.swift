import StampedeAuth
import StampedeCache
import StampedeKernel
import StampedeModel
import StampedeStore

// Planted bugs: each a decorator of one part of the system (the cache or the store the
// service sees, or its lockout counting), never a switch in production code. The checker
// must catch every one (`PlantedBugTests`).

/// A cache that forwards every call; a planted bug overrides the calls it breaks.
open class ForwardingCache: AuthCache, @unchecked Sendable {
    // @unchecked: `base` is immutable and itself Sendable; subclasses add only immutable state or locks.
    public let base: any AuthCache

    public init(wrapping base: any AuthCache) { self.base = base }

    open func get(_ key: CacheKey) async throws(BackendError) -> CacheValue? { try await base.get(key) }
    open func set(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async throws(BackendError) {
        try await base.set(key, value, ttl: ttl)
    }
    open func update(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async throws(BackendError) -> Bool {
        try await base.update(key, value, ttl: ttl)
    }
    open func delete(_ key: CacheKey) async throws(BackendError) { try await base.delete(key) }
    open func increment(_ key: CacheKey, ttl: SimDuration) async throws(BackendError) -> Int {
        try await base.increment(key, ttl: ttl)
    }
    open func getLeased(_ key: CacheKey, leaseTTL: SimDuration) async throws(BackendError) -> LeasedRead {
        try await base.getLeased(key, leaseTTL: leaseTTL)
    }
    open func setLeased(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?, lease: Lease) async throws(BackendError) -> Bool {
        try await base.setLeased(key, value, ttl: ttl, lease: lease)
    }
    open func compareAndSet(_ key: CacheKey, expected: CacheValue?, new: CacheValue?, ttl: SimDuration?) async throws(BackendError) -> Bool {
        try await base.compareAndSet(key, expected: expected, new: new, ttl: ttl)
    }
}

/// A store that forwards every call; a planted bug overrides the calls it breaks.
open class ForwardingStore: AuthStore, @unchecked Sendable {
    // @unchecked: as `ForwardingCache`.
    public let base: any AuthStore

    public init(wrapping base: any AuthStore) { self.base = base }

    open func user(id: UserID) async throws(BackendError) -> UserRecord? { try await base.user(id: id) }
    open func user(email: String) async throws(BackendError) -> UserRecord? { try await base.user(email: email) }
    open func insertUser(_ user: UserRecord) async throws(BackendError) -> Bool { try await base.insertUser(user) }
    open func updatePassword(user: UserID, hash: String, at: SimInstant) async throws(BackendError) {
        try await base.updatePassword(user: user, hash: hash, at: at)
    }
    open func updatePermissions(user: UserID, permissions: PermissionSet) async throws(BackendError) -> UInt32 {
        try await base.updatePermissions(user: user, permissions: permissions)
    }
    open func session(id: SessionID) async throws(BackendError) -> SessionRecord? { try await base.session(id: id) }
    open func insertSession(_ session: SessionRecord) async throws(BackendError) { try await base.insertSession(session) }
    open func touchSession(id: SessionID, at: SimInstant) async throws(BackendError) -> SessionRecord? {
        try await base.touchSession(id: id, at: at)
    }
    open func revokeSession(id: SessionID) async throws(BackendError) -> SessionRecord? { try await base.revokeSession(id: id) }
    open func revokeSessions(user: UserID, except: SessionID?) async throws(BackendError) -> [SessionID] {
        try await base.revokeSessions(user: user, except: except)
    }
    open func redeemRefresh(_ token: RefreshTokenID, next: RefreshTokenID) async throws(BackendError) -> RefreshRedemption {
        try await base.redeemRefresh(token, next: next)
    }
    open func recordFailedLogin(user: UserID, window: SimDuration, at: SimInstant) async throws(BackendError) -> Int {
        try await base.recordFailedLogin(user: user, window: window, at: at)
    }
    open func failedLogins(user: UserID, window: SimDuration, at: SimInstant) async throws(BackendError) -> Int {
        try await base.failedLogins(user: user, window: window, at: at)
    }
    open func clearFailedLogins(user: UserID) async throws(BackendError) { try await base.clearFailedLogins(user: user) }
    open func putOTP(_ record: OTPRecord) async throws(BackendError) -> OTPRecord { try await base.putOTP(record) }
    open func otp(user: UserID) async throws(BackendError) -> OTPRecord? { try await base.otp(user: user) }
    open func consumeOTP(user: UserID, code: UInt32, at: SimInstant, maxAttempts: Int) async throws(BackendError) -> OTPConsumption {
        try await base.consumeOTP(user: user, code: code, at: at, maxAttempts: maxAttempts)
    }
}

/// Planted bug: session invalidations never reach the cache (a logout or a revocation deletes
/// the session in the store, but its cached copy stays live). Breaks `authorized_after_logout`.
public final class SessionInvalidationsDropped: ForwardingCache, @unchecked Sendable {
    public override func delete(_ key: CacheKey) async throws(BackendError) {
        if case .session = key { return }
        try await base.delete(key)
    }
}

/// Planted bug: a permission change updates the store but the cached permission set is never
/// deleted, so the old set is honoured until its TTL. Breaks `authorized_revoked_permission`.
public final class PermissionInvalidationsDropped: ForwardingCache, @unchecked Sendable {
    public override func delete(_ key: CacheKey) async throws(BackendError) {
        if case .permissions = key { return }
        try await base.delete(key)
    }
}

/// Planted bug: a password change updates the store but the cached user record keeps the
/// old hash (the invalidation and every rewrite of a cached record are lost), so the old
/// password logs in until the entry's TTL runs out. Records not cached yet are still filled.
/// Breaks `login_with_replaced_password`.
public final class CachedUserRecordsNeverReplaced: ForwardingCache, @unchecked Sendable {
    private func isCachedUser(_ key: CacheKey) async throws(BackendError) -> Bool {
        guard case .userByEmail = key else { return false }
        return try await base.get(key) != nil
    }

    public override func delete(_ key: CacheKey) async throws(BackendError) {
        if case .userByEmail = key { return }
        try await base.delete(key)
    }

    public override func set(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async throws(BackendError) {
        if try await isCachedUser(key) { return }
        try await base.set(key, value, ttl: ttl)
    }

    public override func update(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async throws(BackendError) -> Bool {
        if try await isCachedUser(key) { return true }
        return try await base.update(key, value, ttl: ttl)
    }

    public override func setLeased(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?, lease: Lease) async throws(BackendError) -> Bool {
        if try await isCachedUser(key) { return false }
        return try await base.setLeased(key, value, ttl: ttl, lease: lease)
    }

    public override func compareAndSet(_ key: CacheKey, expected: CacheValue?, new: CacheValue?, ttl: SimDuration?) async throws(BackendError) -> Bool {
        if try await isCachedUser(key) { return expected != nil }
        return try await base.compareAndSet(key, expected: expected, new: new, ttl: ttl)
    }
}

/// Planted bug: a client whose reconnect replays its buffer of recent writes, old values of
/// deleted entries included: once the cache answers again after failing (a crash, an
/// outage), every session and permission set it deleted since the last reconnect comes back
/// as it was before the delete. Breaks `resurrected_after_recovery`.
public final class ReconnectReplaysDeletedEntries: ForwardingCache, @unchecked Sendable {
    private struct State {
        var deleted: [CacheKey: CacheValue] = [:]
        var failing = false
    }
    private let state = Locked(State())

    /// Runs a call; the first success after a failure replays the buffer.
    private func observed<T>(_ call: () async throws(BackendError) -> T) async throws(BackendError) -> T {
        do {
            let value = try await call()
            let replay = state.withLock { s -> [CacheKey: CacheValue] in
                guard s.failing else { return [:] }
                s.failing = false
                defer { s.deleted.removeAll() }
                return s.deleted
            }
            for (key, old) in replay.sorted(by: { "\($0.key)" < "\($1.key)" }) { try? await base.set(key, old, ttl: .minutes(10)) }
            return value
        } catch {
            state.withLock { $0.failing = true }
            throw error
        }
    }

    public override func get(_ key: CacheKey) async throws(BackendError) -> CacheValue? {
        try await observed { () async throws(BackendError) in try await base.get(key) }
    }

    public override func set(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async throws(BackendError) {
        try await observed { () async throws(BackendError) in try await base.set(key, value, ttl: ttl) }
    }

    public override func delete(_ key: CacheKey) async throws(BackendError) {
        switch key {
        case .session, .permissions:
            if let old = try? await base.get(key) {
                state.withLock { s in if s.deleted.count < 100_000 { s.deleted[key] = old } }
            }
        default:
            break
        }
        try await observed { () async throws(BackendError) in try await base.delete(key) }
    }
}

/// Planted bug: a password change or reset never revokes the user's other sessions (the
/// store's revoke-all does nothing). Breaks `authorized_after_password_change`.
public final class OtherSessionsNeverRevoked: ForwardingStore, @unchecked Sendable {
    public override func revokeSessions(user: UserID, except: SessionID?) async throws(BackendError) -> [SessionID] { [] }
}

/// Planted bug: a grace window for refresh tokens — a token already spent is honoured by
/// rotating its session's current token instead. Breaks `refresh_token_redeemed_twice`.
public final class SpentRefreshTokensHonoured: ForwardingStore, @unchecked Sendable {
    private let spent = Locked<[RefreshTokenID: SessionID]>([:])

    public override func redeemRefresh(_ token: RefreshTokenID, next: RefreshTokenID) async throws(BackendError) -> RefreshRedemption {
        if let session = spent.withLock({ $0[token] }), let current = try await base.session(id: session), !current.revoked {
            return try await base.redeemRefresh(current.refreshToken, next: next)
        }
        let r = try await base.redeemRefresh(token, next: next)
        if case .rotated(let s) = r { spent.withLock { $0[token] = s.id } }
        return r
    }
}

/// Planted bug: a touch stamps the session's last-seen time an hour ahead (local time written
/// where UTC was meant), so the session never idles out. Breaks `authorized_after_idle_timeout`.
public final class TouchesStampedAnHourAhead: ForwardingStore, @unchecked Sendable {
    public override func touchSession(id: SessionID, at: SimInstant) async throws(BackendError) -> SessionRecord? {
        try await base.touchSession(id: id, at: at + .seconds(3600))
    }
}

/// Planted bug: a refresh rotation hands back (and so caches) the session with its issue time
/// re-stamped an hour ahead, so a refreshed session outlives its absolute deadline. Breaks
/// `authorized_after_absolute_timeout`.
public final class RotationRestampsIssue: ForwardingStore, @unchecked Sendable {
    public override func redeemRefresh(_ token: RefreshTokenID, next: RefreshTokenID) async throws(BackendError) -> RefreshRedemption {
        let r = try await base.redeemRefresh(token, next: next)
        guard case .rotated(var s) = r else { return r }
        s.issuedAt = s.issuedAt + .seconds(3600)
        return .rotated(s)
    }
}

/// Planted bug: a session row's issue time is read back as its last activity (the row mapper
/// lists `last_seen` for both columns), so the absolute timeout acts as a second idle timeout
/// and a session in use never ends. Records the cache holds are right; store reads are not.
/// Breaks `authorized_unknown_session`: a session returned to after the checker has forgotten
/// it (5 minutes past its absolute deadline) is still authorized.
public final class IssueTimeReadAsLastSeen: ForwardingStore, @unchecked Sendable {
    public override func session(id: SessionID) async throws(BackendError) -> SessionRecord? {
        guard var s = try await base.session(id: id) else { return nil }
        s.issuedAt = s.lastSeen
        return s
    }

    public override func touchSession(id: SessionID, at: SimInstant) async throws(BackendError) -> SessionRecord? {
        guard var s = try await base.touchSession(id: id, at: at) else { return nil }
        s.issuedAt = s.lastSeen
        return s
    }
}

/// A cache whose reads of one-time passcodes pass through `alter`: the cache half of the
/// passcode bugs below.
public final class PasscodeReadsAltered: ForwardingCache, @unchecked Sendable {
    let alter: @Sendable (OTPRecord) -> OTPRecord

    public init(wrapping base: any AuthCache, alter: @escaping @Sendable (OTPRecord) -> OTPRecord) {
        self.alter = alter
        super.init(wrapping: base)
    }

    public override func get(_ key: CacheKey) async throws(BackendError) -> CacheValue? {
        let value = try await base.get(key)
        guard case .otp(let r)? = value else { return value }
        return .otp(alter(r))
    }
}

/// A store whose reads of one-time passcodes pass through `alter`: the store half.
open class PasscodeStoreReadsAltered: ForwardingStore, @unchecked Sendable {
    let alter: @Sendable (OTPRecord) -> OTPRecord

    public init(wrapping base: any AuthStore, alter: @escaping @Sendable (OTPRecord) -> OTPRecord) {
        self.alter = alter
        super.init(wrapping: base)
    }

    open override func otp(user: UserID) async throws(BackendError) -> OTPRecord? {
        try await base.otp(user: user).map(alter)
    }
}

/// Planted bug: a code's record loses its "consumed" flag when read (a codec that drops the
/// field), from the cache and the store alike, and the store's atomic consumption trusts what
/// was read. A resubmitted code is accepted again. Breaks `otp_accepted_twice`.
public enum SpentCodesAccepted {
    static let unspent: @Sendable (OTPRecord) -> OTPRecord = { r in
        var r = r
        r.consumed = false
        return r
    }

    public static func cache(_ base: any AuthCache) -> any AuthCache { PasscodeReadsAltered(wrapping: base, alter: unspent) }
    public static func store(_ base: any AuthStore) -> any AuthStore { Store(wrapping: base, alter: unspent) }

    final class Store: PasscodeStoreReadsAltered, @unchecked Sendable {
        override func consumeOTP(user: UserID, code: UInt32, at: SimInstant, maxAttempts: Int) async throws(BackendError) -> OTPConsumption {
            let r = try await base.consumeOTP(user: user, code: code, at: at, maxAttempts: maxAttempts)
            if case .alreadyUsed(let record) = r { return .accepted(record) }
            return r
        }
    }
}

/// Planted bug: a code's expiry is read an hour late (local time where UTC was meant), from
/// the cache and the store alike, so an expired code is still accepted. Breaks
/// `otp_accepted_after_expiry`.
public enum CodeExpiryIgnored {
    static let later: @Sendable (OTPRecord) -> OTPRecord = { r in
        var r = r
        r.expiresAt = r.expiresAt + .seconds(3600)
        return r
    }

    public static func cache(_ base: any AuthCache) -> any AuthCache { PasscodeReadsAltered(wrapping: base, alter: later) }
    public static func store(_ base: any AuthStore) -> any AuthStore { Store(wrapping: base, alter: later) }

    final class Store: PasscodeStoreReadsAltered, @unchecked Sendable {
        override func consumeOTP(user: UserID, code: UInt32, at: SimInstant, maxAttempts: Int) async throws(BackendError) -> OTPConsumption {
            try await base.consumeOTP(user: user, code: code, at: at - .seconds(3600), maxAttempts: maxAttempts)
        }
    }
}

/// Planted bug: failed password checks are never counted (the code that records a failure
/// was lost), so lockout never engages and a guesser gets unlimited tries. It wraps the
/// service's lockout counting. Breaks `lockout_exceeded`.
public final class FailedChecksNeverCounted: LoginLockout {
    let base: any LoginLockout

    public init(wrapping base: any LoginLockout) { self.base = base }

    public func admitPasswordCheck(_ user: UserID) async -> Int? { await base.admitPasswordCheck(user) }

    public func recordFailure(_ user: UserID) async {
        // Ends the check as if it had passed, without clearing anything: nothing is counted.
        await base.passwordCheckSucceeded(user, hadFailures: false)
    }

    public func passwordCheckSucceeded(_ user: UserID, hadFailures: Bool) async {
        await base.passwordCheckSucceeded(user, hadFailures: hadFailures)
    }
}
