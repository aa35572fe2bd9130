/// How a run compares with a baseline run, metric by metric (`stampede run --baseline`).
public struct BaselineReport: Codable, Sendable {
    /// The baseline's result file as given on the command line.
    public var file: String
    public var baselineScenario: String
    public var baselineSeed: UInt64
    /// Relative worsening beyond which a metric counts as regressed (0.1 = 10%).
    public var threshold: Double
    /// One check per compared metric: every SLO metric of the run, then the key metrics.
    public var checks: [BaselineCheck]
    /// Checks that regressed.
    public var regressions: Int

    public init(file: String, baselineScenario: String, baselineSeed: UInt64, threshold: Double, checks: [BaselineCheck]) {
        self.file = file; self.baselineScenario = baselineScenario; self.baselineSeed = baselineSeed
        self.threshold = threshold; self.checks = checks
        self.regressions = checks.filter(\.regressed).count
    }

    enum CodingKeys: String, CodingKey {
        case file, baselineScenario = "baseline_scenario", baselineSeed = "baseline_seed", threshold, checks, regressions
    }
}

/// One metric of a run against the same metric of the baseline.
public struct BaselineCheck: Codable, Sendable, Equatable {
    public var metric: String
    public var unit: MetricUnit
    /// `lower` or `higher`: which way is better.
    public var better: MetricDirection
    public var baseline: Double
    public var value: Double
    /// `(value - baseline) / baseline`; nil when the baseline is 0 (no relative change exists).
    public var change: Double?
    public var regressed: Bool

    public init(metric: String, unit: MetricUnit, better: MetricDirection, baseline: Double, value: Double,
                change: Double?, regressed: Bool) {
        self.metric = metric; self.unit = unit; self.better = better; self.baseline = baseline
        self.value = value; self.change = change; self.regressed = regressed
    }
}
