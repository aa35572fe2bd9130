import StampedeKernel

/// Where a resilience signal comes from; the names are the result vocabulary's.
public typealias ResilienceSource = ResilienceSourceKind

/// Something a resilience policy or a fallback did; the names are the result vocabulary's.
public typealias ResilienceSignal = ResilienceSignalKind

/// Receives resilience signals. The harness implements it next to `AuthObserver`; the
/// service and the policies find it by casting their observer, so a plain `AuthObserver`
/// simply does not hear them.
public protocol ResilienceObserver: AnyObject, Sendable {
    func resilience(_ signal: ResilienceSignal, source: ResilienceSource, at: SimInstant)
}
