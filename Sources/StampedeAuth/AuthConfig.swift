import StampedeFaults
import StampedeCache
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
    public var realHashIterations = 16
    /// Shed a request (deny it as `overloaded`) when more than this many wait for a core; nil never sheds.
    public var shedQueueLimit: Int?
    public init() {}
}

/// One-time passcode policy.
public struct OTPConfig: Sendable, Hashable {
    /// How long a code stays valid (NIST SP 800-63B allows up to 10 minutes for out-of-band codes).
    public var lifetime: SimDuration = .minutes(5)
    /// Wrong submissions after which a code stops working.
    public var maxAttempts = 5
    /// Share of users whose login needs a code, chosen per user by `seed`.
    public var requiredFraction = 0.0
    public var seed: UInt64 = 0

    public init() {}

    /// Whether `user`'s login needs a code: a fixed, seeded choice per user.
    public func isRequired(for user: UserID) -> Bool {
        guard requiredFraction > 0 else { return false }
        var sm = SplitMix64(seed: seed ^ (UInt64(UInt32(bitPattern: user.rawValue)) &* 0x9E37_79B9_7F4A_7C15))
        return Double(sm.next() >> 11) * 0x1.0p-53 < requiredFraction
    }
}
