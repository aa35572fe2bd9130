import StampedeScenario

extension ReportCharts {
    /// Pool utilization (left, 0–100%) and mean queue length (right) per window, one colour
    /// per pool; empty when the result has no per-window pool series (older results).
    static func pools(_ r: RunResult, _ t: PreparedTimeline, note: String) -> String {
        let names = Palette.poolOrder.filter { r.timeline.pools[$0] != nil }
            + r.timeline.pools.keys.filter { !Palette.poolOrder.contains($0) }.sorted()
        guard !names.isEmpty else { return "" }
        let sampler = Downsample(count: r.timeline.startS.count)
        var series: [ChartSeries] = []
        var legend: [LegendItem] = []
        for (i, name) in names.enumerated() {
            guard let p = r.timeline.pools[name] else { continue }
            let color = Palette.pool(name, index: i)
            series.append(ChartSeries(name: name + " utilization", color: color, x: t.x, y: sampler.mean(p.utilization)))
            series.append(ChartSeries(name: name + " queue", color: color, x: t.x, y: sampler.mean(p.queueMean),
                                      axis: .right, style: .dashed))
            legend.append(LegendItem(label: name, color: color, kind: .line))
        }
        legend.append(LegendItem(label: "solid: utilization (left); dashed: mean queue (right)", color: Palette.neutral, kind: .note))
        let chart = TimeSeriesChart(
            label: "Pool utilization and mean queue length over simulated time", duration: t.duration,
            left: ChartAxis(unit: "utilization", kind: .ratio, color: nil, tickLabel: { Format.trimmed($0 * 100) + "%" }),
            right: ChartAxis(unit: "queued calls", kind: .linear, color: nil, tickLabel: Format.compact),
            series: series, events: r.events)
        let peaks = names.compactMap { name -> String? in
            guard let q = r.timeline.pools[name]?.queueMax.max(), q > 0 else { return nil }
            return "\(name) \(Format.thousands(q))"
        }
        let peak = peaks.isEmpty ? "no call ever waited" : "longest queue: " + peaks.joined(separator: ", ")
        return figure(title: "Pools: utilization and queueing", note: "\(note); \(peak)", svg: chart.render(),
                      legend: legend, events: r.events)
    }
}

extension Palette {
    static let poolOrder = ["cores", "store", "cache"]
    private static let pools = ["cores": "#e15759", "store": "#8c6bb1", "cache": "#59a14f"]

    /// The colour of a pool: fixed for the known ones, by position for any other.
    static func pool(_ name: String, index: Int) -> String {
        pools[name] ?? operation("", index: index)
    }
}
