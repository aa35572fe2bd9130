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
