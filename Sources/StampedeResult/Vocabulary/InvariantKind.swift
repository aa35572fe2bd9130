/// A security property the checker enforces.
///
/// The raw value is the stable name used in reports, JUnit test cases and `result.json`.
public enum InvariantKind: String, CaseIterable, Codable, CodingKeyRepresentable, Sendable, Hashable {
    case afterLogout = "authorized_after_logout"
    case afterPasswordChange = "authorized_after_password_change"
    case revokedPermission = "authorized_revoked_permission"
    case idleTimeout = "authorized_after_idle_timeout"
    case absoluteTimeout = "authorized_after_absolute_timeout"
    case refreshReuse = "refresh_token_redeemed_twice"
    case unknownSession = "authorized_unknown_session"
    case otpAcceptedTwice = "otp_accepted_twice"
    case otpAfterExpiry = "otp_accepted_after_expiry"
    case resurrected = "resurrected_after_recovery"
    case loginWithReplacedPassword = "login_with_replaced_password"
    case lockoutExceeded = "lockout_exceeded"

    /// The property in one sentence, for a report or a JUnit test case.
    public var statement: String {
        switch self {
        case .afterLogout:
            return "No request that starts after a logout completes is authorized with the logged-out session."
        case .afterPasswordChange:
            return "No session issued before a password change authorizes a request that starts after the change completes."
        case .revokedPermission:
            return "A request is judged on the permissions in force when it starts, up to the declared staleness bound."
        case .idleTimeout:
            return "No request is authorized after the session's idle timeout."
        case .absoluteTimeout:
            return "No request is authorized after the session's absolute timeout."
        case .refreshReuse:
            return "A refresh token is redeemed at most once."
        case .unknownSession:
            return "Only sessions that were issued (and have not expired) authorize requests."
        case .otpAcceptedTwice:
            return "A one-time passcode is accepted at most once."
        case .otpAfterExpiry:
            return "A one-time passcode is never accepted for a request that starts after it expires."
        case .resurrected:
            return "After a cache crash and recovery, nothing a completed security event removed comes back."
        case .loginWithReplacedPassword:
            return "No login that starts after a password change or reset completes succeeds with the password it replaced."
        case .lockoutExceeded:
            return "At most the lockout's limit of failed password checks per account get through in any window, also while the counter cache is down."
        }
    }
}
