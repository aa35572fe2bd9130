import StampedeKernel
import StampedeModel

/// One request that broke an invariant, with the user's timeline around it.
public struct Violation: Sendable {
    /// The property that was broken.
    public var invariant: Invariant
    /// The user the request was made for.
    public var user: UserID
    /// The session that authorized the request (for `refreshReuse`, the token's session).
    public var session: SessionID
    /// When the offending request started.
    public var requestStart: SimInstant
    /// When the security event that should have prevented it completed, or the timeout
    /// deadline that had passed; for `unknownSession`, the request's own start.
    public var eventEnd: SimInstant
    /// A sentence for a person, naming the times involved.
    public var message: String
    /// The user's latest events up to and including the offending one, oldest first.
    public var witness: [WitnessEntry]
}

/// One event of a user's timeline, as shown in a violation's witness.
public struct WitnessEntry: Sendable, Hashable {
    /// When the request or security event started (for a login, when the session was written).
    public var start: SimInstant
    /// When it completed.
    public var end: SimInstant
    /// What happened, e.g. `login → session 3fa2…`, `validate(write) allowed, session 3fa2…`.
    public var what: String

    /// Creates an entry.
    public init(start: SimInstant, end: SimInstant, what: String) {
        self.start = start; self.end = end; self.what = what
    }
}

/// What was found wrong with one request, with the facts its message needs.
enum Finding {
    case afterLogout(logoutEnd: SimInstant)
    case afterPasswordChange(changeStart: SimInstant, changeEnd: SimInstant, issuedAt: SimInstant)
    /// `held` is what the user held when the request started; `changeEnd` the completion of
    /// the change that set it (nil: the initial permissions).
    case revokedPermission(permission: Permission, held: PermissionSet, changeEnd: SimInstant?)
    case idleTimeout(lastActivity: SimInstant)
    case absoluteTimeout(issuedAt: SimInstant)
    case refreshReuse(token: RefreshTokenID, firstEnd: SimInstant)
    case unknownSession
    case otpReuse(serial: UInt64, firstEnd: SimInstant)
    case otpAfterExpiry(serial: UInt64, expiresAt: SimInstant)
    /// A read after a crash returned what a write completed before it had changed.
    case resurrected(dataClass: DataClass, writeEnd: SimInstant, crashAt: SimInstant)
    /// A login accepted a password that the change over [changeStart, changeEnd] replaced.
    case replacedPassword(changeStart: SimInstant, changeEnd: SimInstant)
    /// `failures` failed checks of one account finished within one `window`, above `bound`.
    case lockoutExceeded(failures: Int, bound: Int, window: SimDuration)

    var invariant: Invariant {
        switch self {
        case .afterLogout: return .afterLogout
        case .afterPasswordChange: return .afterPasswordChange
        case .revokedPermission: return .revokedPermission
        case .idleTimeout: return .idleTimeout
        case .absoluteTimeout: return .absoluteTimeout
        case .refreshReuse: return .refreshReuse
        case .unknownSession: return .unknownSession
        case .otpReuse: return .otpAcceptedTwice
        case .otpAfterExpiry: return .otpAfterExpiry
        case .resurrected: return .resurrected
        case .replacedPassword: return .loginWithReplacedPassword
        case .lockoutExceeded: return .lockoutExceeded
        }
    }
}

/// A finding about one request, before it is counted.
struct Detection {
    var finding: Finding
    var user: UserID
    var session: SessionID
    var start: SimInstant
    var end: SimInstant
    /// The permission asked for (nil: a refresh, or a refresh-token redemption).
    var permission: Permission?
    /// The user's witness at detection time; nil once the report list is full.
    var witness: [WitnessRecord]?

