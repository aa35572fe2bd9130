/// The kinds of auth data the service caches, each with its own caching policy; the names
/// and their order are the result vocabulary's (`DataClassKind`).
///
/// Architects choose a strategy per class (see `StampedeCache/Strategies`); results,
/// evictions and stale reads are reported per class.
public typealias DataClass = DataClassKind

extension DataClassKind {
    /// What losing an unflushed write of this class means, for the write-behind warning.
    public var lossHazard: String {
        switch self {
        case .profiles: return "a password change (the old hash comes back)"
        case .sessions: return "a revocation (a logged-out session comes back)"
        case .permissions: return "a permission change (a revoked permission comes back)"
        case .otp: return "an OTP consumption (a used code is accepted again)"
        case .counters: return "failed-login counts (lockout lets more guesses through)"
        }
    }

    /// Whether a stale read of this class can let a request through that should be refused.
    public var authorizes: Bool { self == .sessions || self == .permissions || self == .otp }
}
