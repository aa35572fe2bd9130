import Histogram
import StampedeKernel
import StampedeModel
import Synchronization

/// Everything measured during one run: per-operation and per-backend latency distributions,
/// outcome counters, cache effectiveness and a per-window time series.
///
/// Thread-safe; each `record…` call takes one lock and allocates nothing (except when a
/// window closes). Memory grows with the number of windows, not with requests. Call
/// `finish(at:)` once at the end of the run, then `report()`.
public final class RunMetrics: Sendable {
    private let state: Mutex<MetricsState>
    /// Whole-phase distributions for phase-scoped SLOs; nil when no phase is tracked.
    public let phases: PhaseMetrics?

    /// Creates empty metrics whose time series uses windows `window` wide, also keeping
    /// exact distributions for each of `phases`.
    ///
    /// - Precondition: `window` is positive.
    public init(window: SimDuration, phases: [MetricPhase] = []) {
        state = Mutex(MetricsState(window: window))
        self.phases = phases.isEmpty ? nil : PhaseMetrics(phases: phases)
    }

    /// Records one completed operation; `end` decides its window.
    public func recordOperation(_ op: Operation, start: SimInstant, end: SimInstant, outcome: Outcome) {
        let us = LatencyScale.microseconds(end - start)
        let slot = outcome.slot
        let isError = outcome.isError
        state.withLock { $0.operation(op, microseconds: us, slot: slot, isError: isError, at: end) }
        phases?.recordOperation(op, microseconds: us, isError: isError, isDenied: slot >= 2 && !isError, at: end)
    }

    /// Records one backend call that completed at `at`; its latency is `wait + service`.
    public func recordBackend(_ call: BackendCall, wait: SimDuration, service: SimDuration, failed: Bool, at: SimInstant) {
        let total = LatencyScale.microseconds(wait + service)
        let waitUS = LatencyScale.microseconds(wait)
        let serviceUS = LatencyScale.microseconds(service)
        state.withLock { $0.backend(call, total: total, wait: waitUS, service: serviceUS, failed: failed, at: at) }
        phases?.recordBackend(call, microseconds: total, failed: failed, at: at)
    }

    /// Records a cache read that found (hit) or did not find (miss) its key.
    public func recordCacheLookup(hit: Bool, at: SimInstant) {
        state.withLock { $0.cacheLookup(hit: hit, at: at) }
        phases?.recordCacheLookup(hit: hit, at: at)
    }

    /// Records a read that the store answered because the cache failed.
    public func recordCacheFallback(at: SimInstant) {
        state.withLock { $0.cacheFallbacks += 1 }
    }

    /// Closes every window that begins before `end`, so the series runs from 0 to `end`
    /// (further if something was recorded later). Records after this open new windows.
    public func finish(at end: SimInstant) {
        state.withLock { $0.window.finish(at: end) }
    }

    /// Everything measured so far, in a deterministic order; the series holds closed windows only.
    public func report() -> MetricsReport {
        let copy = state.withLock { $0 }
        return copy.report()
    }

    /// Memory held by all histograms, which must not grow with requests (for memory tests).
    package var histogramFootprintInBytes: Int {
        state.withLock { $0.histogramFootprintInBytes }
    }
}
