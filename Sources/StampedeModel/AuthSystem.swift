import StampedeKernel

/// The system under test as its clients see it: every operation of the auth service, each
/// with a typed outcome.
///
/// The workload drives this boundary and nothing behind it. The harness records what a
/// client sees here (when a request started and completed, and how it ended) as the history
/// the checker judges, the way Jepsen records invoke/ok/fail at the client; what only the
/// inside can tell arrives through a `SystemProbe`. Faults of the service process and planted
/// bugs are decorators of this protocol or of the backends behind it.
public protocol AuthSystem: AnyObject, Sendable {
    /// Registers `email` under the id the population reserved for it.
    func register(id: UserID, email: String, password: String, permissions: PermissionSet) async -> Result<UserID, DenyReason>
    /// Checks email and password: a session, or for users who need one a one-time passcode
    /// (`needsOTP`; then `issueOTP` and `completeLogin`).
    func authenticate(email: String, password: String) async -> Result<LoginStep, DenyReason>
    /// Sends a one-time passcode; it replaces any earlier code of the user.
    func issueOTP(user: UserID) async -> Result<OTPChallenge, DenyReason>
    /// Submits a code on its own (a wrong or replayed one, say).
    func verifyOTP(user: UserID, code: String) async -> OTPVerdict
    /// The second step of a login that needs a code: the verdict on the code, then the session.
    func completeLogin(user: UserID, code: String) async -> OTPLogin
    /// Checks an access token for one permission.
    func validate(_ token: AccessToken, permission: Permission) async -> Result<UserID, DenyReason>
    /// Redeems a refresh token for new tokens; presenting a spent one revokes its session.
    func refresh(_ token: RefreshTokenID) async -> Result<Grant, DenyReason>
    func logout(session: SessionID, user: UserID) async -> Result<Void, DenyReason>
    /// The user changes their own password from `session`; every other session is revoked.
    func changePassword(user: UserID, old: String, new: String, from session: SessionID?) async -> Result<PasswordChange, DenyReason>
    /// A reset from elsewhere: no old password, and every session of the user is revoked.
    func resetPassword(user: UserID, new: String) async -> Result<PasswordChange, DenyReason>
    /// Replaces the user's permissions; returns the new permission version.
    func changePermissions(user: UserID, to permissions: PermissionSet) async -> Result<UInt32, DenyReason>
    /// Logs out every session of the user; returns the sessions it revoked, in issue order.
    func logoutEverywhere(user: UserID) async -> Result<[SessionID], DenyReason>
}

/// What a successful login or refresh hands the client.
public struct Grant: Sendable, Hashable {
    public var user: UserID
    public var session: SessionID
    public var access: AccessToken
    public var refresh: RefreshTokenID

    public init(user: UserID, session: SessionID, access: AccessToken, refresh: RefreshTokenID) {
        self.user = user; self.session = session; self.access = access; self.refresh = refresh
    }
}

/// The outcome of checking a password.
public enum LoginStep: Sendable {
    /// Logged in.
    case granted(Grant)
    /// The password was right; the user must now submit a one-time passcode.
    case needsOTP(UserID)
}

extension Result where Success == LoginStep, Failure == DenyReason {
    /// The session of a login that needed no code; `otpRequired` for one that needs a code.
    public var session: Result<Grant, DenyReason> {
        switch self {
        case .success(.granted(let grant)): return .success(grant)
        case .success(.needsOTP): return .failure(.otpRequired)
        case .failure(let reason): return .failure(reason)
        }
    }
}

/// A code sent to a user (the simulated text message or e-mail).
public struct OTPChallenge: Sendable, Hashable {
    public var user: UserID
    /// Six digits, as the user types them.
    public var code: String
    public var expiresAt: SimInstant
    /// Which issue of a code this is (the message id a client sees), so issues can be told apart.
    public var serial: UInt64

    public init(user: UserID, code: String, expiresAt: SimInstant, serial: UInt64) {
        self.user = user; self.code = code; self.expiresAt = expiresAt; self.serial = serial
    }
}

/// The service's answer to a submitted code.
public struct OTPVerdict: Sendable {
    /// The serial of the code the submission was judged against; 0 when the user had none.
    public var serial: UInt64
    public var result: Result<Void, DenyReason>

    public init(serial: UInt64, result: Result<Void, DenyReason>) { self.serial = serial; self.result = result }

    public var accepted: Bool { if case .success = result { return true } else { return false } }
    /// Why the code was refused; nil when it was accepted.
    public var denial: DenyReason? { if case .failure(let r) = result { return r } else { return nil } }
}

/// The two answers of a login's second step: the code's verdict, then the session.
public struct OTPLogin: Sendable {
    public var verdict: OTPVerdict
    /// The session; the verdict's reason when the code was refused.
    public var grant: Result<Grant, DenyReason>

    public init(verdict: OTPVerdict, grant: Result<Grant, DenyReason>) { self.verdict = verdict; self.grant = grant }

    /// Why the login did not finish; nil when it granted a session.
    public var denial: DenyReason? { if case .failure(let r) = grant { return r } else { return nil } }
}

/// A completed password change or reset.
public struct PasswordChange: Sendable, Hashable {
    /// The session the change kept (the changer's, where the policy keeps it); nil: none.
    public var kept: SessionID?

    public init(kept: SessionID?) { self.kept = kept }
}
