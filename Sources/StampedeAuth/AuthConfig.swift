import StampedeFaults
import StampedeKernel

/// The service's security and caching policy.
public struct AuthConfig: Sendable {
    public var accessTokenTTL: SimDuration = .minutes(15)
    public var idleTimeout: SimDuration = .minutes(30)
    public var absoluteTimeout: SimDuration = .seconds(12 * 3600)
    /// A session's last-seen time is written at most this often.
    public var touchInterval: SimDuration = .minutes(1)
    /// Whether a password change keeps the session that made it.
    public var keepChangerSession = true
    public var lockoutMaxFailures = 10
    public var lockoutWindow: SimDuration = .minutes(15)
    /// TTL of cached user records and permission sets (cache-aside).
    public var userTTL: SimDuration = .minutes(10)
    public var permissionTTL: SimDuration = .minutes(5)
    /// PBKDF2 iterations really computed.
    public var realHashIterations = 16
    /// Shed a request (deny it as `overloaded`) when more than this many wait for a core; nil never sheds.
    public var shedQueueLimit: Int?
    /// When the process is down and how much its CPU work costs (chaos faults).
    public var serviceFaults = ServiceFaultPlan()

    /// Test-only fault: logout leaves the session in the cache. The checker must catch it.
    package var skipLogoutCacheInvalidation = false

    public init() {}
}
