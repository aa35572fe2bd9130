import StampedeKernel

/// Where a resilience signal comes from; the names are the result vocabulary's.
public typealias ResilienceSource = ResilienceSourceKind

/// Something a resilience policy or a fallback did; the names are the result vocabulary's.
public typealias ResilienceSignal = ResilienceSignalKind

/// Receives resilience signals: the policies guarding a backend talk to this alone, and every
/// `SystemProbe` hears them too.
public protocol ResilienceObserver: AnyObject, Sendable {
    func resilience(_ signal: ResilienceSignal, source: ResilienceSource, at: SimInstant)
}
