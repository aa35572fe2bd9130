import Foundation
import StampedeResult

/// Mean, spread and a Student-t confidence interval of a small sample (one value per seed).
public struct SampleSummary: Codable, Sendable, Equatable {
    public var n: Int
    public var mean: Double
    /// Sample standard deviation (n − 1 in the denominator); nil for a single value.
    public var stddev: Double?
    /// The 95% confidence interval of the mean, `mean ± t(0.975, n−1) · s/√n`; nil for a single value.
    public var ci95Low: Double?
    public var ci95High: Double?

    public init(_ values: [Double]) {
        n = values.count
        mean = values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        guard values.count >= 2 else { return }
        let m = mean
        let variance = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)
        let s = variance.squareRoot()
        let half = StudentT.quantile(0.975, degreesOfFreedom: Double(values.count - 1)) * s / Double(values.count).squareRoot()
        stddev = s
        ci95Low = m - half
        ci95High = m + half
    }

    var variance: Double { (stddev ?? 0) * (stddev ?? 0) }

    enum CodingKeys: String, CodingKey { case n, mean, stddev, ci95Low = "ci95_low", ci95High = "ci95_high" }
}

/// Welch's unequal-variances t-test of two samples' means.
public struct WelchTest: Sendable, Equatable {
    public var t: Double
    public var degreesOfFreedom: Double
    /// Two-sided p-value.
    public var p: Double

    /// The test of `b`'s mean against `a`'s; nil unless both samples have at least two values.
    ///
    /// Two samples without spread (a deterministic metric) differ with p = 0 when their
    /// means differ and p = 1 when they are equal.
    public init?(_ a: SampleSummary, _ b: SampleSummary) {
        guard a.n >= 2, b.n >= 2 else { return nil }
        let va = a.variance / Double(a.n), vb = b.variance / Double(b.n)
        let se2 = va + vb
        guard se2 > 0 else {
            t = 0
            degreesOfFreedom = Double(a.n + b.n - 2)
            p = a.mean == b.mean ? 1 : 0
            return
        }
        t = (b.mean - a.mean) / se2.squareRoot()
        let denominator = va * va / Double(a.n - 1) + vb * vb / Double(b.n - 1)
        degreesOfFreedom = denominator > 0 ? se2 * se2 / denominator : Double(a.n + b.n - 2)
        p = StudentT.twoSidedP(t, degreesOfFreedom: degreesOfFreedom)
    }
}

/// Student's t distribution, from the regularized incomplete beta function.
public enum StudentT {
    /// P(|T| ≥ |t|) for `degreesOfFreedom` ν > 0.
    public static func twoSidedP(_ t: Double, degreesOfFreedom v: Double) -> Double {
        guard t.isFinite else { return 0 }
        return min(1, max(0, incompleteBeta(v / (v + t * t), a: v / 2, b: 0.5)))
    }

    /// P(T ≤ t).
    public static func cdf(_ t: Double, degreesOfFreedom v: Double) -> Double {
        let tail = twoSidedP(t, degreesOfFreedom: v) / 2
        return t >= 0 ? 1 - tail : tail
    }

    /// The t with P(T ≤ t) = `p`, by bisection (p in (0, 1)).
    public static func quantile(_ p: Double, degreesOfFreedom v: Double) -> Double {
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p, degreesOfFreedom: v) }
        var lo = 0.0, hi = 1.0
        while cdf(hi, degreesOfFreedom: v) < p && hi < 1e12 { hi *= 2 }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if cdf(mid, degreesOfFreedom: v) < p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// The regularized incomplete beta function I_x(a, b), by Lentz's continued fraction.
    static func incompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logGammas + logPowers)
        if x < (a + 1) / (a + b + 2) { return front * continuedFraction(x, a: a, b: b) / a }
        return 1 - front * continuedFraction(1 - x, a: b, b: a) / b
    }

    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m)
            let even: Double = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d; if abs(d) < tiny { d = tiny }
            c = 1 + even / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            let odd: Double = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d; if abs(d) < tiny { d = tiny }
            c = 1 + odd / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return h
    }
}
