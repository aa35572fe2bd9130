import Histogram
import StampedeKernel

/// A summary of a latency distribution, in milliseconds.
public struct LatencySnapshot: Sendable {
    /// How many values were recorded.
    public var count: Int
    /// Percentiles 50, 90, 99 and 99.9: the largest value at or below which that share of
    /// values lies (HDR rounding: up to 0.1 % high, never above `max`).
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var p999: Double
    /// The largest value recorded (exact to the microsecond).
    public var max: Double
    /// The arithmetic mean.
    public var mean: Double
    /// The percentile curve (percentile 0–100, milliseconds), ~5 points per halving of the
    /// distance to 100 %, ending at the maximum; at most `maxCurvePoints` points.
    public var percentiles: [(percentile: Double, ms: Double)]

    /// The snapshot of a recorder that saw nothing.
    public static let empty = LatencySnapshot(count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0, percentiles: [])

    /// The most points a percentile curve keeps.
    public static let maxCurvePoints = 120

    /// Creates a snapshot from its parts (e.g. when reading a saved result).
    public init(count: Int, p50: Double, p90: Double, p99: Double, p999: Double, max: Double, mean: Double,
                percentiles: [(percentile: Double, ms: Double)]) {
        self.count = count; self.p50 = p50; self.p90 = p90; self.p99 = p99; self.p999 = p999
        self.max = max; self.mean = mean; self.percentiles = percentiles
    }

    /// Summarises a histogram of microseconds.
    init(microseconds h: Histogram<UInt32>) {
        guard h.totalCount > 0 else { self = .empty; return }
        func ms(_ us: UInt64) -> Double { Double(us) / 1000 }
        var curve: [(percentile: Double, ms: Double)] = []
        for step in h.percentiles(ticksPerHalfDistance: 5) {
            curve.append((Swift.min(step.percentileLevelIteratedTo, 100), ms(Swift.min(step.value, h.maxRecorded))))
        }
        self.init(
            count: Int(h.totalCount),
            p50: ms(h.valueAtPercentile(50)), p90: ms(h.valueAtPercentile(90)),
            p99: ms(h.valueAtPercentile(99)), p999: ms(h.valueAtPercentile(99.9)),
            max: ms(h.maxRecorded), mean: h.mean / 1000,
            percentiles: LatencySnapshot.thin(curve, to: LatencySnapshot.maxCurvePoints)
        )
    }

    /// Keeps at most `limit` points, evenly spread, always the first and the last.
    static func thin(_ curve: [(percentile: Double, ms: Double)], to limit: Int) -> [(percentile: Double, ms: Double)] {
        guard curve.count > limit, limit >= 2 else { return curve }
        let last = curve.count - 1
        return (0..<limit).map { i in curve[i * last / (limit - 1)] }
    }
}

/// Histogram layout for latencies: microseconds from 1 µs to one hour.
enum LatencyScale {
    static let lowest: UInt64 = 1
    static let highest: UInt64 = 3_600_000_000

    /// A histogram for whole-run distributions (three significant digits).
    static func histogram() -> Histogram<UInt32> {
        Histogram(lowestDiscernibleValue: lowest, highestTrackableValue: highest, numberOfSignificantValueDigits: .three)
    }

    /// A smaller histogram for one time window (two significant digits).
    static func windowHistogram() -> Histogram<UInt32> {
        Histogram(lowestDiscernibleValue: lowest, highestTrackableValue: highest, numberOfSignificantValueDigits: .two)
    }

    /// `d` in whole microseconds, rounded, clamped to [1 µs, 1 h].
    @inline(__always)
    static func microseconds(_ d: SimDuration) -> UInt64 {
        let us = (d.nanoseconds + 500) / 1000
        return us <= 1 ? 1 : Swift.min(UInt64(us), highest)
    }
}
