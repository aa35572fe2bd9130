import Foundation

/// A latency or interval model: where every simulated cost comes from.
public enum Distribution: Sendable, Hashable, Codable, CustomStringConvertible {
    case constant(SimDuration)
    case uniform(low: SimDuration, high: SimDuration)
    case exponential(mean: SimDuration)
    /// Lognormal given its median and 99th percentile, the two numbers people know.
    case lognormal(median: SimDuration, p99: SimDuration)
    /// Piecewise-linear inverse CDF through (percentile 0...100, value) points.
    case empirical([EmpiricalPoint])

    public struct EmpiricalPoint: Sendable, Hashable, Codable {
        public var percentile: Double
        public var value: SimDuration
        public init(percentile: Double, value: SimDuration) { self.percentile = percentile; self.value = value }
    }

    /// Why a distribution's parameters are unusable, or nil if they are fine.
    public var problem: String? {
        switch self {
        case .constant(let v):
            return v.nanoseconds < 0 ? "constant value must be ≥ 0, found \(v)" : nil
        case .uniform(let lo, let hi):
            if lo.nanoseconds < 0 { return "uniform low must be ≥ 0, found \(lo)" }
            return hi < lo ? "uniform high must be ≥ low, found low \(lo) and high \(hi)" : nil
        case .exponential(let mean):
            return mean.nanoseconds <= 0 ? "exponential mean must be > 0, found \(mean)" : nil
        case .lognormal(let median, let p99):
            if median.nanoseconds <= 0 { return "lognormal median must be > 0, found \(median)" }
            return p99 < median ? "lognormal p99 must be ≥ median, found median \(median) and p99 \(p99)" : nil
        case .empirical(let points):
            if points.count < 2 { return "empirical needs at least two (percentile, value) points, found \(points.count)" }
            for (a, b) in zip(points, points.dropFirst()) {
                if b.percentile <= a.percentile { return "empirical percentiles must increase, found p\(a.percentile) then p\(b.percentile)" }
                if b.value < a.value { return "empirical values must not decrease, found \(a.value) at p\(a.percentile) then \(b.value) at p\(b.percentile)" }
            }
            if let f = points.first, f.percentile < 0 || f.value.nanoseconds < 0 { return "empirical points must be ≥ 0" }
            if let l = points.last, l.percentile > 100 { return "empirical percentiles must be ≤ 100, found p\(l.percentile)" }
            return nil
        }
    }

    /// The distribution's mean, used for capacity estimates and Erlang-C checks.
    public var mean: SimDuration {
        switch self {
        case .constant(let v): return v
        case .uniform(let lo, let hi): return SimDuration(nanoseconds: (lo.nanoseconds + hi.nanoseconds) / 2)
        case .exponential(let m): return m
        case .lognormal(let median, let p99):
            let sigma = Self.sigma(median: median, p99: p99)
            return Self.clamped(Double(median.nanoseconds) * exp(sigma * sigma / 2))
        case .empirical(let pts):
            var total = 0.0
            for (a, b) in zip(pts, pts.dropFirst()) {
                total += (b.percentile - a.percentile) / 100 * Double(a.value.nanoseconds + b.value.nanoseconds) / 2
            }
            total += pts[0].percentile / 100 * Double(pts[0].value.nanoseconds)
            total += (100 - pts[pts.count - 1].percentile) / 100 * Double(pts[pts.count - 1].value.nanoseconds)
            return SimDuration(nanoseconds: Int64(total))
        }
    }

    static let z99 = 2.326_347_874_040_841

    /// The longest value a draw returns, about 11.6 days: longer than any run (at most a
    /// week), and short enough that adding a few draws to a run's clock cannot overflow it.
    /// A wide lognormal (a p99 a million times its median) otherwise draws values past 2^63 ns.
    public static let longestSample = SimDuration(nanoseconds: 1_000_000_000_000_000)

    /// Nanoseconds as a duration in `0...longestSample` (NaN as zero).
    @inline(__always) static func clamped(_ nanoseconds: Double) -> SimDuration {
        guard nanoseconds > 0 else { return .zero }
        return SimDuration(nanoseconds: nanoseconds < 1e15 ? Int64(nanoseconds) : longestSample.nanoseconds)
    }

    static func sigma(median: SimDuration, p99: SimDuration) -> Double {
        (log(Double(p99.nanoseconds)) - log(Double(median.nanoseconds))) / z99
    }

    /// Draws one value.
    public func sample(_ rng: inout Xoshiro256) -> SimDuration {
        switch self {
        case .constant(let v):
            return v
        case .uniform(let lo, let hi):
            let span = hi.nanoseconds - lo.nanoseconds
            return span == 0 ? lo : SimDuration(nanoseconds: lo.nanoseconds + Int64(rng.nextUnit() * Double(span)))
        case .exponential(let mean):
            return Self.clamped(-Double(mean.nanoseconds) * log1p(-rng.nextUnit()))
        case .lognormal(let median, let p99):
            let sigma = Self.sigma(median: median, p99: p99)
            return Self.clamped(Double(median.nanoseconds) * exp(sigma * Self.standardNormal(&rng)))
        case .empirical(let pts):
            let p = rng.nextUnit() * 100
            if p <= pts[0].percentile { return pts[0].value }
            for (a, b) in zip(pts, pts.dropFirst()) where p <= b.percentile {
                let f = (p - a.percentile) / (b.percentile - a.percentile)
                return SimDuration(nanoseconds: a.value.nanoseconds + Int64(f * Double(b.value.nanoseconds - a.value.nanoseconds)))
            }
            return pts[pts.count - 1].value
        }
    }

    /// A standard normal draw (Box–Muller, one of the pair; simplicity over speed).
    static func standardNormal(_ rng: inout Xoshiro256) -> Double {
        let u1 = 1 - rng.nextUnit()
        let u2 = rng.nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    public var description: String {
        switch self {
        case .constant(let v): return "constant(\(v))"
        case .uniform(let lo, let hi): return "uniform(\(lo), \(hi))"
        case .exponential(let m): return "exponential(mean: \(m))"
        case .lognormal(let m, let p): return "lognormal(median: \(m), p99: \(p))"
        case .empirical(let pts):
            return "empirical(" + pts.map { "p\(formatNumber($0.percentile)): \($0.value)" }.joined(separator: ", ") + ")"
        }
    }
}

/// Formats a number without a trailing `.0`.
public func formatNumber(_ v: Double) -> String {
    v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
}
