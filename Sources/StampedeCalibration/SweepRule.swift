/// When a concurrency sweep stops: a pure decision from the levels measured so far.
///
/// Levels double (1, 2, 4, …) up to `maxConcurrency`, which is the last level when it is not
/// a power of two. After each level the sweep goes on unless
/// - more than `errorRate` of its calls failed (the backend is refusing work);
/// - throughput failed `patience` levels in a row to beat the best level before it by more
///   than `growth` (saturated: more callers, hardly more calls served). One level is not
///   enough: on a machine with few cores a single step can come out low by chance (a thread
///   that had to be woken), and the levels after it still grow;
/// - p99 rose more than `latencyJump`-fold from the level before (a cliff: contention collapsed);
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
        if measured.count >= 2 {
            let before = measured[measured.count - 2]
            if before.p99 > 0, last.p99 > before.p99 * latencyJump {
                return .stop(reached: true, reason: "p99 rose \(Int((last.p99 / before.p99).rounded()))-fold from concurrency "
                             + "\(before.concurrency) to \(last.concurrency)")
            }
        }
        let flat = flatLevels(measured)
        if flat.count >= patience, let best = Self.peak(of: Array(measured.dropLast(flat.count))) {
            let levels = flat.map(String.init).joined(separator: " and ")
            return .stop(reached: true, reason: "throughput at concurrency \(levels) did not beat \(grouped(best.throughput)) "
                         + "calls/s (at \(best.concurrency)) by more than \(percent(growth))")
        }
        let next = last.concurrency >= maxConcurrency ? nil : min(last.concurrency * 2, maxConcurrency)
        guard let next else {
            let growing = measured.count >= 2 && flat.isEmpty ? " while throughput still grew" : ""
            return .stop(reached: false, reason: "reached --max-concurrency \(maxConcurrency)\(growing)")
        }
        return .measure(concurrency: next)
    }

    /// The concurrencies of the trailing levels that each failed to beat every level before
    /// them by more than `growth`, in order.
    func flatLevels(_ measured: [Point]) -> [Int] {
        var flat: [Int] = []
        for index in measured.indices.reversed() where index > 0 {
            let best = measured[..<index].map(\.throughput).max() ?? 0
            guard measured[index].throughput <= best * (1 + growth) else { break }
            flat.insert(measured[index].concurrency, at: 0)
        }
        return flat
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
