/// How well a wall-clock run's open-model arrival generator kept its schedule.
///
/// Latencies count from each journey's intended start, so a late start is in them too
/// (coordinated omission corrected); this says how late starts were, per window and over
/// the run, and whether that stayed within the bound the run was judged by.
public struct GeneratorReport: Codable, Sendable {
    /// Journeys the generator started.
    public var arrivals: Int
    /// How late each start was against its schedule.
    public var lagMs: LatencySummary
    /// The latest start in each window of the timeline, in milliseconds.
    public var windowMaxMs: [Double]
    /// The p99 lag the run is judged by (`generator.lag_p99`), in milliseconds.
    public var boundMs: Double
    /// Whether the p99 lag went over the bound: then the load was lighter than the scenario asks.
    public var behind: Bool

    public init(arrivals: Int, lagMs: LatencySummary, windowMaxMs: [Double], boundMs: Double, behind: Bool) {
        self.arrivals = arrivals; self.lagMs = lagMs; self.windowMaxMs = windowMaxMs; self.boundMs = boundMs; self.behind = behind
    }

    enum CodingKeys: String, CodingKey {
        case arrivals, lagMs = "lag_ms", windowMaxMs = "window_max_ms", boundMs = "bound_ms", behind
    }
}
