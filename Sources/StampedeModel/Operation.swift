/// The auth operations a client performs; each has its own latency histogram. The names
/// and their order are the result vocabulary's (`OperationKind`).
public typealias Operation = OperationKind

/// Why a request was refused.
public enum DenyReason: Int, CaseIterable, Sendable, Codable, Hashable, Error {
    case invalidEmail, weakPassword, emailTaken
    case invalidCredentials, lockedOut
    case badSignature, tokenExpired
    case sessionUnknown, sessionRevoked, idleTimeout, absoluteTimeout
    case permissionDenied
    case refreshUnknown, refreshReused
    /// The backends could not answer, so the request was refused (fail closed).
    case unavailable
    /// The service shed the request because its CPU queue was over the limit.
    case overloaded
    /// The password was right but the account needs a one-time passcode to finish logging in.
    case otpRequired
    /// No code was issued, or the submitted one does not match.
    case otpInvalid
    case otpExpired
    /// The code was already accepted once.
    case otpUsed
    /// Too many wrong submissions: the code no longer works.
    case otpAttemptsExhausted

    public var name: String {
        switch self {
        case .invalidEmail: return "invalid_email"
        case .weakPassword: return "weak_password"
        case .emailTaken: return "email_taken"
        case .invalidCredentials: return "invalid_credentials"
        case .lockedOut: return "locked_out"
        case .badSignature: return "bad_signature"
        case .tokenExpired: return "token_expired"
        case .sessionUnknown: return "session_unknown"
        case .sessionRevoked: return "session_revoked"
        case .idleTimeout: return "idle_timeout"
        case .absoluteTimeout: return "absolute_timeout"
        case .permissionDenied: return "permission_denied"
        case .refreshUnknown: return "refresh_unknown"
        case .refreshReused: return "refresh_reused"
        case .unavailable: return "unavailable"
        case .overloaded: return "overloaded"
        case .otpRequired: return "otp_required"
        case .otpInvalid: return "otp_invalid"
        case .otpExpired: return "otp_expired"
        case .otpUsed: return "otp_used"
        case .otpAttemptsExhausted: return "otp_attempts_exhausted"
        }
    }

    /// A denial that is the system's failure rather than the caller's: counts as an error.
    public var isError: Bool { self == .unavailable || self == .overloaded }
}

/// Errors a backend call can raise.
public enum BackendError: Error, Sendable, Hashable {
    /// The backend refused or could not be reached (fails fast).
    case unavailable
    /// The cache is full and its policy refuses writes.
    case outOfMemory
    /// The client gave up waiting; the call may still take effect (unknown outcome).
    case timeout
}
