import StampedeKernel
import StampedeModel
import StampedeStore

/// A store behind client timeouts, retries and a circuit breaker.
///
/// Reads and writes that can be repeated safely are retried after a timeout. Inserts,
/// permission bumps, refresh redemption, failure counting and revoking every session of a
/// user are retried only after a fast failure: a timed-out attempt may have taken effect,
/// and repeating it would mislead (a second redemption revokes the token's family; a second
/// mass revocation returns no sessions, so none would be removed from the cache).
public final class ResilientStore: AuthStore {
    let base: any AuthStore
    public let guarding: ResilienceGuard

    public init(wrapping base: any AuthStore, guarding: ResilienceGuard) {
        self.base = base
        self.guarding = guarding
    }

    func run<T>(_ idempotent: Bool, _ body: () async throws(BackendError) -> T) async throws(BackendError) -> T {
        try await guarding.perform(idempotent: idempotent, body)
    }

    public func user(id: UserID) async throws(BackendError) -> UserRecord? {
        try await run(true) { () async throws(BackendError) in try await base.user(id: id) }
    }

    public func user(email: String) async throws(BackendError) -> UserRecord? {
        try await run(true) { () async throws(BackendError) in try await base.user(email: email) }
    }

    public func insertUser(_ user: UserRecord) async throws(BackendError) -> Bool {
        try await run(false) { () async throws(BackendError) in try await base.insertUser(user) }
    }

    public func updatePassword(user: UserID, hash: String, at: SimInstant) async throws(BackendError) {
        try await run(true) { () async throws(BackendError) in try await base.updatePassword(user: user, hash: hash, at: at) }
    }

    public func updatePermissions(user: UserID, permissions: PermissionSet) async throws(BackendError) -> UInt32 {
        try await run(false) { () async throws(BackendError) in try await base.updatePermissions(user: user, permissions: permissions) }
    }

    public func session(id: SessionID) async throws(BackendError) -> SessionRecord? {
        try await run(true) { () async throws(BackendError) in try await base.session(id: id) }
    }

    public func insertSession(_ session: SessionRecord) async throws(BackendError) {
        try await run(false) { () async throws(BackendError) in try await base.insertSession(session) }
    }

    public func touchSession(id: SessionID, at: SimInstant) async throws(BackendError) -> SessionRecord? {
        try await run(true) { () async throws(BackendError) in try await base.touchSession(id: id, at: at) }
    }

    public func revokeSession(id: SessionID) async throws(BackendError) -> SessionRecord? {
        try await run(true) { () async throws(BackendError) in try await base.revokeSession(id: id) }
    }

    public func revokeSessions(user: UserID, except: SessionID?) async throws(BackendError) -> [SessionID] {
        try await run(false) { () async throws(BackendError) in try await base.revokeSessions(user: user, except: except) }
    }

    public func redeemRefresh(_ token: RefreshTokenID, next: RefreshTokenID) async throws(BackendError) -> RefreshRedemption {
        try await run(false) { () async throws(BackendError) in try await base.redeemRefresh(token, next: next) }
    }

    public func recordFailedLogin(user: UserID, window: SimDuration, at: SimInstant) async throws(BackendError) -> Int {
        try await run(false) { () async throws(BackendError) in try await base.recordFailedLogin(user: user, window: window, at: at) }
    }

    public func failedLogins(user: UserID, window: SimDuration, at: SimInstant) async throws(BackendError) -> Int {
        try await run(true) { () async throws(BackendError) in try await base.failedLogins(user: user, window: window, at: at) }
    }

    public func clearFailedLogins(user: UserID) async throws(BackendError) {
        try await run(true) { () async throws(BackendError) in try await base.clearFailedLogins(user: user) }
    }
}
