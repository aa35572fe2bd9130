/// One SLO's verdict: what was measured against what was asked.
public struct SLOResult: Codable, Sendable {
    public var expression: String
    public var metric: String
    public var comparator: Comparator
    public var threshold: Double
    /// Measured value in the metric's unit (ms, fraction, count).
    public var value: Double
    /// How to read `value` and `threshold`.
    public var unit: MetricUnit
    public var passed: Bool
    /// `during(name)`, `before(name)` or `after(name)` for a phase-scoped SLO; absent for the whole run.
    public var scope: String?
    public init(expression: String, metric: String, comparator: Comparator, threshold: Double, value: Double, unit: MetricUnit,
                passed: Bool) {
        self.expression = expression; self.metric = metric; self.comparator = comparator
        self.threshold = threshold; self.value = value; self.unit = unit; self.passed = passed
    }
}
