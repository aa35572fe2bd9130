import StampedeResult

/// The `#charts` section: the run's time series and percentile curves as inline SVG.
enum ReportCharts {
    static func section(_ r: RunResult) -> String {
        let t = PreparedTimeline(r)
        let window = Format.precise(r.timeline.windowS) + " s"
        let merged = "of \(t.bucketWindows) windows of \(window) per point"
        let rates = t.bucketWindows > 1 ? "mean " + merged : "per \(window) window"
        let latencies = t.bucketWindows > 1 ? "max " + merged : "per \(window) window"
        var out = "<section id=\"charts\"><h2>Charts</h2>\n"
        out += "<p class=\"note\">Simulated time on every x axis. Shaded bands are fault windows, "
            + "dashed lines security events; hover either for details.</p>\n<div class=\"chart-grid\">\n"
        out += throughput(r, t, note: rates)
        out += latency(r, t, note: latencies)
        out += cache(r, t, note: rates)
        out += pools(r, t, note: rates)
        out += percentiles(r)
        out += supplementary(r, t, note: rates)
        return out + "</div>\n</section>\n"
    }

    private static func throughput(_ r: RunResult, _ t: PreparedTimeline, note: String) -> String {
        let chart = TimeSeriesChart(
            label: "Throughput and errors per second over simulated time", duration: t.duration,
            left: ChartAxis(unit: "req/s", kind: .linear, color: Palette.throughput, tickLabel: Format.compact),
            right: ChartAxis(unit: "errors/s", kind: .linear, color: Palette.errors, tickLabel: Format.compact),
            series: [
                ChartSeries(name: "throughput", color: Palette.throughput, x: t.x, y: t.throughput, style: .area),
                ChartSeries(name: "errors", color: Palette.errors, x: t.x, y: t.errors, axis: .right),
            ],
            events: r.events)
        let legend = [
            LegendItem(label: "completed requests/s (left)", color: Palette.throughput, kind: .area),
            LegendItem(label: "errors/s (right)", color: Palette.errors, kind: .line),
        ]
        return figure(title: "Throughput and errors", note: note, svg: chart.render(), legend: legend, events: r.events)
    }

    private static func latency(_ r: RunResult, _ t: PreparedTimeline, note: String) -> String {
        var series: [ChartSeries] = []
        var legend: [LegendItem] = []
        for (i, op) in t.operations.enumerated() {
            let color = Palette.operation(op.kind, index: i)
            series.append(ChartSeries(name: op.name + " p99", color: color, x: t.x, y: op.p99))
            series.append(ChartSeries(name: op.name + " p50", color: color, x: t.x, y: op.p50, style: .thin))
            legend.append(LegendItem(label: op.name, color: color, kind: .line))
        }
        legend.append(LegendItem(label: "thick p99, thin p50", color: Palette.neutral, kind: .note))
        let chart = TimeSeriesChart(
            label: "p99 and p50 latency per operation over simulated time, log scale", duration: t.duration,
            left: ChartAxis(unit: "latency (log)", kind: .log, color: nil, tickLabel: Format.axisMs),
            right: nil, series: series, events: r.events)
        return figure(title: "Latency per operation", note: note, svg: chart.render(), legend: legend, events: r.events)
    }

    private static func cache(_ r: RunResult, _ t: PreparedTimeline, note: String) -> String {
        let chart = TimeSeriesChart(
            label: "Cache hit ratio and store calls per second over simulated time", duration: t.duration,
            left: ChartAxis(unit: "hit ratio", kind: .ratio, color: Palette.hitRatio, tickLabel: { Format.trimmed($0 * 100) + "%" }),
            right: ChartAxis(unit: "store calls/s", kind: .linear, color: Palette.storeCalls, tickLabel: Format.compact),
            series: [
                ChartSeries(name: "hit ratio", color: Palette.hitRatio, x: t.x, y: t.hitRatio, style: .area),
                ChartSeries(name: "store calls/s", color: Palette.storeCalls, x: t.x, y: t.storeCalls, axis: .right),
            ],
            events: r.events)
        let legend = [
            LegendItem(label: "cache hit ratio (left)", color: Palette.hitRatio, kind: .area),
            LegendItem(label: "store calls/s (right)", color: Palette.storeCalls, kind: .line),
        ]
        return figure(title: "Cache hit ratio and store load", note: note, svg: chart.render(), legend: legend, events: r.events)
    }

    private static func percentiles(_ r: RunResult) -> String {
        let names = Presentation.orderedOperations(r.operations.keys)
        var curves: [PercentileChart.Curve] = []
        var legend: [LegendItem] = []
        for (i, op) in names.enumerated() {
            let color = Palette.operation(op, index: i)
            curves.append(PercentileChart.Curve(name: op.name, color: color, points: r.operations[op]?.percentiles ?? []))
            legend.append(LegendItem(label: op.name, color: color, kind: .line))
        }
        let chart = PercentileChart(label: "Latency by percentile per operation, whole run", curves: curves)
        return figure(title: "Latency by percentile", note: "whole run, HDR histogram", svg: chart.render(),
                      legend: legend, events: [])
    }

    static func figure(title: String, note: String, svg: String, legend: [LegendItem],
                       events: [TimelineEvent], id: String? = nil) -> String {
        var items = legend
        if events.contains(where: { $0.type == .fault }) {
            items.append(LegendItem(label: "fault window", color: Palette.fault, kind: .band))
        }
        if events.contains(where: { $0.type == .security }) {
            items.append(LegendItem(label: "security event", color: Palette.security, kind: .dashed))
        }
        if events.contains(where: { $0.type == .breaker }) {
            items.append(LegendItem(label: "breaker open", color: Palette.breaker, kind: .band))
        }
        if events.contains(where: { $0.type == .alert }) {
            items.append(LegendItem(label: "burn-rate alert", color: Palette.alert, kind: .band))
        }
        let anchor = id.map { " id=\"\(Escape.markup($0))\"" } ?? ""
        return "<figure class=\"chart-box\"\(anchor)><figcaption><strong>\(Escape.markup(title))</strong> "
            + "<span>\(Escape.markup(note))</span></figcaption>\n" + svg + "\n"
            + "<ul class=\"legend\">" + items.map(\.html).joined() + "</ul></figure>\n"
    }
}

/// One entry of a chart legend, rendered as HTML so it wraps on narrow screens.
struct LegendItem {
    enum Kind: String { case line, area, band, dashed, note }

    var label: String
    var color: String
    var kind: Kind

    var html: String {
        if kind == .note { return "<li class=\"legend-note\">\(Escape.markup(label))</li>" }
        return "<li><i class=\"sw sw-\(kind.rawValue)\" style=\"--c:\(color)\"></i>\(Escape.markup(label))</li>"
    }
}
