/// When a concurrency sweep stops: a pure decision from the levels measured so far.
///
/// Levels double (1, 2, 4, …) up to `maxConcurrency`, which is the last level when it is not
/// a power of two. A level gains nothing when its throughput does not beat the best level
/// before it by more than `growth`, or when its p99 is more than `latencyJump` times the p99
/// of the level before (contention collapsing). After each level the sweep goes on unless
/// - more than `errorRate` of its calls failed (the backend is refusing work);
/// - `patience` levels in a row gained nothing (saturated). One is not enough: on a machine
///   with few cores a single step can come out slow by chance (a thread that had to be woken),
///   and the levels after it still gain;
/// - the next level would pass `maxConcurrency` (not saturated: say so).
public struct SweepRule: Sendable, Hashable {
    public var maxConcurrency: Int
    public var growth: Double
    public var patience: Int = 2
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
        let stale = levelsWithoutGain(measured)
        if stale.count >= patience {
            return .stop(reached: true, reason: "no gain at \(stale.count) levels in a row: " + stale.map(\.why).joined(separator: "; "))
        }
        let next = last.concurrency >= maxConcurrency ? nil : min(last.concurrency * 2, maxConcurrency)
        guard let next else {
            let growing = measured.count >= 2 && stale.isEmpty ? " while throughput still grew" : ""
            return .stop(reached: false, reason: "reached --max-concurrency \(maxConcurrency)\(growing)")
        }
        return .measure(concurrency: next)
    }

    /// The trailing levels that gained nothing, in order, each with why.
    func levelsWithoutGain(_ measured: [Point]) -> [(concurrency: Int, why: String)] {
        var stale: [(concurrency: Int, why: String)] = []
        for index in measured.indices.reversed() where index > 0 {
            let level = measured[index], before = measured[index - 1]
            guard let best = Self.peak(of: Array(measured[..<index])) else { break }
            var why: [String] = []
            if level.throughput <= best.throughput * (1 + growth) {
                why.append("throughput did not beat \(grouped(best.throughput)) calls/s (at \(best.concurrency)) by more than \(percent(growth))")
            }
            if before.p99 > 0, level.p99 > before.p99 * latencyJump {
                why.append("p99 rose \(Int((level.p99 / before.p99).rounded()))-fold from \(before.concurrency)")
            }
            guard !why.isEmpty else { break }
            stale.insert((level.concurrency, "at \(level.concurrency) " + why.joined(separator: " and ")), at: 0)
        }
        return stale
    }

    private func grouped(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
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
