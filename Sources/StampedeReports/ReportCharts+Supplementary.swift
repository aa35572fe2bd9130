import StampedeResult

/// Charts for the optional per-window series in `Timeline.series`, keyed `<group>.<name>`:
/// one chart per group (breaker states, retries, shed load, ...), drawn only when the result
/// has such series. A producer adds a series to the result and the report shows it; nothing
/// here needs to know the group in advance.
extension ReportCharts {
    /// Known groups' titles and units; any other group is drawn with its own name.
    static let supplementaryGroups: [String: (title: String, unit: String)] = [
        "breaker": ("Circuit breakers", "open (1) / closed (0)"),
        "retries": ("Retries", "retries/s"),
        "shed": ("Shed load", "shed requests/s"),
        "timeouts": ("Timeouts", "timeouts/s"),
    ]

    /// The series of `Timeline.series` grouped by the part of their key before the first
    /// `.`, groups and names sorted.
    static func supplementaryGroupsPresent(_ r: RunResult) -> [(group: String, series: [(name: String, values: [Double])])] {
        var groups: [String: [(name: String, values: [Double])]] = [:]
        for key in r.timeline.series.keys.sorted() {
            let parts = key.split(separator: ".", maxSplits: 1)
            let group = String(parts[0])
            let name = parts.count > 1 ? String(parts[1]) : group
            groups[group, default: []].append((name, r.timeline.series[key] ?? []))
        }
        return groups.keys.sorted().map { ($0, groups[$0] ?? []) }
    }

    static func supplementary(_ r: RunResult, _ t: PreparedTimeline, note: String) -> String {
        let sampler = Downsample(count: r.timeline.startS.count)
        var out = ""
        for (group, members) in supplementaryGroupsPresent(r) {
            let known = supplementaryGroups[group]
            var series: [ChartSeries] = []
            var legend: [LegendItem] = []
            for (i, member) in members.enumerated() {
                let color = Palette.operation(nil, index: i)
                series.append(ChartSeries(name: member.name, color: color, x: t.x, y: sampler.max(member.values)))
                legend.append(LegendItem(label: member.name, color: color, kind: .line))
            }
            let title = known?.title ?? group
            let chart = TimeSeriesChart(
                label: "\(title) over simulated time", duration: t.duration,
                left: ChartAxis(unit: known?.unit ?? group, kind: .linear, color: nil, tickLabel: Format.compact),
                right: nil, series: series, events: r.events)
            let bucketNote = note.hasPrefix("mean") ? "max" + note.dropFirst(4) : note
            out += figure(title: title, note: String(bucketNote), svg: chart.render(), legend: legend, events: r.events,
                          id: "chart-" + group)
        }
        return out
    }
}
