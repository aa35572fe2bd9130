import StampedeResult
/// A burn-rate alert rule: fire when, over the trailing `windowS`, errors use the error
/// budget at least `factor` times as fast as would spend it exactly over the SLO period.
public struct BurnRateRule: Sendable, Hashable {
    public var severity: String
    public var factor: Double
    public var windowS: Double

    public init(severity: String, factor: Double, windowS: Double) {
        self.severity = severity; self.factor = factor; self.windowS = windowS
    }

    /// The Google SRE workbook's pair: 14.4× over 1 minute pages, 6× over 5 minutes warns.
    public static let defaults = [
        BurnRateRule(severity: "critical", factor: 14.4, windowS: 60),
        BurnRateRule(severity: "warning", factor: 6, windowS: 300),
    ]
}

/// The alerts `rules` raise on `timeline` against an availability `target`, in time order.
///
/// Each rule is evaluated at the end of every window over the trailing windows (fewer at
/// the start of the run); an alert lasts from the first window end where the burn rate
/// reaches the factor to the first where it no longer does.
public func burnRateAlerts(_ timeline: Timeline, target: Double, rules: [BurnRateRule] = BurnRateRule.defaults) -> [AlertResult] {
    let budget = 1 - target
    let w = timeline.windowS
    let n = timeline.startS.count
    guard budget > 0, w > 0, n > 0 else { return [] }
    var alerts: [AlertResult] = []
    for rule in rules {
        let k = max(1, Int((rule.windowS / w - 1e-9).rounded(.up)))
        var requests = 0.0, errors = 0.0
        var open: AlertResult?
        for i in 0..<n {
            requests += timeline.throughput[i]
            errors += timeline.errors[i]
            if i >= k {
                requests -= timeline.throughput[i - k]
                errors -= timeline.errors[i - k]
            }
            let burn = requests > 1e-9 ? max(errors, 0) / requests / budget : 0
            let windowEnd = Double(i + 1) * w
            if burn >= rule.factor {
                if open == nil {
                    open = AlertResult(severity: rule.severity, threshold: rule.factor, windowS: rule.windowS,
                                       startS: windowEnd, endS: windowEnd, peakBurnRate: 0)
                }
                let peak = max(open?.peakBurnRate ?? 0, (burn * 100).rounded() / 100)
                open?.peakBurnRate = peak
            } else if var a = open {
                a.endS = windowEnd
                alerts.append(a)
                open = nil
            }
        }
        if var a = open {
            a.endS = Double(n) * w
            alerts.append(a)
        }
    }
    return alerts.sorted { ($0.startS, $0.severity) < ($1.startS, $1.severity) }
}
