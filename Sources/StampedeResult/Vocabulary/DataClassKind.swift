/// The kinds of auth data the service caches, each with its own caching policy.
///
/// The declaration order is the order reports list them in.
public enum DataClassKind: Int, ResultVocabulary {
    /// User profiles and credentials (the record a login reads by email: password hash included).
    case profiles
    /// Sessions: refresh-token family, last-seen time, revocation.
    case sessions
    /// Permission sets and their versions.
    case permissions
    /// One-time passcodes.
    case otp
    /// Rate-limit and lockout counters (failed logins per account).
    case counters

    /// The name used in scenario files, metrics (`cache.sessions.hit_ratio`), `result.json`
    /// and reports.
    public var name: String {
        switch self {
        case .profiles: return "profiles"
        case .sessions: return "sessions"
        case .permissions: return "permissions"
        case .otp: return "otp"
        case .counters: return "counters"
        }
    }
}
