import Foundation

/// Judges whole-run SLOs on a stretch of the per-window timeline: the steady-state check
/// behind recovery times.
///
/// Only SLOs that can be read per window take part: operation `p50`, `p90`, `p99` and
/// `max` (each window with requests must hold), `errors.rate` and `availability` (the
/// stretch's total must hold), `cache.hit_ratio` and `throughput` (each window with
/// traffic must hold).
public struct WindowJudge: Sendable {
    public let slos: [SLOSpec]
    /// What each of `slos` reads per window, in the same order.
    private let readings: [WindowReading]
    let timeline: Timeline

    public init(slos: [SLOSpec], timeline: Timeline) {
        let judged = slos.compactMap { slo in Self.windowReading(slo).map { (slo, $0) } }
        self.slos = judged.map(\.0)
        self.readings = judged.map(\.1)
        self.timeline = timeline
    }

    /// What a judgeable SLO reads per window.
    enum WindowReading: Sendable {
        case errorRate, availability, cacheHitRatio, throughput
        case latency(OperationKind, CallStatistic)
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
        zip(slos, readings).allSatisfy { holds($0, reading: $1, range) }
    }

    private func holds(_ slo: SLOSpec, reading: WindowReading, _ range: Range<Int>) -> Bool {
        let t = timeline
        switch reading {
        case .errorRate, .availability:
            let requests = range.reduce(0.0) { $0 + t.throughput[$1] }
            let errors = range.reduce(0.0) { $0 + t.errors[$1] }
            let rate = requests > 0 ? errors / requests : 0
            if case .errorRate = reading { return slo.comparator.holds(rate, slo.threshold) }
            return slo.comparator.holds(1 - rate, slo.threshold)
        case .cacheHitRatio:
            return range.allSatisfy { t.throughput[$0] == 0 || slo.comparator.holds(t.cacheHitRatio[$0], slo.threshold) }
        case .throughput:
            return range.allSatisfy { slo.comparator.holds(t.throughput[$0], slo.threshold) }
        case .latency(let op, let statistic):
            guard let series = t.operations[op] else { return true }
            let values: [Double]
            switch statistic {
            case .p50: values = series.p50Ms
            case .p90: values = series.p90Ms
            case .p99: values = series.p99Ms
            default: values = series.maxMs
            }
            return range.allSatisfy { series.count[$0] == 0 || slo.comparator.holds(values[$0], slo.threshold) }
        }
    }

    /// Seconds from `end` until every SLO holds over a stretch `sustain` seconds long
    /// starting at a window boundary at or after `end`; nil if that never happens within
    /// the timeline, or if no SLO can be judged per window.
    public func recovery(after end: Double, sustain: Double) -> Double? {
        guard !slos.isEmpty, timeline.windowS > 0 else { return nil }
        let w = timeline.windowS
        let n = timeline.startS.count
        let k = max(1, Int((sustain / w - 1e-9).rounded(.up)))
        var i = max(0, Int((end / w - 1e-9).rounded(.up)))
        while i + k <= n {
            if holds(i..<(i + k)) { return max(0, Double(i) * w - end) }
            i += 1
        }
        return nil
    }
}
