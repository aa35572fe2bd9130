import Foundation
import StampedeResult

/// One metric across every compared run.
public struct MetricRow: Codable, Sendable {
    public var metric: String
    public var unit: MetricUnit
    public var better: MetricDirection
    /// The SLO on this metric as written (the first run's that has one); nil for a key metric.
    public var slo: String?
    /// One cell per run, in run order; the first is the baseline.
    public var cells: [MetricCell]

    init(metric: String, slo: SLOResult?, groups: [ComparisonGroup], method: ComparisonMethod) {
        self.metric = metric
        unit = MetricCatalog.unit(of: metric)
        let better = MetricCatalog.direction(of: metric, comparator: slo?.comparator)
        self.better = better
        self.slo = slo?.expression
        let values = groups.map { group in group.results.map { MetricCatalog.value(of: metric, in: $0) ?? 0 } }
        let summaries = values.map(SampleSummary.init)
        cells = groups.indices.map { i in
            let passes = groups[i].results.compactMap { r in r.slos.first { $0.metric == metric }.map(\.passed) }
            return MetricCell(values: values[i], summary: summaries[i], baseline: i == 0 ? nil : summaries[0],
                              better: better, method: method, sloPassed: passes.isEmpty ? nil : passes.filter { $0 }.count)
        }
    }
}

/// One run's value of one metric: the per-seed values, their summary, and how it differs
/// from the baseline run.
public struct MetricCell: Codable, Sendable {
    /// One value per seed, in seed order.
    public var values: [Double]
    public var summary: SampleSummary
    /// Seeds on which the SLO on this metric held; nil when this run has no SLO on it.
    public var sloPassed: Int?
    /// Mean minus the baseline's mean; nil in the baseline column.
    public var difference: Double?
    /// `difference` over the baseline's mean; nil in the baseline column or from a zero baseline.
    public var relative: Double?
    /// Welch's two-sided p-value; nil unless both sides have two or more seeds.
    public var pValue: Double?
    /// Whether the difference is beyond noise (see `ComparisonMethod`); nil in the baseline column.
    public var significant: Bool?
    /// `baseline`; else `same`, or `better`/`worse` (`higher`/`lower` where neither direction is better).
    public var verdict: String

    init(values: [Double], summary: SampleSummary, baseline: SampleSummary?, better: MetricDirection,
         method: ComparisonMethod, sloPassed: Int?) {
        self.values = values.map(stable)
        self.summary = summary.stabilized
        self.sloPassed = sloPassed
        guard let baseline else {
            verdict = "baseline"
            return
        }
        let difference = summary.mean - baseline.mean
        self.difference = stable(difference)
        relative = baseline.mean != 0 ? stable(difference / abs(baseline.mean)) : nil
        let significant: Bool
        if let test = WelchTest(baseline, summary) {
            pValue = stable(test.p)
            significant = test.p < method.alpha
        } else if baseline.mean != 0 {
            significant = abs(difference) / abs(baseline.mean) > method.tolerance
        } else {
            significant = difference != 0
        }
        self.significant = significant
        verdict = MetricCell.verdict(difference: difference, significant: significant, better: better)
    }

    static func verdict(difference: Double, significant: Bool, better: MetricDirection) -> String {
        guard significant, difference != 0 else { return "same" }
        switch better {
        case .lower: return difference < 0 ? "better" : "worse"
        case .higher: return difference > 0 ? "better" : "worse"
        case .neither: return difference > 0 ? "higher" : "lower"
        }
    }

    enum CodingKeys: String, CodingKey {
        case values, summary, sloPassed = "slo_passed", difference, relative, pValue = "p_value", significant, verdict
    }
}

/// Nine significant digits: enough for any measure, few enough that the last bits of
/// floating-point arithmetic never reach `compare.json`.
func stable(_ x: Double) -> Double {
    guard x.isFinite, x != 0 else { return 0 }
    return Double(String(format: "%.9g", x)) ?? x
}

extension SampleSummary {
    var stabilized: SampleSummary {
        var s = self
        s.mean = stable(mean)
        s.stddev = stddev.map(stable)
        s.ci95Low = ci95Low.map(stable)
        s.ci95High = ci95High.map(stable)
        return s
    }
}
