import StampedeAnalysis
import StampedeKernel
import StampedeMetrics
import StampedeResult
import Synchronization

/// How late a wall-clock run's arrival generator started each journey against its schedule:
/// a histogram over the run and the latest start per timeline window.
final class GeneratorLag: Sendable {
    /// The p99 lag a wall-clock run is judged by unless the scenario states its own SLO on
    /// `generator.lag_p99`: beyond it the load offered was lighter than the scenario asks.
    static let defaultBound: SimDuration = .milliseconds(5)

    private let lags = LatencyRecorder()
    private let window: SimDuration
    private let windowMax: Mutex<[Int64]>

    init(window: SimDuration, duration: SimDuration) {
        self.window = window
        let count = Int(max(1, (duration.nanoseconds + window.nanoseconds - 1) / max(1, window.nanoseconds)))
        windowMax = Mutex(Array(repeating: 0, count: count))
    }

    /// One journey meant to start at `intended` and started `lag` later.
    func record(_ lag: SimDuration, intended: SimInstant) {
        let lag = SimDuration.nanoseconds(max(0, lag.nanoseconds))
        lags.record(lag)
        let i = Int(intended.nanoseconds / max(1, window.nanoseconds))
        windowMax.withLock { w in
            if w.indices.contains(i), lag.nanoseconds > w[i] { w[i] = lag.nanoseconds }
        }
    }

    /// The latest any journey started (exact, unlike the histogram's maximum).
    var latest: SimDuration { .nanoseconds(windowMax.withLock { $0.max() ?? 0 }) }

    /// What the generator did, judged by `bound` (an SLO on `generator.lag_p99`).
    func report(bound: SLOSpec, windows: Int, summary: (LatencySnapshot) -> LatencySummary) -> GeneratorReport {
        let s = lags.snapshot()
        // Arrivals stop at the scenario's end; the journeys still running make later windows.
        let perWindow = windowMax.withLock { w in
            (0..<windows).map { i in i < w.count ? (Double(w[i]) / 1e3).rounded() / 1e3 : 0 }
        }
        let lag = summary(s)
        return GeneratorReport(arrivals: s.count, lagMs: lag, windowMaxMs: perWindow, boundMs: bound.threshold,
                               behind: !bound.comparator.holds(lag.p99, bound.threshold))
    }
}
