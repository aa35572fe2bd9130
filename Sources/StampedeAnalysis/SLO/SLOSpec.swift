import StampedeResult
/// One service-level objective: `login.p99 < 250ms`.
public struct SLOSpec: Sendable, Hashable {
    /// The expression as written in the scenario.
    public var expression: String
    /// Canonical metric name, e.g. `login.p99`, `errors.rate`, `violations`.
    public var metric: String
    public var comparator: Comparator
    /// Threshold in the metric's unit: milliseconds for latencies, a fraction (0...1) for
    /// rates and ratios, a plain number for counts.
    public var threshold: Double
    /// Line in the scenario file.
    public var line: Int
    /// The stretch of the run it is judged over; nil for the whole run.
    public var scope: SLOScope?

    public init(expression: String, metric: String, comparator: Comparator, threshold: Double, line: Int) {
        self.expression = expression; self.metric = metric; self.comparator = comparator
        self.threshold = threshold; self.line = line
    }
}
