import StampedeResult

/// One line (or area) of a time chart.
struct ChartSeries {
    enum Axis { case left, right }
    enum Style { case line, thin, dashed, area }

    var name: String
    var color: String
    var x: [Double]
    var y: [Double]
    var axis: Axis = .left
    var style: Style = .line
}

/// A y axis: how it scales and how its ticks read.
struct ChartAxis {
    enum Kind { case linear, log, ratio }

    /// Shown above the axis, e.g. `req/s` or `latency`.
    var unit: String
    var kind: Kind
    /// Colour of the unit label, to tie an axis to its series when there are two axes.
    var color: String?
    var tickLabel: (Double) -> String
}

/// The drawable rectangle inside a chart's margins.
struct PlotArea {
    let left: Double, right: Double, top: Double, bottom: Double
    var width: Double { right - left }
    var height: Double { bottom - top }
}

/// A chart of per-window values over simulated time, with fault windows shaded and
/// security events marked, on one or two y axes.
struct TimeSeriesChart {
    static let width = 640.0
    static let height = 300.0
    /// Room for tick labels at the enlarged size used on narrow screens.
    static let marginLeft = 66.0

    var label: String
    /// Simulated seconds covered; the x axis runs from 0 to here.
    var duration: Double
    var left: ChartAxis
    var right: ChartAxis?
    var series: [ChartSeries]
    var events: [TimelineEvent]

    func render() -> String {
        var canvas = SVGCanvas(width: Self.width, height: Self.height)
        let plot = PlotArea(left: Self.marginLeft, right: Self.width - (right == nil ? 20 : Self.marginLeft),
                            top: 24, bottom: Self.height - 30)
        let x = timeScale(plot)
        let overlay = EventOverlay(events, x: x, plot: plot)
        let data = PlotArea(left: plot.left, right: plot.right, top: plot.top + max(overlay.labelBand, 10), bottom: plot.bottom)
        let leftScale = yScale(left, series.filter { $0.axis == .left }, data)
        let rightScale = right.map { yScale($0, series.filter { $0.axis == .right }, data) }

        overlay.drawBands(x: x, plot: plot, into: &canvas)
        for tick in leftScale.ticks {
            canvas.line(plot.left, leftScale(tick), plot.right, leftScale(tick), cls: "grid")
        }
        drawTimeAxis(x, plot, into: &canvas)
        drawYAxis(left, leftScale, at: plot.left, plot, into: &canvas)
        if let right, let rightScale { drawYAxis(right, rightScale, at: plot.right, plot, into: &canvas) }
        for style in [ChartSeries.Style.area, .thin, .dashed, .line] {
            for s in series where s.style == style {
                draw(s, x: x, y: s.axis == .left ? leftScale : (rightScale ?? leftScale), plot, into: &canvas)
            }
        }
        if !series.contains(where: { !$0.y.isEmpty }) {
            canvas.text((plot.left + plot.right) / 2, (plot.top + plot.bottom) / 2, "no data", cls: "nodata", anchor: .middle)
        }
        overlay.drawMarks(x: x, plot: plot, into: &canvas)
        return canvas.svg(label: label)
    }

    private func timeScale(_ plot: PlotArea) -> Scale {
        let span = duration > 0 ? duration : 1
        let step = Scale.timeStep(span: span, maxTicks: 8)
        let ticks = stride(from: 0.0, through: span + step * 1e-6, by: step).map { $0 }
        return Scale.fixed(0, span, ticks: ticks, range: (plot.left, plot.right))
    }

    private func yScale(_ axis: ChartAxis, _ series: [ChartSeries], _ plot: PlotArea) -> Scale {
        let range = (plot.bottom, plot.top)
        switch axis.kind {
        case .ratio:
            return Scale.fixed(0, 1, ticks: [0, 0.25, 0.5, 0.75, 1], range: range)
        case .linear:
            let top = series.flatMap(\.y).filter(\.isFinite).max() ?? 0
            return Scale.linear(maximum: top, range: range, targetTicks: 4)
        case .log:
            let values = series.flatMap(\.y).filter { $0 > 0 && $0.isFinite }
            return Scale.log(minimum: values.min() ?? 1, maximum: values.max() ?? 10, range: range)
        }
    }

    private func drawTimeAxis(_ x: Scale, _ plot: PlotArea, into canvas: inout SVGCanvas) {
        canvas.line(plot.left, plot.bottom, plot.right, plot.bottom, cls: "axis")
        for (i, tick) in x.ticks.enumerated() {
            let px = x(tick)
            canvas.line(px, plot.bottom, px, plot.bottom + 4, cls: "axis")
            let cls = i % 2 == 1 && x.ticks.count > 6 ? "tick odd" : "tick"
            canvas.text(px, plot.bottom + 19, Format.tickTime(tick), cls: cls, anchor: .middle)
        }
    }

    private func drawYAxis(_ axis: ChartAxis, _ y: Scale, at px: Double, _ plot: PlotArea,
                           into canvas: inout SVGCanvas) {
        let onLeft = px == plot.left
        canvas.line(px, plot.top, px, plot.bottom, cls: "axis")
        for tick in y.ticks {
            let py = y(tick)
            canvas.line(onLeft ? px - 4 : px, py, onLeft ? px : px + 4, py, cls: "axis")
            canvas.text(onLeft ? px - 7 : px + 7, py + 4, axis.tickLabel(tick), cls: "tick", anchor: onLeft ? .end : .start)
        }
        canvas.text(onLeft ? 4 : Self.width - 4, plot.top - 10, axis.unit, cls: "unit",
                    anchor: onLeft ? .start : .end, fill: axis.color)
    }

    private func draw(_ s: ChartSeries, x: Scale, y: Scale, _ plot: PlotArea, into canvas: inout SVGCanvas) {
        let n = min(s.x.count, s.y.count)
        let points: [(x: Double, y: Double)?] = (0..<n).map { i in
            y.canPlot(s.y[i]) ? (x(s.x[i]), y(s.y[i])) : nil
        }
        switch s.style {
        case .area:
            canvas.path(SVG.areaPath(points, baseline: plot.bottom), cls: "s-area", fill: s.color)
            canvas.path(SVG.linePath(points), cls: "s-line", stroke: s.color)
        case .line:
            canvas.path(SVG.linePath(points), cls: "s-line", stroke: s.color)
        case .thin:
            canvas.path(SVG.linePath(points), cls: "s-thin", stroke: s.color)
        case .dashed:
            canvas.path(SVG.linePath(points), cls: "s-dash", stroke: s.color)
        }
    }
}
