import StampedeKernel

/// Where a resilience signal comes from: a guarded backend or the service itself.
public enum ResilienceSource: Int, CaseIterable, Sendable, Hashable {
    case cache, store, service

    public var name: String {
        switch self {
        case .cache: return "cache"
        case .store: return "store"
        case .service: return "service"
        }
    }
}

/// Something a resilience policy or a fallback did, counted and shown on the timeline.
public enum ResilienceSignal: Int, CaseIterable, Sendable, Hashable {
    /// A call gave up at its client timeout.
    case timeout
    /// A failed call was tried again.
    case retry
    /// The circuit breaker refused a call without trying it.
    case shortCircuit
    case breakerOpened
    case breakerHalfOpened
    case breakerClosed
    /// The service refused a request because its CPU queue was over the limit.
    case shed
    /// A read the store answered because the cache could not.
    case fallback
    /// A lockout decision the per-instance limiter made because the counter cache could not.
    case localLimiter

    public var name: String {
        switch self {
        case .timeout: return "timeouts"
        case .retry: return "retries"
        case .shortCircuit: return "short_circuited"
        case .breakerOpened: return "breaker_opened"
        case .breakerHalfOpened: return "breaker_half_opened"
        case .breakerClosed: return "breaker_closed"
        case .shed: return "shed"
        case .fallback: return "fallbacks"
        case .localLimiter: return "local_limiter"
        }
    }
}

/// Receives resilience signals: the policies guarding a backend talk to this alone, and every
/// `SystemProbe` hears them too.
public protocol ResilienceObserver: AnyObject, Sendable {
    func resilience(_ signal: ResilienceSignal, source: ResilienceSource, at: SimInstant)
}
