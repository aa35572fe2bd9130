/// When a concurrency sweep stops: a pure decision from the levels measured so far.
///
/// Levels double (1, 2, 4, …) up to `maxConcurrency`, which is the last level when it is not
/// a power of two. After each level the sweep goes on unless
/// - more than `errorRate` of its calls failed (the backend is refusing work);
/// - throughput grew by no more than `growth` from the level before (saturated: twice the
///   callers, hardly more calls served);
/// - p99 rose more than `latencyJump`-fold from the level before (a cliff: contention collapsed);
/// - the next level would pass `maxConcurrency` (not saturated: say so).
public struct SweepRule: Sendable, Hashable {
    public var maxConcurrency: Int
    public var growth: Double
    public var latencyJump: Double = 10
    public var errorRate: Double = 0.01

    public init(maxConcurrency: Int, growth: Double) {
        self.maxConcurrency = maxConcurrency; self.growth = growth
    }

    /// What one level measured, as far as the rule cares.
    public struct Point: Sendable, Hashable {
        public var concurrency: Int
        public var throughput: Double
        public var p99: Double
        public var calls: Int
        public var errors: Int

        public init(concurrency: Int, throughput: Double, p99: Double, calls: Int, errors: Int) {
            self.concurrency = concurrency; self.throughput = throughput; self.p99 = p99; self.calls = calls; self.errors = errors
        }
    }

    public enum Decision: Sendable, Hashable {
        case measure(concurrency: Int)
        /// Stop; `reached` is whether the backend saturated (rather than the sweep running out of levels).
        case stop(reached: Bool, reason: String)
    }

    /// The first level to measure.
    public var first: Int { 1 }

    /// The next step after `measured` (in the order measured, increasing concurrency).
    public func decide(after measured: [Point]) -> Decision {
        guard let last = measured.last else { return .measure(concurrency: first) }
        if last.calls == 0 {
            return .stop(reached: true, reason: "no call completed at concurrency \(last.concurrency)")
        }
        let failed = Double(last.errors) / Double(last.calls)
        if failed > errorRate {
            return .stop(reached: true, reason: "\(percent(failed)) of calls failed at concurrency \(last.concurrency)")
        }
        if measured.count >= 2 {
            let before = measured[measured.count - 2]
            let grew = before.throughput > 0 ? last.throughput / before.throughput - 1 : .infinity
            if grew <= growth {
                let change = grew < 0 ? "fell \(percent(-grew))" : "grew only \(percent(grew))"
                return .stop(reached: true, reason: "throughput \(change) from concurrency \(before.concurrency) to "
                             + "\(last.concurrency); going on needs more than \(percent(growth))")
            }
            if before.p99 > 0, last.p99 > before.p99 * latencyJump {
                return .stop(reached: true, reason: "p99 rose \(Int((last.p99 / before.p99).rounded()))-fold from concurrency "
                             + "\(before.concurrency) to \(last.concurrency)")
            }
        }
        let next = last.concurrency >= maxConcurrency ? nil : min(last.concurrency * 2, maxConcurrency)
        guard let next else {
            let growing = measured.count >= 2 ? " while throughput still grew" : ""
            return .stop(reached: false, reason: "reached --max-concurrency \(maxConcurrency)\(growing)")
        }
        return .measure(concurrency: next)
    }

    /// The saturation point of a sweep: the level with the highest throughput (the lowest
    /// concurrency on a tie).
    public static func peak(of measured: [Point]) -> Point? {
        measured.reduce(nil) { best, point in
            guard let best else { return point }
            return point.throughput > best.throughput ? point : best
        }
    }

    private func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "without bound" }
        let value = (fraction * 1000).rounded() / 10
        return (value == value.rounded() ? String(Int(value)) : String(value)) + "%"
    }
}
