import StampedeKernel

/// How long sessions and tokens live, defined once: the service enforces it, the checker
/// judges the history against it, and a scenario's `system.sessions` is one of these.
///
/// The defaults follow OWASP ASVS and NIST SP 800-63B: idle 30 min, absolute 12 h, an access
/// token of 15 min.
public struct SessionPolicy: Sendable, Hashable {
    public var accessTokenTTL: SimDuration
    public var idleTimeout: SimDuration
    public var absoluteTimeout: SimDuration
    /// A session's last-seen time is written at most this often.
    public var touchInterval: SimDuration
    /// Whether a password change keeps the session that made it.
    public var keepChangerSession: Bool

    public init(accessTokenTTL: SimDuration = .minutes(15), idleTimeout: SimDuration = .minutes(30),
                absoluteTimeout: SimDuration = .seconds(12 * 3600), touchInterval: SimDuration = .minutes(1),
                keepChangerSession: Bool = true) {
        self.accessTokenTTL = accessTokenTTL; self.idleTimeout = idleTimeout; self.absoluteTimeout = absoluteTimeout
        self.touchInterval = touchInterval; self.keepChangerSession = keepChangerSession
    }
}

/// How many failed password checks an account may have per window, defined once for the
/// service and the scenario (`system.lockout`); ASVS allows at most 100, the default is 10.
public struct LockoutPolicy: Sendable, Hashable {
    public var maxFailures: Int
    public var window: SimDuration

    public init(maxFailures: Int = 10, window: SimDuration = .minutes(15)) {
        self.maxFailures = maxFailures; self.window = window
    }
}

/// One-time passcode policy, defined once for the service and the scenario (`system.otp`;
/// the composition root sets `seed` from the run's seed tree).
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
