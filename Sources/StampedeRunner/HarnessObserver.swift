import StampedeChecker
import StampedeKernel
import StampedeMetrics
import StampedeModel
import Synchronization

/// Feeds what the system reports to the checker (history) and to the metrics.
final class HarnessObserver: SystemProbe, HistorySink {
    let metrics: RunMetrics
    let resilience: ResilienceMetrics
    let checker: Mutex<Checker>
    let sessionsIssued = Atomic<Int>(0)

    init(metrics: RunMetrics, checker: sending Checker, resilience: ResilienceMetrics) {
        self.metrics = metrics
        self.resilience = resilience
        self.checker = Mutex(checker)
    }

    func record(_ event: HistoryEvent) {
        if case .sessionIssued = event { sessionsIssued.add(1, ordering: .relaxed) }
        checker.withLock { $0.observe(event) }
    }

    func observe(_ event: ProbeEvent) {
        record(HistoryEvent(event))
    }

    func backendCall(_ call: BackendCall, wait: SimDuration, service: SimDuration, failed: Bool, at: SimInstant) {
        metrics.recordBackend(call, wait: wait, service: service, failed: failed, at: at)
    }

    func cacheLookup(hit: Bool, at: SimInstant) {
        metrics.recordCacheLookup(hit: hit, at: at)
    }

    func cacheFallback(at: SimInstant) {
        metrics.recordCacheFallback(at: at)
        resilience.record(.fallback, source: .cache, at: at)
    }
}
