import Histogram
import StampedeKernel
import StampedeModel
import Synchronization

/// A stretch of the run that SLOs can be scoped to — `during(cache-outage)`,
/// `before(…)`, `after(…)` — as the union of its windows.
public struct MetricPhase: Sendable, Hashable {
    /// How SLOs name it, e.g. `during(cache-outage)`.
    public var label: String
    public var windows: [RecurringWindow]

    public init(label: String, windows: [RecurringWindow]) {
        self.label = label
        self.windows = windows
    }

    @inline(__always) func contains(_ t: SimInstant) -> Bool {
        for w in windows where w.contains(t) { return true }
        return false
    }

    /// Simulated time the phase covers up to `end`.
    public func covered(until end: SimInstant) -> SimDuration {
        var total: Int64 = 0
        for w in windows {
            for o in w.occurrences() where o.start < end { total += (min(o.end, end) - o.start).nanoseconds }
        }
        return SimDuration(nanoseconds: total)
    }
}

/// Exact whole-phase distributions: for each phase, what `RunMetrics` keeps for the whole
/// run — operation latencies (three significant digits) and outcomes, backend latencies
/// (two) and errors, cache lookups — for the requests that completed inside it.
///
/// Per-window series cannot give a phase's p99 (percentiles do not add up); one extra
/// histogram per (phase, operation) can, cheaply.
public final class PhaseMetrics: Sendable {
    public let phases: [MetricPhase]
    private let state: Mutex<[PhaseState]>

    struct PhaseState {
        var opLatency = Operation.allCases.map { _ in LatencyScale.histogram() }
        var opCount = [Int](repeating: 0, count: Operation.allCases.count)
        var opErrors = [Int](repeating: 0, count: Operation.allCases.count)
        var opDenied = [Int](repeating: 0, count: Operation.allCases.count)
        var backendLatency = BackendCall.allCases.map { _ in LatencyScale.windowHistogram() }
        var backendCount = [Int](repeating: 0, count: BackendCall.allCases.count)
        var backendErrors = [Int](repeating: 0, count: BackendCall.allCases.count)
        var hits = 0
        var misses = 0
    }

    public init(phases: [MetricPhase]) {
        self.phases = phases
        state = Mutex(phases.map { _ in PhaseState() })
    }

    /// Whether any phase holds `t`; the phases never change, so this needs no lock, and
    /// records outside every phase (most of a run) cost one check.
    @inline(__always) private func covers(_ t: SimInstant) -> Bool {
        for p in phases where p.contains(t) { return true }
        return false
    }

    func recordOperation(_ op: Operation, microseconds us: UInt64, isError: Bool, isDenied: Bool, at end: SimInstant) {
        guard covers(end) else { return }
        state.withLock { states in
            for i in phases.indices where phases[i].contains(end) {
                _ = states[i].opLatency[op.rawValue].record(us)
                states[i].opCount[op.rawValue] += 1
                if isError { states[i].opErrors[op.rawValue] += 1 } else if isDenied { states[i].opDenied[op.rawValue] += 1 }
            }
        }
    }

    func recordBackend(_ call: BackendCall, microseconds us: UInt64, failed: Bool, at t: SimInstant) {
        guard covers(t) else { return }
        state.withLock { states in
            for i in phases.indices where phases[i].contains(t) {
                _ = states[i].backendLatency[call.rawValue].record(us)
                states[i].backendCount[call.rawValue] += 1
                if failed { states[i].backendErrors[call.rawValue] += 1 }
            }
        }
    }

    func recordCacheLookup(hit: Bool, at t: SimInstant) {
        guard covers(t) else { return }
        state.withLock { states in
            for i in phases.indices where phases[i].contains(t) {
                if hit { states[i].hits += 1 } else { states[i].misses += 1 }
            }
        }
    }

    /// One report per phase, in the order given; `end` bounds the time each phase covers.
    public func report(end: SimInstant) -> [PhaseReport] {
        let copy = state.withLock { $0 }
        return zip(phases, copy).map { phase, s in
            let operations = Operation.allCases.map { op in
                let i = op.rawValue
                let n = s.opCount[i]
                return OperationMetrics(operation: op, latency: LatencySnapshot(microseconds: s.opLatency[i]), count: n,
                                        ok: n - s.opErrors[i] - s.opDenied[i], errors: s.opErrors[i], denied: s.opDenied[i])
            }
            let backends = BackendCall.allCases.map { call in
                let i = call.rawValue
                let latency = LatencySnapshot(microseconds: s.backendLatency[i])
                return BackendMetrics(call: call, latency: latency, wait: .empty, service: .empty,
                                      count: s.backendCount[i], errors: s.backendErrors[i])
            }
            return PhaseReport(label: phase.label, covered: phase.covered(until: end), operations: operations,
                               backends: backends, cacheHits: s.hits, cacheMisses: s.misses)
        }
    }
}

/// What one phase measured. Backend entries carry total latency only (wait and service are empty).
public struct PhaseReport: Sendable {
    public var label: String
    /// Simulated time the phase covers.
    public var covered: SimDuration
    /// One entry per `Operation.allCases`.
    public var operations: [OperationMetrics]
    /// One entry per `BackendCall.allCases`.
    public var backends: [BackendMetrics]
    public var cacheHits: Int
    public var cacheMisses: Int

    public var requests: Int { operations.reduce(0) { $0 + $1.count } }
    public var errors: Int { operations.reduce(0) { $0 + $1.errors } }
}
