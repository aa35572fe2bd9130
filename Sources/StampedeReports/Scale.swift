import Foundation

/// Maps a data domain onto a pixel range, linearly or logarithmically, and picks ticks a
/// person would choose.
struct Scale {
    enum Kind { case linear, log }

    let kind: Kind
    let lower: Double
    let upper: Double
    let start: Double
    let end: Double
    /// Values at which to draw grid lines and labels, inside `lower...upper`.
    let ticks: [Double]

    /// A linear scale from 0 to a round number at or above `maximum`, with at most
    /// `targetTicks + 1` intervals and as little empty space above the data as that allows.
    static func linear(maximum: Double, range: (Double, Double), targetTicks: Int = 5) -> Scale {
        let top = maximum > 0 && maximum.isFinite ? maximum : 1
        var step = niceStep(top / Double(targetTicks + 1))
        while (top / step).rounded(.up) > Double(targetTicks + 1) { step = niceStep(step * 1.000_001) }
        let upper = (top / step).rounded(.up) * step
        let ticks = stride(from: 0.0, through: upper + step / 2, by: step).map { $0 }
        return Scale(kind: .linear, lower: 0, upper: upper, start: range.0, end: range.1, ticks: ticks)
    }

    /// A linear scale over a fixed domain with the given ticks, e.g. a ratio 0...1.
    static func fixed(_ lower: Double, _ upper: Double, ticks: [Double], range: (Double, Double)) -> Scale {
        Scale(kind: .linear, lower: lower, upper: upper, start: range.0, end: range.1, ticks: ticks)
    }

    /// A base-10 log scale covering the positive values `minimum...maximum`.
    ///
    /// Spans of more than two decades snap to and tick at powers of ten; narrower ones snap
    /// to and tick at 1-2-5 steps so there are always a few labelled lines.
    static func log(minimum: Double, maximum: Double, range: (Double, Double)) -> Scale {
        var lo = minimum > 0 && minimum.isFinite ? minimum : 1
        var hi = maximum > 0 && maximum.isFinite ? max(maximum, lo) : lo
        if hi / lo > 100 {
            lo = pow(10, floor(log10(lo)))
            hi = pow(10, ceil(log10(hi)))
            if hi <= lo { hi = lo * 10 }
            let ticks = stride(from: log10(lo), through: log10(hi) + 0.01, by: 1).map { pow(10, $0.rounded()) }
            return Scale(kind: .log, lower: lo, upper: hi, start: range.0, end: range.1, ticks: ticks)
        }
        let steps = oneTwoFive(from: lo / 10, to: hi * 10)
        lo = steps.last { $0 <= lo * 1.000001 } ?? lo
        hi = steps.first { $0 >= hi / 1.000001 } ?? hi
        if hi <= lo { hi = steps.first { $0 > lo } ?? lo * 2 }
        let ticks = steps.filter { $0 >= lo / 1.000001 && $0 <= hi * 1.000001 }
        return Scale(kind: .log, lower: lo, upper: hi, start: range.0, end: range.1, ticks: ticks)
    }

    /// The pixel position of `value`; values outside the domain are clamped to it.
    func callAsFunction(_ value: Double) -> Double {
        let t: Double
        switch kind {
        case .linear:
            t = upper > lower ? (value - lower) / (upper - lower) : 0
        case .log:
            let v = Swift.max(value, lower)
            t = upper > lower ? Foundation.log10(v / lower) / Foundation.log10(upper / lower) : 0
        }
        return start + Swift.min(Swift.max(t, 0), 1) * (end - start)
    }

    /// Whether `value` can be drawn on this scale (a log scale has no place for 0).
    func canPlot(_ value: Double) -> Bool {
        value.isFinite && (kind == .linear || value > 0)
    }

    /// 1, 2, 2.5 or 5 times a power of ten, the smallest at or above `rough`.
    static func niceStep(_ rough: Double) -> Double {
        guard rough > 0 && rough.isFinite else { return 1 }
        let power = pow(10, floor(log10(rough)))
        for multiple in [1.0, 2, 2.5, 5, 10] where multiple * power >= rough * 0.999_999 {
            return multiple * power
        }
        return 10 * power
    }

    /// A time-axis step in seconds that gives at most `maxTicks` ticks over `span`.
    static func timeStep(span: Double, maxTicks: Int) -> Double {
        let candidates: [Double] = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600,
                                    7200, 10800, 21600, 43200, 86400]
        for step in candidates where span / step <= Double(maxTicks) { return step }
        return niceStep(span / Double(maxTicks))
    }

    private static func oneTwoFive(from lo: Double, to hi: Double) -> [Double] {
        var out: [Double] = []
        var power = pow(10, floor(log10(lo)))
        while power <= hi * 10 {
            for m in [1.0, 2, 5] {
                let v = (m * power * 1e9).rounded() / 1e9
                if v >= lo / 10 && v <= hi * 10 { out.append(v) }
            }
            power *= 10
        }
        return out
    }
}
