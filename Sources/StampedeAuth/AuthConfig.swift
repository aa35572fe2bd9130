import StampedeCache
import StampedeFaults
import StampedeKernel
import StampedeModel

/// The service's security and caching policy.
public struct AuthConfig: Sendable {
    /// Token and session lifetimes (defined once in StampedeModel, shared with the checker).
    public var sessions = SessionPolicy()
    public var lockout = LockoutPolicy()
    /// The caching strategy, TTL and outage behaviour of each data class.
    public var caching = CachingPolicy()
    /// One-time passcodes.
    public var otp = OTPConfig()
    /// PBKDF2 iterations really computed.
    public var realHashIterations = AuthConfig.defaultRealHashIterations
    /// Shed a request (deny it as `overloaded`) when more than this many wait for a core; nil never sheds.
    public var shedQueueLimit: Int?
    public init() {}

    /// The smallest real PBKDF2 work that still makes a wrong password fail: one round (an
    /// HMAC-SHA256 keyed by the password). The production cost is modeled (`hashCost`).
    public static let defaultRealHashIterations = 1
}
