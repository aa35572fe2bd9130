import StampedeKernel
import StampedeModel
import Synchronization

/// Counts of resilience signals — timeouts, retries, short-circuited calls, breaker
/// transitions, shed requests, fallbacks — in total per source, per time window, and a
/// log of breaker transitions for the timeline.
///
/// Thread-safe; recording allocates only when a new window opens or a transition is logged.
public final class ResilienceMetrics: Sendable {
    /// The most breaker transitions kept in the log (all are counted).
    public static let maxLoggedTransitions = 1_000

    struct State {
        let width: Int64
        /// `source.rawValue * signals + signal.rawValue`.
        var totals = [Int](repeating: 0, count: ResilienceSource.allCases.count * ResilienceSignal.allCases.count)
        /// Per window, per source and signal: `window * columns + source.rawValue * signals + signal.rawValue`.
        var windows: [Int32] = []
        var transitions: [ResilienceReport.Transition] = []
    }

    private let state: Mutex<State>

    /// - Precondition: `window` is positive.
    public init(window: SimDuration) {
        precondition(window.nanoseconds > 0, "window width must be positive")
        state = Mutex(State(width: window.nanoseconds))
    }

    /// Records one signal from `source` at `at`.
    public func record(_ signal: ResilienceSignal, source: ResilienceSource, at: SimInstant) {
        let column = source.rawValue * ResilienceSignal.allCases.count + signal.rawValue
        let columns = Self.columns
        state.withLock { s in
            s.totals[column] += 1
            let w = at.nanoseconds <= 0 ? 0 : Int(at.nanoseconds / s.width)
            let needed = (w + 1) * columns
            if s.windows.count < needed { s.windows.append(contentsOf: repeatElement(0, count: needed - s.windows.count)) }
            s.windows[w * columns + column] &+= 1
            switch signal {
            case .breakerOpened, .breakerHalfOpened, .breakerClosed:
                if s.transitions.count < Self.maxLoggedTransitions {
                    s.transitions.append(.init(at: at, source: source, signal: signal))
                }
            default: break
            }
        }
    }

    static let columns = ResilienceSource.allCases.count * ResilienceSignal.allCases.count

    /// Everything counted, with series `windowCount` windows long (padded with zeros).
    public func report(windowCount: Int) -> ResilienceReport {
        let copy = state.withLock { $0 }
        let signals = ResilienceSignal.allCases.count
        let columns = Self.columns
        var totals: [ResilienceReport.Total] = []
        for source in ResilienceSource.allCases {
            for signal in ResilienceSignal.allCases {
                let n = copy.totals[source.rawValue * signals + signal.rawValue]
                if n > 0 { totals.append(.init(source: source, signal: signal, count: n)) }
            }
        }
        let recorded = copy.windows.count / columns
        let series = (0..<columns).map { column in
            (0..<max(windowCount, recorded)).map { w in w < recorded ? Int(copy.windows[w * columns + column]) : 0 }
        }
        return ResilienceReport(totals: totals, series: series, transitions: copy.transitions)
    }
}

/// What `ResilienceMetrics` counted.
public struct ResilienceReport: Sendable {
    public struct Total: Sendable, Hashable {
        public var source: ResilienceSource
        public var signal: ResilienceSignal
        public var count: Int
    }

    public struct Transition: Sendable, Hashable {
        public var at: SimInstant
        public var source: ResilienceSource
        /// `breakerOpened`, `breakerHalfOpened` or `breakerClosed`.
        public var signal: ResilienceSignal
    }

    /// Nonzero counts, by source then signal.
    public var totals: [Total]
    /// One count per window for each (source, signal): see `series(_:source:)`.
    var series: [[Int]]
    /// Breaker transitions in time order (the first `maxLoggedTransitions`).
    public var transitions: [Transition]

    /// The per-window counts of `signal` from `source`.
    public func series(_ signal: ResilienceSignal, source: ResilienceSource) -> [Int] {
        series[source.rawValue * ResilienceSignal.allCases.count + signal.rawValue]
    }

    /// The total of `signal` from `source` (all sources when nil).
    public func count(_ signal: ResilienceSignal, source: ResilienceSource? = nil) -> Int {
        totals.filter { $0.signal == signal && (source == nil || $0.source == source) }.reduce(0) { $0 + $1.count }
    }
}
