import StampedeFaults
import StampedeKernel

/// `system.resilience`: the policies between the service and its backends, and load
/// shedding. Every policy is off unless configured, so a scenario without this block runs
/// the bare system; a configured policy's unset parameters take the documented defaults.
public struct ResilienceSpec: Sendable {
    public var cache = BackendResilienceSpec()
    public var store = BackendResilienceSpec()
    /// Shed requests while more than this many wait for a service core; nil never sheds.
    public var shedQueueLimit: Int?

    public init() {}

    /// The policies guarding `backend`.
    public subscript(_ backend: BackendRole) -> BackendResilienceSpec {
        get { backend == .cache ? cache : store }
        set { if backend == .cache { cache = newValue } else { store = newValue } }
    }

    /// The breaker defaults for a backend: resilience4j's, with a slow-call duration that
    /// suits it (a cache call of 50 ms is slow; a store call of 1 s is).
    public static func defaultBreaker(for backend: BackendRole) -> BreakerConfig {
        var config = BreakerConfig()
        config.slowCallDuration = backend == .cache ? .milliseconds(50) : .seconds(1)
        return config
    }
}

/// The policies guarding one backend.
public struct BackendResilienceSpec: Sendable {
    /// A call that has not completed this long after it started fails as timed out.
    public var timeout: SimDuration?
    public var retry: RetryPolicy?
    public var breaker: BreakerConfig?

    public init() {}

    /// As the fault layer applies it.
    public var policy: ResiliencePolicy { ResiliencePolicy(timeout: timeout, retry: retry, breaker: breaker) }
}
