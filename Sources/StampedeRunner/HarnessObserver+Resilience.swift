import StampedeKernel
import StampedeModel

/// Resilience signals (timeouts, retries, breaker transitions, shedding, fallbacks) go to
/// their own counters and per-window series.
extension HarnessObserver: ResilienceObserver {
    func resilience(_ signal: ResilienceSignal, source: ResilienceSource, at: SimInstant) {
        resilience.record(signal, source: source, at: at)
    }
}