    func eventEnd(_ config: CheckerConfig) -> SimInstant {
        switch finding {
        case .afterLogout(let end): return end
        case .afterPasswordChange(_, let end, _): return end
        case .revokedPermission(_, _, let end): return end ?? .zero
        case .idleTimeout(let last): return last + config.sessions.idleTimeout
        case .absoluteTimeout(let issued): return issued + config.sessions.absoluteTimeout
        case .refreshReuse(_, let firstEnd): return firstEnd
        case .unknownSession: return start
        case .otpReuse(_, let firstEnd): return firstEnd
        case .otpAfterExpiry(_, let expiresAt): return expiresAt
        case .resurrected(_, let writeEnd, _): return writeEnd
        case .replacedPassword(_, let changeEnd): return changeEnd
        case .lockoutExceeded(_, _, let window): return end - window
        }
    }

    func violation(_ config: CheckerConfig) -> Violation {
        Violation(
            invariant: finding.invariant, user: user, session: session,
            requestStart: start, eventEnd: eventEnd(config),
            message: message(config),
            witness: (witness ?? []).map { $0.entry(config) }
        )
    }

    func message(_ config: CheckerConfig) -> String {
        let request = permission.map { "validate(\(config.name(of: $0)))" } ?? "refresh"
        let who = "session \(shortID(session)) of \(user)"
        let asked = "\(who) authorized \(request) for a request that started at \(start)"
        switch finding {
        case .afterLogout(let end):
            return "\(asked), after its logout completed at \(end)"
        case .afterPasswordChange(let c0, let c1, let issued):
            return "\(asked), after a password change (started \(c0), completed \(c1)) revoked it; the session was issued at \(issued)"
        case .revokedPermission(let p, let held, let end):
            let source = end.map { "the permission change that completed at \($0) (binding from \($0 + config.permissionStaleness), staleness bound \(config.permissionStaleness))" }
                ?? "registration"
            return "\(asked), but '\(config.name(of: p))' was not among \(config.describe(held)) set by \(source)"
        case .idleTimeout(let last):
            return "\(asked), idle since \(last): the idle timeout of \(config.sessions.idleTimeout) had passed at \(last + config.sessions.idleTimeout)"
        case .absoluteTimeout(let issued):
            return "\(asked), but it was issued at \(issued): the absolute timeout of \(config.sessions.absoluteTimeout) had passed at \(issued + config.sessions.absoluteTimeout)"
        case .refreshReuse(let token, let firstEnd):
            return "refresh token \(shortID(token)) of \(who) was redeemed again by a request that started at \(start); its first redemption completed at \(firstEnd)"
        case .unknownSession:
            return "\(asked), but the session was never issued or had passed its absolute timeout and been forgotten"
        case .otpReuse(let serial, let firstEnd):
            return "one-time passcode \(shortSerial(serial)) of \(user) was accepted again for a request that started at \(start); it was first accepted at \(firstEnd)"
        case .otpAfterExpiry(let serial, let expiresAt):
            return "one-time passcode \(shortSerial(serial)) of \(user) was accepted for a request that started at \(start), after it expired at \(expiresAt)"
        case .resurrected(let dataClass, let writeEnd, let crashAt):
            let what = dataClass == .sessions ? "session \(shortID(session)) of \(user)" : "\(dataClass.name) data of \(user)"
            return "\(what) came back after the cache crash at \(crashAt): a read that started at \(start) returned the value a write had replaced at \(writeEnd)"
        case .replacedPassword(let c0, let c1):
            return "a login of \(user) that started at \(start) was accepted with the password that a change (started \(c0), completed \(c1)) replaced"
        case .lockoutExceeded(let failures, let bound, let window):
            return "\(failures) failed password checks of \(user) finished between \(end - window) and \(end), more than the lockout's \(bound) per \(window)"
        }
    }
}

/// The first four hex digits of a code's serial and an ellipsis.
func shortSerial(_ serial: UInt64) -> String {
    shortID(Token128(high: serial, low: 0))
}

/// The first four hex digits of an id and an ellipsis, as witnesses show it.
func shortID(_ id: Token128) -> String {
    String(id.description.prefix(4)) + "…"
}
