import Foundation
import StampedeResult

/// How well the model predicted a real run: the same scenario in virtual time on the models
/// (`predicted`) and on the wall clock against the real backends (`measured`), metric by
/// metric — each operation's p50 and p99, store and cache calls per second, the hit ratio,
/// stale reads and cache writes lost in crashes — with how far apart they are and whether
/// that is within the bound the model is held to (25 % at p50 and for rates, 50 % at p99,
/// 5 points for a ratio; counts are shown, not judged).
public struct ModelAgreement: Codable, Sendable {
    public struct Row: Codable, Sendable {
        public var metric: String
        public var unit: String
        public var predicted: Double
        public var measured: Double
        /// (measured − predicted) / predicted; for a ratio, the difference in points; nil when
        /// the prediction is zero or the metric is not judged.
        public var off: Double?
        /// The most `off` may be; nil for a metric shown but not judged.
        public var bound: Double?
        public var withinBound: Bool?

        enum CodingKeys: String, CodingKey {
            case metric, unit, predicted, measured, off, bound, withinBound = "within_bound"
        }
    }

    public var rows: [Row]

    /// Rows outside their bound.
    public var disagreements: [Row] { rows.filter { $0.withinBound == false } }

    public init(predicted: RunResult, measured: RunResult) {
        var rows: [Row] = []
        func add(_ metric: String, unit: String, _ p: Double, _ m: Double, relativeBound: Double?) {
            var off: Double?
            if relativeBound != nil, p > 0 { off = (m - p) / p }
            let within = relativeBound.flatMap { b in off.map { abs($0) <= b } }
            rows.append(Row(metric: metric, unit: unit, predicted: p, measured: m, off: off, bound: relativeBound, withinBound: within))
        }
        for operation in OperationKind.allCases {
            guard let p = predicted.operations[operation], let m = measured.operations[operation], p.count > 0, m.count > 0 else { continue }
            add("\(operation.name).p50", unit: "ms", p.latencyMs.p50, m.latencyMs.p50, relativeBound: 0.25)
            add("\(operation.name).p99", unit: "ms", p.latencyMs.p99, m.latencyMs.p99, relativeBound: 0.50)
        }
        for (name, kinds) in [("store.calls_per_second", BackendCallKind.allCases.filter { $0.name.hasPrefix("store") }),
                              ("cache.calls_per_second", BackendCallKind.allCases.filter { $0.name.hasPrefix("cache") })] {
            add(name, unit: "/s", Self.perSecond(predicted, kinds), Self.perSecond(measured, kinds), relativeBound: 0.25)
        }
        let (ph, mh) = (predicted.cache.hitRatio, measured.cache.hitRatio)
        rows.append(Row(metric: "cache.hit_ratio", unit: "ratio", predicted: ph, measured: mh, off: mh - ph, bound: 0.05,
                        withinBound: abs(mh - ph) <= 0.05))
        for reading in [MetricReading.run(.staleReads), .run(.cacheWritesLost), .run(.violations)] {
            add(reading.name, unit: "count", MetricCatalog.value(of: reading.name, in: predicted) ?? 0,
                MetricCatalog.value(of: reading.name, in: measured) ?? 0, relativeBound: nil)
        }
        self.rows = rows
    }

    static func perSecond(_ r: RunResult, _ kinds: [BackendCallKind]) -> Double {
        guard r.simulated.durationS > 0 else { return 0 }
        return Double(kinds.reduce(0) { $0 + (r.backends[$1]?.count ?? 0) }) / r.simulated.durationS
    }

    /// A Markdown table, for `agreement.md` and a pull-request comment.
    public func markdown(title: String) -> String {
        var lines = ["## \(title)", "",
                     "| metric | predicted (model) | measured (real) | off | bound | agrees |", "|---|---:|---:|---:|---:|:---:|"]
        for r in rows {
            let off = r.off.map { r.unit == "ratio" ? String(format: "%+.1f pts", $0 * 100) : String(format: "%+.0f%%", $0 * 100) } ?? "—"
            let bound = r.bound.map { r.unit == "ratio" ? String(format: "%.0f pts", $0 * 100) : String(format: "%.0f%%", $0 * 100) } ?? "—"
            let agrees = r.withinBound.map { $0 ? "yes" : "**no**" } ?? "—"
            lines.append("| \(r.metric) | \(Self.format(r.predicted, r.unit)) | \(Self.format(r.measured, r.unit)) | \(off) | \(bound) | \(agrees) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func format(_ v: Double, _ unit: String) -> String {
        switch unit {
        case "ms": return v >= 100 ? String(format: "%.0f ms", v) : v >= 10 ? String(format: "%.1f ms", v) : String(format: "%.2f ms", v)
        case "ratio": return String(format: "%.1f%%", v * 100)
        case "/s": return String(format: "%.0f/s", v)
        default: return String(format: "%.0f", v)
        }
    }
}
