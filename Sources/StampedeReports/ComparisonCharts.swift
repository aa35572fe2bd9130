import StampedeAnalysis
import StampedeResult

/// The comparison's `#charts` section: p99 over time of login and validate, one line per run.
enum ComparisonCharts {
    static let operations: [OperationKind] = [.login, .validate]

    static func section(_ c: Comparison, groups: [ComparisonGroup]) -> String {
        var out = "<section id=\"charts\"><h2>Charts</h2>\n<p class=\"note\">p99 latency per window over simulated "
            + "time, one line per run (the mean over its seeds). Shaded bands and dashed lines are the baseline's "
            + "fault windows and security events.</p>\n<div class=\"chart-grid\">\n"
        let drawn = operations.filter { op in groups.contains { g in g.results.contains { ($0.operations[op]?.count ?? 0) > 0 } } }
        if drawn.isEmpty { out += "<p class=\"note\">No login or validate requests in these runs.</p>\n" }
        for op in drawn { out += chart(op, groups: groups) }
        return out + "</div>\n</section>\n"
    }

    private static func chart(_ kind: OperationKind, groups: [ComparisonGroup]) -> String {
        let op = kind.name
        let duration = groups.flatMap(\.results).map(\.simulated.durationS).max() ?? 0
        var series: [ChartSeries] = []
        var legend: [LegendItem] = []
        var bucket = 1
        for (i, group) in groups.enumerated() {
            guard let (x, y, merged) = meanP99(kind, group.results) else { continue }
            bucket = max(bucket, merged)
            series.append(ChartSeries(name: group.name, color: ComparisonStyle.color(i), x: x, y: y))
            legend.append(LegendItem(label: group.name, color: ComparisonStyle.color(i), kind: .line))
        }
        let events = groups.first?.results.first?.events ?? []
        let chart = TimeSeriesChart(
            label: "\(op) p99 latency per run over simulated time, log scale", duration: duration,
            left: ChartAxis(unit: "\(op) p99 (log)", kind: .log, color: nil, tickLabel: Format.axisMs),
            right: nil, series: series, events: events)
        if events.contains(where: { $0.type == .fault }) { legend.append(LegendItem(label: "fault window", color: Palette.fault, kind: .band)) }
        if events.contains(where: { $0.type == .security }) {
            legend.append(LegendItem(label: "security event", color: Palette.security, kind: .dashed))
        }
        let note = bucket > 1 ? "max of \(bucket) windows per point" : "per window"
        return "<figure class=\"chart-box\"><figcaption><strong>\(Escape.markup(op)) p99 by run</strong> "
            + "<span>\(Escape.markup(note))</span></figcaption>\n" + chart.render() + "\n"
            + "<ul class=\"legend\">" + legend.map(\.html).joined() + "</ul></figure>\n"
    }

    /// The per-window p99 of `op` averaged over seeds (over the windows all seeds have),
    /// downsampled, with x at each point's middle; nil when no seed ran `op`.
    private static func meanP99(_ op: OperationKind, _ results: [RunResult]) -> (x: [Double], y: [Double], bucket: Int)? {
        let series = results.compactMap { $0.timeline.operations[op]?.p99Ms }
        guard let first = results.first, !series.isEmpty else { return nil }
        let n = series.map(\.count).min() ?? 0
        let mean = (0..<n).map { i in series.reduce(0) { $0 + $1[i] } / Double(series.count) }
        let sampler = Downsample(count: n)
        let span = first.timeline.windowS * Double(sampler.bucket)
        let x = sampler.first(Array(first.timeline.startS.prefix(n))).map { $0 + span / 2 }
        return (x, sampler.max(mean), sampler.bucket)
    }
}

/// The comparison's `#correctness` section: violations per invariant and run.
enum ComparisonCorrectness {
    static func section(_ c: Comparison, groups: [ComparisonGroup]) -> String {
        var invariants: [InvariantKind] = []
        for r in groups.flatMap(\.results) {
            for invariant in r.violations.byInvariant.keys where !invariants.contains(invariant) { invariants.append(invariant) }
        }
        invariants.sort { $0.rawValue < $1.rawValue }
        let out = "<section id=\"correctness\"><h2>Correctness</h2>\n<p class=\"note\">Violations per invariant, "
            + "summed over each run's seeds. Any violation fails a run with exit code 3.</p>\n"
        let rows = invariants.map { invariant -> HTMLTable.Row in
            let counts = groups.map { g in g.results.reduce(0) { $0 + ($1.violations.byInvariant[invariant] ?? 0) } }
            return HTMLTable.Row(cells: [HTML.code(invariant.rawValue)] + counts.map(HTML.count),
                                 cls: counts.contains { $0 > 0 } ? "fail" : nil)
        }
        let total = HTMLTable.Row(cells: ["<strong>all invariants</strong>"]
            + c.runs.map { "<strong>\(HTML.count($0.violations.reduce(0, +)))</strong>" })
        let columns = [HTMLTable.Column(title: "invariant")] + c.runs.map { HTMLTable.Column(title: $0.name, numeric: true) }
        return out + HTMLTable(columns: columns, rows: rows + [total], cls: "data narrow").html + "</section>\n"
    }
}
