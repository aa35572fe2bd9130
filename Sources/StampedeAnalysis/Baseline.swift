import StampedeResult

/// Baseline regression: a run judged against an earlier one, metric by metric.
extension BaselineCheck {
    /// Judges `value` against `baseline`: a regression is a change in the worse direction of
    /// more than `threshold` relative to the baseline. From a baseline of 0 there is no
    /// relative change; then any worsening of a count or ratio (a first violation, a first
    /// error) regresses, and a latency is not judged (0 ms means the baseline never ran it).
    public static func judge(_ metric: String, unit: MetricUnit, better: MetricDirection, baseline: Double, value: Double,
                             threshold: Double) -> BaselineCheck {
        let change = baseline != 0 ? (value - baseline) / abs(baseline) : nil
        let worse: Bool
        switch better {
        case .lower: worse = value > baseline
        case .higher: worse = value < baseline
        case .neither: worse = false
        }
        let regressed: Bool
        if let change {
            regressed = worse && abs(change) > threshold
        } else {
            regressed = worse && unit != .ms
        }
        return BaselineCheck(metric: metric, unit: unit, better: better, baseline: baseline, value: value,
                             change: change.map { ($0 * 1_000_000).rounded() / 1_000_000 }, regressed: regressed)
    }
}

extension RunResult {
    /// Compares every SLO metric of this run and the key metrics with `baseline`, records the
    /// comparison in `self.baseline`, and, if a metric regressed on a run that otherwise
    /// passed, sets the verdict to `regressed` and the exit code to 1.
    ///
    /// - Parameters:
    ///   - file: the baseline's path as given, for messages.
    ///   - threshold: relative worsening allowed, e.g. 0.1 for 10%.
    public mutating func compare(withBaseline baseline: RunResult, file: String, threshold: Double) {
        var checks: [BaselineCheck] = []
        for (metric, slo) in MetricCatalog.comparedMetrics(for: [self]) {
            let better = MetricCatalog.direction(of: metric, comparator: slo?.comparator)
            guard better != .neither, let value = MetricCatalog.value(of: metric, in: self),
                  let before = MetricCatalog.value(of: metric, in: baseline) else { continue }
            checks.append(.judge(metric, unit: MetricCatalog.unit(of: metric), better: better, baseline: before, value: value,
                                 threshold: threshold))
        }
        self.baseline = BaselineReport(file: file, baselineScenario: baseline.scenario.name, baselineSeed: baseline.seed,
                                       threshold: threshold, checks: checks)
        if checks.contains(where: \.regressed) && exitCode == 0 {
            verdict = .regressed
            exitCode = Verdict.regressed.exitCode
        }
    }
}
