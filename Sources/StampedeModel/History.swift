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
