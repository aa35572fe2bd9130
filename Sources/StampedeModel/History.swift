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
    /// A password change; every session but `kept` is revoked by `end`.
    case passwordChanged(user: UserID, kept: SessionID?, start: SimInstant, end: SimInstant)
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

/// Receives everything the system reports: history for the checker, backend calls and
/// cache lookups for metrics. The harness implements it; the system never imports the harness.
public protocol AuthObserver: AnyObject, Sendable {
    func record(_ event: HistoryEvent)
    func backendCall(_ call: BackendCall, wait: SimDuration, service: SimDuration, failed: Bool, at: SimInstant)
    func cacheLookup(hit: Bool, at: SimInstant)
    /// A read that the store answered because the cache failed.
    func cacheFallback(at: SimInstant)
}
