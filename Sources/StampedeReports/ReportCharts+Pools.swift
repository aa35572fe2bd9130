import StampedeResult

extension ReportCharts {
    /// Pool utilization (left, 0–100%) and mean queue length (right) per window, one colour
    /// per pool; empty when the result has no per-window pool series (older results).
    static func pools(_ r: RunResult, _ t: PreparedTimeline, note: String) -> String {
        let pools = Palette.poolOrder.filter { r.timeline.pools[$0] != nil }
        guard !pools.isEmpty else { return "" }
        let sampler = Downsample(count: r.timeline.startS.count)
        var series: [ChartSeries] = []
        var legend: [LegendItem] = []
        for pool in pools {
            guard let p = r.timeline.pools[pool] else { continue }
            let name = pool.name
            let color = Palette.pool(pool)
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
        let peaks = pools.compactMap { pool -> String? in
            guard let q = r.timeline.pools[pool]?.queueMax.max(), q > 0 else { return nil }
            return "\(pool.name) \(Format.thousands(q))"
        }
        let peak = peaks.isEmpty ? "no call ever waited" : "longest queue: " + peaks.joined(separator: ", ")
        return figure(title: "Pools: utilization and queueing", note: "\(note); \(peak)", svg: chart.render(),
                      legend: legend, events: r.events)
    }
}

extension Palette {
    /// The order pools are drawn in on the charts: the cores, then the connection pools.
    static let poolOrder = [PoolKind.cores] + PoolKind.allCases.filter { $0 != .cores }

    /// The colour of a pool.
    static func pool(_ pool: PoolKind) -> String {
        switch pool {
        case .cores: return "#e15759"
        case .store: return "#8c6bb1"
        case .cache: return "#59a14f"
        }
    }
}
