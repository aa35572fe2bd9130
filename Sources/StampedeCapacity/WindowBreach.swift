import StampedeResult

/// When in a run an SLO broke: the first metrics window whose own value of the SLO's metric
/// breaks its threshold. Only metrics the timeline keeps per window have an answer
/// (`<operation>.p50/p90/p99/max`, `errors.rate`, `cache.hit_ratio`).
enum WindowBreach {
    static func firstWindow(of slo: SLOResult, in timeline: Timeline, before end: Double) -> Double? {
        guard let all = series(slo.metric, in: timeline) else { return nil }
        let values = all.prefix(timeline.startS.prefix { $0 < end }.count)
        guard let i = values.firstIndex(where: { $0.map { !slo.comparator.holds($0, slo.threshold) } ?? false }) else { return nil }
        return i < timeline.startS.count ? timeline.startS[i] : nil
    }

    /// Per-window values of `metric`; nil entries are windows without data.
    static func series(_ metric: String, in t: Timeline) -> [Double?]? {
        switch metric {
        case "errors.rate":
            return zip(t.errors, t.throughput).map { e, r in r > 0 ? e / r : nil }
        case "cache.hit_ratio":
            return t.cacheHitRatio.map { Optional($0) }
        default:
            let parts = metric.split(separator: ".")
            guard parts.count == 2, let op = OperationKind(name: String(parts[0])), let s = t.operations[op] else { return nil }
            let values: [Double]
            switch parts[1] {
            case "p50": values = s.p50Ms
            case "p90": values = s.p90Ms
            case "p99": values = s.p99Ms
            case "max": values = s.maxMs
            default: return nil
            }
            return zip(values, s.count).map { v, n in n > 0 ? v : nil }
        }
    }
}
