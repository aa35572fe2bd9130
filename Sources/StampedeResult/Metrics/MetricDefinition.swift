/// One metric: a name, a unit, which way is better, and how to read it from a result.
public struct MetricDefinition: Sendable, Hashable {
    /// As SLO expressions, baselines and comparisons write it, e.g. `login.p99`.
    public var name: String
    public var unit: MetricUnit
    /// Which way is better when no SLO's comparator says otherwise.
    public var direction: MetricDirection
    /// One line for documentation and `--help`.
    public var meaning: String
    /// Where the value is in a result; nil for a metric judged outside the result's
    /// summaries (a recovery time), which `value(in:)` cannot read.
    public var reading: MetricReading?

    /// A metric outside the catalogue, such as `recovery(cache-outage)`: lower is better and
    /// a result cannot be read for it.
    public init(name: String, unit: MetricUnit, meaning: String) {
        self.name = name; self.unit = unit; self.direction = .lower; self.meaning = meaning; self.reading = nil
    }

    /// A catalogue metric, named after where it is read.
    init(_ reading: MetricReading, unit: MetricUnit, direction: MetricDirection = .lower, meaning: String) {
        self.name = reading.name; self.unit = unit; self.direction = direction; self.meaning = meaning
        self.reading = reading
    }

    /// The value in `result`, in the metric's unit; nil when the metric has no reading.
    public func value(in result: RunResult) -> Double? {
        reading?.value(in: result)
    }
}
