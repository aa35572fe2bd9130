import Histogram
import StampedeKernel
import StampedeModel

/// The open time window: counters and per-operation histograms that are summarised into
/// the series and reset when time moves past it, so memory does not grow with requests.
struct WindowAccumulator {
    let width: Int64
    /// Index of the open window.
    private(set) var index = 0
    private var latency = Operation.allCases.map { _ in LatencyScale.windowHistogram() }
    private var opCount = [Int](repeating: 0, count: Operation.allCases.count)
    private var requests = 0
    private var errors = 0
    private var hits = 0
    private var misses = 0
    private var storeCalls = 0
    private var touched = false
    private(set) var series: WindowSeries

    init(width: SimDuration) {
        precondition(width.nanoseconds > 0, "window width must be positive")
        self.width = width.nanoseconds
        series = WindowSeries(width: width)
    }

    /// Moves to the window holding `t`; a time in an already-closed window stays in the open one.
    @inline(__always)
    private mutating func moveTo(_ t: SimInstant) {
        let w = t.nanoseconds <= 0 ? 0 : Int(t.nanoseconds / width)
        if w > index { close(through: w) }
        touched = true
    }

    mutating func operation(_ op: Operation, latencyMicroseconds us: UInt64, isError: Bool, at t: SimInstant) {
        moveTo(t)
        _ = latency[op.rawValue].record(us)
        opCount[op.rawValue] += 1
        requests += 1
        if isError { errors += 1 }
    }

    mutating func cacheLookup(hit: Bool, at t: SimInstant) {
        moveTo(t)
        if hit { hits += 1 } else { misses += 1 }
    }

    mutating func storeCall(at t: SimInstant) {
        moveTo(t)
        storeCalls += 1
    }

    /// Closes every window before `end` (and the open one if it saw anything).
    mutating func finish(at end: SimInstant) {
        let needed = end.nanoseconds <= 0 ? 0 : Int((end.nanoseconds + width - 1) / width)
        let target = Swift.max(needed, touched ? index + 1 : index)
        if target > index { close(through: target) }
    }

    /// Summarises the open window, appends empty windows up to `next`, and opens `next`.
    private mutating func close(through next: Int) {
        series.requests.append(requests)
        series.errors.append(errors)
        series.cacheHits.append(hits)
        series.cacheMisses.append(misses)
        let lookups = hits + misses
        series.cacheHitRatio.append(lookups == 0 ? 0 : Double(hits) / Double(lookups))
        series.storeCalls.append(storeCalls)
        for i in latency.indices {
            let n = opCount[i]
            series.operations[i].count.append(n)
            if n == 0 {
                series.operations[i].p50.append(0); series.operations[i].p90.append(0)
                series.operations[i].p99.append(0); series.operations[i].max.append(0)
            } else {
                let h = latency[i]
                series.operations[i].p50.append(Double(h.valueAtPercentile(50)) / 1000)
                series.operations[i].p90.append(Double(h.valueAtPercentile(90)) / 1000)
                series.operations[i].p99.append(Double(h.valueAtPercentile(99)) / 1000)
                series.operations[i].max.append(Double(h.maxRecorded) / 1000)
                latency[i].reset()
                opCount[i] = 0
            }
        }
        requests = 0; errors = 0; hits = 0; misses = 0; storeCalls = 0
        touched = false
        let gap = next - index - 1
        if gap > 0 { appendEmpty(gap) }
        index = next
    }

    private mutating func appendEmpty(_ n: Int) {
        series.requests.append(contentsOf: repeatElement(0, count: n))
        series.errors.append(contentsOf: repeatElement(0, count: n))
        series.cacheHits.append(contentsOf: repeatElement(0, count: n))
        series.cacheMisses.append(contentsOf: repeatElement(0, count: n))
        series.cacheHitRatio.append(contentsOf: repeatElement(0, count: n))
        series.storeCalls.append(contentsOf: repeatElement(0, count: n))
        for i in series.operations.indices {
            series.operations[i].count.append(contentsOf: repeatElement(0, count: n))
            series.operations[i].p50.append(contentsOf: repeatElement(0, count: n))
            series.operations[i].p90.append(contentsOf: repeatElement(0, count: n))
            series.operations[i].p99.append(contentsOf: repeatElement(0, count: n))
            series.operations[i].max.append(contentsOf: repeatElement(0, count: n))
        }
    }

    /// Memory held by the window histograms (constant: they are reset, never replaced).
    var histogramFootprintInBytes: Int {
        latency.reduce(0) { $0 + $1.estimatedFootprintInBytes }
    }
}
