import StampedeKernel
import StampedeModel

/// The authoritative store of users, sessions and refresh tokens.
///
/// Every method is one round trip; an operation takes effect when its modeled latency
/// has elapsed. Failures surface as `BackendError`.
public protocol AuthStore: AnyObject, Sendable {
    func user(id: UserID) async throws(BackendError) -> UserRecord?
    func user(email: String) async throws(BackendError) -> UserRecord?
    /// Inserts a user; false if the email is taken.
    func insertUser(_ user: UserRecord) async throws(BackendError) -> Bool
    func updatePassword(user: UserID, hash: String, at: SimInstant) async throws(BackendError)
    /// Replaces the permission set; returns the new permission version.
    func updatePermissions(user: UserID, permissions: PermissionSet) async throws(BackendError) -> UInt32

    func session(id: SessionID) async throws(BackendError) -> SessionRecord?
    func insertSession(_ session: SessionRecord) async throws(BackendError)
    /// Sets `lastSeen` unless the session is revoked; returns the updated record.
    func touchSession(id: SessionID, at: SimInstant) async throws(BackendError) -> SessionRecord?
    /// Marks the session revoked; returns it as it was, nil if unknown.
    func revokeSession(id: SessionID) async throws(BackendError) -> SessionRecord?
    /// Revokes every live session of the user but `except`; returns the ids revoked, in issue order.
    func revokeSessions(user: UserID, except: SessionID?) async throws(BackendError) -> [SessionID]
    /// Atomically redeems `token`, rotating the session to `next` when it is current.
    func redeemRefresh(_ token: RefreshTokenID, next: RefreshTokenID) async throws(BackendError) -> RefreshRedemption

    /// Adds one failed login and returns the count within the current window.
    func recordFailedLogin(user: UserID, window: SimDuration, at: SimInstant) async throws(BackendError) -> Int
    func failedLogins(user: UserID, window: SimDuration, at: SimInstant) async throws(BackendError) -> Int
    func clearFailedLogins(user: UserID) async throws(BackendError)

    /// Stores a code for its user, replacing any earlier one; returns it as stored (its
    /// version above every earlier one of the user).
    func putOTP(_ record: OTPRecord) async throws(BackendError) -> OTPRecord
    func otp(user: UserID) async throws(BackendError) -> OTPRecord?
    /// Atomically judges `code` against the user's current code (`OTPConsumption.judge`) and
    /// records the outcome: of concurrent submissions of the right code exactly one is accepted.
    func consumeOTP(user: UserID, code: UInt32, at: SimInstant, maxAttempts: Int) async throws(BackendError) -> OTPConsumption
}
