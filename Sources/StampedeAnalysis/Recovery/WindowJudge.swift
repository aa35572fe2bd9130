import Foundation
import StampedeResult

/// Judges whole-run SLOs on a stretch of the per-window timeline: the steady-state check
/// behind recovery times.
///
/// Only SLOs that can be read per window take part: operation `p50`, `p90`, `p99` and
/// `max` (each window with requests must hold), `errors.rate` and `availability` (the
/// stretch's total must hold), `cache.hit_ratio` and `throughput` (each window with
/// traffic must hold).
public struct WindowJudge: Sendable {
    public let slos: [SLOSpec]
    let timeline: Timeline
    /// SLOs judged on a stretch's total (errors.rate, availability), with what each reads;
    /// the others hold per window.
    private let totals: [(slo: SLOSpec, reading: WindowReading)]
    /// `failing[i]`: windows before i in which some per-window SLO fails.
    private let failing: [Int]
    /// Prefix sums of the request and error rates in thousandths (the timeline rounds them to
    /// three decimals), so a stretch's total is exact and costs two subtractions.
    private let requests: [Int64]
    private let errors: [Int64]

    public init(slos: [SLOSpec], timeline: Timeline) {
        let judged = slos.compactMap { slo in Self.windowReading(slo).map { (slo: slo, reading: $0) } }
        self.slos = judged.map(\.slo)
        self.timeline = timeline
        totals = judged.filter(\.reading.isTotal)
        let perWindow = judged.filter { !$0.reading.isTotal }
        let n = timeline.startS.count
        var failing = [0], requests: [Int64] = [0], errors: [Int64] = [0]
        failing.reserveCapacity(n + 1)
        for i in 0..<n {
            let fails = perWindow.contains { !Self.holds($0.slo, reading: $0.reading, window: i, in: timeline) }
            failing.append(failing[i] + (fails ? 1 : 0))
            requests.append(requests[i] + Self.thousandths(timeline.throughput, i))
            errors.append(errors[i] + Self.thousandths(timeline.errors, i))
        }
        (self.failing, self.requests, self.errors) = (failing, requests, errors)
    }

    /// What a judgeable SLO reads per window.
    enum WindowReading: Sendable {
        case errorRate, availability, cacheHitRatio, throughput
        case latency(OperationKind, CallStatistic)

        /// Judged on a stretch's total rather than window by window.
        var isTotal: Bool {
            switch self {
            case .errorRate, .availability: return true
            case .cacheHitRatio, .throughput, .latency: return false
            }
        }
    }

    /// What `slo` reads per window, or nil if it cannot be judged per window.
    static func windowReading(_ slo: SLOSpec) -> WindowReading? {
        guard slo.scope == nil, let reading = MetricCatalog.definition(of: slo.metric)?.reading else { return nil }
        switch reading {
        case .run(.errorRate): return .errorRate
        case .run(.availability): return .availability
        case .run(.cacheHitRatio): return .cacheHitRatio
        case .run(.throughput): return .throughput
        case .operation(let op, let s) where [.p50, .p90, .p99, .max].contains(s): return .latency(op, s)
        default: return nil
        }
    }

    /// Whether `slo` can be judged per window.
    public static func isJudgeable(_ slo: SLOSpec) -> Bool {
        windowReading(slo) != nil
    }

    /// Whether every SLO holds over windows `range`.
    public func holds(_ range: Range<Int>) -> Bool {
        guard failing[range.upperBound] == failing[range.lowerBound] else { return false }
        let requests = Double(self.requests[range.upperBound] - self.requests[range.lowerBound])
        let errors = Double(self.errors[range.upperBound] - self.errors[range.lowerBound])
        let rate = requests > 0 ? errors / requests : 0
        return totals.allSatisfy { total in
            if case .errorRate = total.reading { return total.slo.comparator.holds(rate, total.slo.threshold) }
            return total.slo.comparator.holds(1 - rate, total.slo.threshold)
        }
    }

    private static func thousandths(_ values: [Double], _ i: Int) -> Int64 {
        i < values.count && values[i].isFinite ? Int64((values[i] * 1000).rounded()) : 0
    }

    /// Whether a per-window SLO holds in window `i`.
    private static func holds(_ slo: SLOSpec, reading: WindowReading, window i: Int, in t: Timeline) -> Bool {
        switch reading {
        case .errorRate, .availability:
            return true  // judged on a stretch's total, in `holds(_:)`
        case .cacheHitRatio:
            return t.throughput[i] == 0 || slo.comparator.holds(t.cacheHitRatio[i], slo.threshold)
        case .throughput:
            return slo.comparator.holds(t.throughput[i], slo.threshold)
        case .latency(let op, let statistic):
            guard let series = t.operations[op] else { return true }
            let values: [Double]
            switch statistic {
            case .p50: values = series.p50Ms
            case .p90: values = series.p90Ms
            case .p99: values = series.p99Ms
            default: values = series.maxMs
            }
            return series.count[i] == 0 || slo.comparator.holds(values[i], slo.threshold)
        }
    }

    /// Seconds from `end` until every SLO holds over a stretch `sustain` seconds long
    /// starting at a window boundary at or after `end`; nil if that never happens within
    /// the timeline, or if no SLO can be judged per window.
    public func recovery(after end: Double, sustain: Double) -> Double? {
        recoveries(after: [end], sustain: sustain)[0]
    }

    /// `recovery(after:sustain:)` for many ends at once: one pass over the timeline, then
    /// constant time per end, so a fault repeating thousands of times costs no more.
    public func recoveries(after ends: [Double], sustain: Double) -> [Double?] {
        guard !slos.isEmpty, timeline.windowS > 0 else { return ends.map { _ in nil } }
        let w = timeline.windowS
        let n = timeline.startS.count
        let k = max(1, Int((sustain / w - 1e-9).rounded(.up)))
        // firstHolding[i]: the first start ≥ i of a stretch of k windows over which every SLO holds.
        var firstHolding = [Int?](repeating: nil, count: n + 1)
        if k <= n {
            for i in stride(from: n - k, through: 0, by: -1) { firstHolding[i] = holds(i..<(i + k)) ? i : firstHolding[i + 1] }
        }
        return ends.map { end in
            let i = max(0, Int((end / w - 1e-9).rounded(.up)))
            guard i <= n, let start = firstHolding[i] else { return nil }
            return max(0, Double(start) * w - end)
        }
    }
}
