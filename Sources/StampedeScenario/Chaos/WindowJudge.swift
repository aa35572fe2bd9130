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
    let timeline: Timeline

    public init(slos: [SLOSpec], timeline: Timeline) {
        self.slos = slos.filter(Self.isJudgeable)
        self.timeline = timeline
    }

    static let latencySuffixes = ["p50", "p90", "p99", "max"]

    /// Whether `slo` can be judged per window.
    public static func isJudgeable(_ slo: SLOSpec) -> Bool {
        guard slo.scope == nil else { return false }
        if ["errors.rate", "availability", "cache.hit_ratio", "throughput"].contains(slo.metric) { return true }
        let parts = slo.metric.split(separator: ".")
        return parts.count == 2 && MetricCatalog.operations.contains(String(parts[0]))
            && latencySuffixes.contains(String(parts[1]))
    }

    /// Whether every SLO holds over windows `range`.
    public func holds(_ range: Range<Int>) -> Bool {
        slos.allSatisfy { holds($0, range) }
    }

    private func holds(_ slo: SLOSpec, _ range: Range<Int>) -> Bool {
        let t = timeline
        switch slo.metric {
        case "errors.rate", "availability":
            let requests = range.reduce(0.0) { $0 + t.throughput[$1] }
            let errors = range.reduce(0.0) { $0 + t.errors[$1] }
            let rate = requests > 0 ? errors / requests : 0
            return slo.comparator.holds(slo.metric == "errors.rate" ? rate : 1 - rate, slo.threshold)
        case "cache.hit_ratio":
            return range.allSatisfy { t.throughput[$0] == 0 || slo.comparator.holds(t.cacheHitRatio[$0], slo.threshold) }
        case "throughput":
            return range.allSatisfy { slo.comparator.holds(t.throughput[$0], slo.threshold) }
        default:
            let parts = slo.metric.split(separator: ".")
            guard let series = t.operations[String(parts[0])] else { return true }
            let values: [Double]
            switch parts[1] {
            case "p50": values = series.p50Ms
            case "p90": values = series.p90Ms
            case "p99": values = series.p99Ms
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
