/// One SLO's verdict: what was measured against what was asked.
public struct SLOResult: Codable, Sendable {
    public var expression: String
    public var metric: String
    public var comparator: String
    public var threshold: Double
    /// Measured value in the metric's unit (ms, fraction, count).
    public var value: Double
    /// `ms`, `ratio` or `count`: how to read `value` and `threshold`.
    public var unit: String
    public var passed: Bool
    /// `during(name)`, `before(name)` or `after(name)` for a phase-scoped SLO; absent for the whole run.
    public var scope: String?
    public init(expression: String, metric: String, comparator: String, threshold: Double, value: Double, unit: String, passed: Bool) {
        self.expression = expression; self.metric = metric; self.comparator = comparator
        self.threshold = threshold; self.value = value; self.unit = unit; self.passed = passed
    }
}
