import StampedeKernel

/// One entry of the history stream: what the service did, with the times a client saw.
///
/// Events are emitted when an operation completes, so the stream is ordered by completion
/// time; `start` is when the request was issued. The checker judges requests by `start`
/// against security events by completion (`end`).
public enum HistoryEvent: Sendable {
    /// A login created a session at `at` (the time the session record was written).
    case sessionIssued(user: UserID, session: SessionID, at: SimInstant)
    /// A validation or refresh decision.
    case authorization(Authorization)
    /// A refresh token was redeemed successfully, rotating to a new one.
    case refreshRedeemed(user: UserID, session: SessionID, token: RefreshTokenID, start: SimInstant, end: SimInstant)
    case logout(user: UserID, session: SessionID, start: SimInstant, end: SimInstant)
    /// A password change; every session but `kept` is revoked by `end`, and from `end` on
    /// only `password.new` logs the user in.
    case passwordChanged(user: UserID, kept: SessionID?, start: SimInstant, end: SimInstant,
                         password: PasswordReplacement? = nil)
    /// The user's permissions became `permissions` at `end`.
    case permissionsChanged(user: UserID, permissions: PermissionSet, start: SimInstant, end: SimInstant)
    /// A read of cached data returned a value (emitted when the read completes).
    case dataRead(DataAccess)
    /// A write of cached data completed: from `end` on, reads should see at least `version`.
    case dataWrite(DataAccess)
    /// A one-time passcode was issued (and replaced any earlier one of the user).
    case otpIssued(user: UserID, serial: UInt64, expiresAt: SimInstant, at: SimInstant)
    /// A one-time passcode was submitted.
    case otpVerified(OTPVerification)
    /// The cache process crashed: what it had not made durable is gone.
    case cacheCrashed(at: SimInstant)
    /// The cache finished recovering (from snapshot and log) and serves again.
    case cacheRecovered(at: SimInstant)
    /// A login checked a password of a known account.
    case passwordChecked(PasswordCheck)
    /// The service process restarted: what it held only in memory (its lockout counts) is gone.
    case serviceRestarted(at: SimInstant)
}

/// A password as history names it: a 64-bit FNV-1a digest of its text, so that the
/// checker can tell passwords apart without holding them.
public struct PasswordFingerprint: Sendable, Hashable {
    public var rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public init(_ password: String) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in password.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        rawValue = h
    }
}

/// What a password change or reset replaced, as the client knew it.
public struct PasswordReplacement: Sendable, Hashable {
    /// The password in force before (nil: the client did not know it).
    public var old: PasswordFingerprint?
    public var new: PasswordFingerprint

    public init(old: PasswordFingerprint?, new: PasswordFingerprint) { self.old = old; self.new = new }
}

/// A login's password check as the client saw it.
public struct PasswordCheck: Sendable {
    public var user: UserID
    /// The password presented.
    public var password: PasswordFingerprint
    public var start: SimInstant
    public var end: SimInstant
    /// Nil: the password was accepted (a session or a code challenge followed).
    /// `.invalidCredentials`: it was checked and refused, a failed check. Anything else
    /// (`lockedOut`, `unavailable`, `overloaded`): refused without a verdict on the password.
    public var denial: DenyReason?

    public init(user: UserID, password: PasswordFingerprint, start: SimInstant, end: SimInstant, denial: DenyReason?) {
        self.user = user; self.password = password; self.start = start; self.end = end; self.denial = denial
    }

    /// Whether the service checked the password and found it wrong.
    public var failed: Bool { denial == .invalidCredentials }
}

/// One authorization decision by `validate` (or `refresh`, with no permission).
public struct Authorization: Sendable {
    public var user: UserID
    public var session: SessionID
    /// The permission asked for; nil for a refresh.
    public var permission: Permission?
    public var start: SimInstant
    public var end: SimInstant
    public var allowed: Bool
    public var reason: DenyReason?

    public init(user: UserID, session: SessionID, permission: Permission?, start: SimInstant, end: SimInstant, allowed: Bool, reason: DenyReason?) {
        self.user = user; self.session = session; self.permission = permission
        self.start = start; self.end = end; self.allowed = allowed; self.reason = reason
    }
}

/// The backend calls that are measured; the names are the result vocabulary's (`BackendCallKind`).
public typealias BackendCall = BackendCallKind

/// What only the inside of the system can tell the harness: white-box observations that a
/// client at the `AuthSystem` boundary cannot see.
public enum ProbeEvent: Sendable {
    /// A read of cached data returned a value (emitted when the read completes).
    case dataRead(DataAccess)
    /// A write of cached data completed: from `end` on, reads should see at least `version`.
    case dataWrite(DataAccess)
    /// The cache process crashed: what it had not made durable is gone.
    case cacheCrashed(at: SimInstant)
    /// The cache finished recovering (from snapshot and log) and serves again.
    case cacheRecovered(at: SimInstant)
}

extension HistoryEvent {
    /// The history entry a probe observation stands for.
    public init(_ event: ProbeEvent) {
        switch event {
        case .dataRead(let a): self = .dataRead(a)
        case .dataWrite(let a): self = .dataWrite(a)
        case .cacheCrashed(let at): self = .cacheCrashed(at: at)
        case .cacheRecovered(let at): self = .cacheRecovered(at: at)
        }
    }
}

/// The optional channel from the inside of the system to the harness: cached reads and
/// writes (for stale-read judgement), backend calls and cache lookups (for metrics), cache
/// crashes, and resilience signals. Decisions and security events are not reported here:
/// the harness records those at the `AuthSystem` boundary, as a client sees them.
public protocol SystemProbe: ResilienceObserver {
    func observe(_ event: ProbeEvent)
    func backendCall(_ call: BackendCall, wait: SimDuration, service: SimDuration, failed: Bool, at: SimInstant)
    func cacheLookup(hit: Bool, at: SimInstant)
    /// A read that the store answered because the cache failed.
    func cacheFallback(at: SimInstant)
}
