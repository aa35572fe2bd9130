import Histogram
import StampedeKernel
import StampedeModel

/// The mutable state of `RunMetrics`, guarded by its lock.
struct MetricsState: Sendable {
    var opLatency = Operation.allCases.map { _ in LatencyScale.histogram() }
    /// `Operation.rawValue * Outcome.slotCount + slot`.
    var outcomeCounts = [Int](repeating: 0, count: Operation.allCases.count * Outcome.slotCount)
    var backendLatency = BackendCall.allCases.map { _ in LatencyScale.histogram() }
    var backendWait = BackendCall.allCases.map { _ in LatencyScale.histogram() }
    var backendService = BackendCall.allCases.map { _ in LatencyScale.histogram() }
    var backendCount = [Int](repeating: 0, count: BackendCall.allCases.count)
    var backendErrors = [Int](repeating: 0, count: BackendCall.allCases.count)
    var cacheHits = 0
    var cacheMisses = 0
    var cacheFallbacks = 0
    var totalRequests = 0
    var totalErrors = 0
    var window: WindowAccumulator

    init(window: SimDuration) {
        self.window = WindowAccumulator(width: window)
    }

    mutating func operation(_ op: Operation, microseconds us: UInt64, slot: Int, isError: Bool, at end: SimInstant) {
        _ = opLatency[op.rawValue].record(us)
        outcomeCounts[op.rawValue * Outcome.slotCount + slot] += 1
        totalRequests += 1
        if isError { totalErrors += 1 }
        window.operation(op, latencyMicroseconds: us, isError: isError, at: end)
    }

    mutating func backend(_ call: BackendCall, total: UInt64, wait: UInt64, service: UInt64, failed: Bool, at: SimInstant) {
        let i = call.rawValue
        _ = backendLatency[i].record(total)
        _ = backendWait[i].record(wait)
        _ = backendService[i].record(service)
        backendCount[i] += 1
        if failed { backendErrors[i] += 1 }
        if call == .storeQuery || call == .storeWrite { window.storeCall(at: at) }
    }

    mutating func cacheLookup(hit: Bool, at: SimInstant) {
        if hit { cacheHits += 1 } else { cacheMisses += 1 }
        window.cacheLookup(hit: hit, at: at)
    }

    var histogramFootprintInBytes: Int {
        (opLatency + backendLatency + backendWait + backendService).reduce(0) { $0 + $1.estimatedFootprintInBytes }
            + window.histogramFootprintInBytes
    }

    func report() -> MetricsReport {
        let operations = Operation.allCases.map { op in
            let counts = outcomeCounts[op.rawValue * Outcome.slotCount ..< (op.rawValue + 1) * Outcome.slotCount]
            var errors = counts[counts.startIndex + 1]
            var denied = 0
            for reason in DenyReason.allCases {
                let n = counts[counts.startIndex + 2 + reason.rawValue]
                if reason.isError { errors += n } else { denied += n }
            }
            let ok = counts[counts.startIndex]
            return OperationMetrics(
                operation: op, latency: LatencySnapshot(microseconds: opLatency[op.rawValue]),
                count: ok + errors + denied, ok: ok, errors: errors, denied: denied
            )
        }
        let backends = BackendCall.allCases.map { call in
            BackendMetrics(
                call: call,
                latency: LatencySnapshot(microseconds: backendLatency[call.rawValue]),
                wait: LatencySnapshot(microseconds: backendWait[call.rawValue]),
                service: LatencySnapshot(microseconds: backendService[call.rawValue]),
                count: backendCount[call.rawValue], errors: backendErrors[call.rawValue]
            )
        }
        let cacheCalls = BackendCall.allCases.filter(\.isCacheCall)
        let lookups = cacheHits + cacheMisses
        let cache = CacheMetrics(
            hits: cacheHits, misses: cacheMisses, fallbacks: cacheFallbacks,
            failures: cacheCalls.reduce(0) { $0 + backendErrors[$1.rawValue] },
            hitRatio: lookups == 0 ? 0 : Double(cacheHits) / Double(lookups)
        )
        var outcomes: [(name: String, count: Int)] = []
        for op in Operation.allCases {
            for slot in 0..<Outcome.slotCount {
                let n = outcomeCounts[op.rawValue * Outcome.slotCount + slot]
                if n > 0 { outcomes.append((op.name + "." + Outcome.slotName(slot), n)) }
            }
        }
        outcomes.sort { $0.name < $1.name }
        return MetricsReport(
            operations: operations, backends: backends, cache: cache, outcomes: outcomes,
            totalRequests: totalRequests, totalErrors: totalErrors, series: window.series
        )
    }
}
