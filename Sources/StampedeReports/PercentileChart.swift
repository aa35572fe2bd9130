import Foundation
import StampedeResult

/// An HDR-style percentile plot: latency against percentile, with the percentile axis
/// stretched as 1/(1-p) on a log scale so the tail gets as much room as the body.
struct PercentileChart {
    static let width = 640.0
    static let height = 300.0

    struct Curve {
        var name: String
        var color: String
        var points: [PercentilePoint]
    }

    var label: String
    var curves: [Curve]

    func render() -> String {
        var canvas = SVGCanvas(width: Self.width, height: Self.height)
        let plot = PlotArea(left: TimeSeriesChart.marginLeft, right: Self.width - 30, top: 24, bottom: Self.height - 30)
        let normalized = curves.map { ($0, Self.normalize($0.points)) }
        let reach = normalized.flatMap { $0.1.map(\.x) }.max() ?? 0
        let decades = Swift.max(4, Swift.min(6, Int(reach.rounded(.up))))
        let x = Scale.fixed(0, Double(decades), ticks: [log10(2)] + (1...decades).map(Double.init),
                            range: (plot.left, plot.right))
        let values = normalized.flatMap { $0.1.map(\.ms) }.filter { $0 > 0 }
        let y = Scale.log(minimum: values.min() ?? 1, maximum: values.max() ?? 10, range: (plot.bottom, plot.top + 10))

        for tick in y.ticks {
            canvas.line(plot.left, y(tick), plot.right, y(tick), cls: "grid")
            canvas.line(plot.left - 4, y(tick), plot.left, y(tick), cls: "axis")
            canvas.text(plot.left - 7, y(tick) + 4, Format.axisMs(tick), cls: "tick", anchor: .end)
        }
        for tick in x.ticks {
            canvas.line(x(tick), plot.top, x(tick), plot.bottom, cls: "grid")
            canvas.text(x(tick), plot.bottom + 19, Self.percentileLabel(tick), cls: "tick", anchor: .middle)
        }
        canvas.line(plot.left, plot.top, plot.left, plot.bottom, cls: "axis")
        canvas.line(plot.left, plot.bottom, plot.right, plot.bottom, cls: "axis")
        canvas.text(4, plot.top - 10, "latency", cls: "unit")
        canvas.text(Self.width - 4, plot.top - 10, "percentile", cls: "unit", anchor: .end)
        for (curve, points) in normalized {
            let path = SVG.linePath(points.map { y.canPlot($0.ms) ? (x($0.x), y($0.ms)) : nil })
            canvas.path(path, cls: "s-line", stroke: curve.color)
        }
        if values.isEmpty {
            canvas.text((plot.left + plot.right) / 2, (plot.top + plot.bottom) / 2, "no data", cls: "nodata", anchor: .middle)
        }
        return canvas.svg(label: label)
    }

    /// Points as (x = log10(1/(1-p)), ms), in percentile order, without p = 100% (which
    /// has no place on this axis).
    ///
    /// Percentiles may come as fractions (0.99) or percents (99); a curve with any value
    /// above 1 is read as percents.
    static func normalize(_ points: [PercentilePoint]) -> [(x: Double, ms: Double)] {
        let divisor = points.contains { $0.percentile > 1 } ? 100.0 : 1.0
        return points
            .map { (p: $0.percentile / divisor, ms: $0.ms) }
            .filter { $0.p >= 0 && $0.p < 1 }
            .sorted { $0.p < $1.p }
            .map { (x: log10(1 / (1 - $0.p)), ms: $0.ms) }
    }

    /// `log10(2)` → `50%`, `1` → `90%`, `3` → `99.9%`.
    static func percentileLabel(_ x: Double) -> String {
        if abs(x - log10(2)) < 1e-9 { return "50%" }
        let nines = Int(x.rounded())
        if nines <= 0 { return "0%" }
        if nines == 1 { return "90%" }
        return "99" + (nines > 2 ? "." + String(repeating: "9", count: nines - 2) : "") + "%"
    }
}
