import StampedeResult

/// `capacity.html`: one self-contained page — the answer, the knee curve, utilization per
/// pool against rate, the probes, the sizing table and the explanations. Loads nothing;
/// the same result gives the same bytes outside the footer's facts.
public enum CapacityHTML {
    public static func render(_ r: CapacityResult) -> String {
        var out = HTMLPage.open(title: "\(HTML.text(r.scenario.name)) - Stampede capacity", css: css)
        out += header(r)
        var toc = [("curve", "Knee curve"), ("probes", "Probes")]
        if r.sizing != nil { toc.append(("sizing", "Sizing")) }
        if r.explanations != nil { toc.append(("explain", "Explain")) }
        out += HTMLPage.toc(toc) + "<main>\n"
        out += charts(r) + probes(r)
        if let s = r.sizing { out += sizing(s) }
        if let e = r.explanations { out += explain(e) }
        out += "</main>\n<footer>Stampede \(HTML.text(r.version)) capacity search: \(r.meta.runs) runs in "
            + "\(HTML.text(Format.duration(r.meta.wallSeconds))) on \(r.meta.jobs) jobs.</footer>\n"
        return out + HTMLPage.close
    }

    static let css = """
    .answer{font-size:16px;margin:10px 0 4px}
    .findings{margin:8px 0 0;padding-left:20px}
    .findings li{margin:2px 0}
    td.wrap{white-space:normal;min-width:14ch}

    """

    private static func header(_ r: CapacityResult) -> String {
        let missed = r.exitCode == 1
        let cls = r.interrupted || missed ? "slo-failed" : "pass"
        var out = "<header id=\"overview\" class=\"v-\(cls)\">\n<div class=\"head-top\"><div class=\"head-title\">"
        out += "<p class=\"eyebrow\">Stampede capacity</p><h1>\(HTML.text(r.scenario.name))</h1>"
        out += "<p class=\"desc\">\(HTML.text(r.scenario.description))</p></div>\n"
        let word = r.maximum.map { CapacityFormat.rate($0.rate) } ?? "-"
        let sub = r.settings.targetFactor == nil ? (r.maximum.map { CapacityFormat.factor($0.factor) + " of the file" } ?? "")
            : (missed ? "target missed" : "target met")
        out += "<div class=\"verdict v-\(cls)\" role=\"status\"><span class=\"verdict-label\">sustainable</span>"
        out += "<span class=\"verdict-word\">\(HTML.text(word))</span><span class=\"verdict-sub\">\(HTML.text(sub))</span></div></div>\n"
        if r.interrupted { out += "<p class=\"interrupted\">Interrupted (Ctrl-C): what was measured until then.</p>\n" }
        out += "<p class=\"answer\"><strong>\(HTML.text(CapacityFormat.maximumSentence(r)))</strong></p>\n<ul class=\"findings\">"
        for s in [CapacityFormat.spreadSentence(r), CapacityFormat.saturationSentence(r), CapacityFormat.breachSentence(r),
                  CapacityFormat.targetSentence(r)].compactMap({ $0 }) {
            out += "<li>\(HTML.text(s))</li>"
        }
        out += "</ul>\n<dl class=\"facts\">"
        let facts: [(String, String)] = [
            ("scaled", r.settings.phase.map { "phase \($0)" } ?? "every phase"),
            ("file's rate", CapacityFormat.rate(r.baseRate)),
            ("seeds", r.settings.seeds.map(String.init).joined(separator: ", ")),
            ("resolution", Format.percent(r.settings.resolution)),
            ("probes", "\(r.probes.count)"), ("runs", "\(r.meta.runs)"),
        ]
        for (k, v) in facts { out += "<div><dt>\(HTML.text(k))</dt><dd>\(HTML.text(v))</dd></div>" }
        out += "</dl>\n<p class=\"scenario-file\">Judged: " + r.settings.slos.map(HTML.code).joined(separator: " ") + "</p>\n"
        out += "<div class=\"repro\"><span>Reproduce</span><pre><code>\(HTML.text(r.meta.command))</code></pre></div>\n"
        return out + "</header>\n"
    }

    private static func marks(_ r: CapacityResult) -> [CapacityChart.Mark] {
        var marks: [CapacityChart.Mark] = []
        if let m = r.maximum, m.factor > 0 { marks.append(.init(x: m.rate, label: "max \(CapacityFormat.rate(m.rate))", color: Palette.throughput)) }
        if let t = r.settings.targetFactor {
            let need = t * (1 + r.settings.headroom) * r.baseRate
            marks.append(.init(x: need, label: "target+headroom \(CapacityFormat.rate(need))", color: Palette.alert))
        }
        return marks
    }

    private static func charts(_ r: CapacityResult) -> String {
        let probes = r.probes
        let marks = marks(r)
        var out = "<section id=\"curve\"><h2>Knee curve</h2>\n<p class=\"note\">One point per probe: the scenario with its rate "
            + "scaled, run at every seed. Latencies and utilization are the worst seed's; completed requests are the mean. "
            + "Where completed requests stop rising with the offered rate, and latency turns up, is the knee.</p>\n"
        out += "<div class=\"chart-grid\">\n"
        let completed = CapacityChart(
            label: "Completed requests per second against offered rate",
            series: [.init(name: "completed requests/s", color: Palette.throughput,
                           points: probes.map { ($0.rate, CapacityFormat.mean($0, \.completedRate)) })],
            marks: marks, yTick: { Format.number($0) })
        out += completed.figure(title: "Throughput", note: "completed requests/s")
        let ops = CapacityFormat.operations(probes)
        let latency = CapacityChart(
            label: "p99 latency per operation against offered rate",
            series: ops.enumerated().map { i, op in
                .init(name: "\(op) p99", color: Palette.operation(OperationKind(name: op), index: i),
                      points: probes.compactMap { p in CapacityFormat.worst(p, { $0.operations[op]?.p99Ms }).map { (p.rate, $0) } })
            }, marks: marks, yTick: { Format.ms($0) }, log: true)
        out += latency.figure(title: "Latency", note: "p99 per operation, log scale")
        let colors: [PoolKind: String] = [.store: Palette.storeCalls, .cache: Palette.hitRatio, .cores: Palette.alert]
        let util = CapacityChart(
            label: "Utilization per pool against offered rate",
            series: PoolKind.allCases.flatMap { pool -> [CapacityChart.Series] in
                [.init(name: "\(pool.name) peak window", color: colors[pool] ?? Palette.neutral,
                       points: probes.compactMap { p in CapacityFormat.worst(p, { $0.pools[pool.name]?.peakUtilization }).map { (p.rate, $0) } }),
                 .init(name: "\(pool.name) whole run", color: colors[pool] ?? Palette.neutral,
                       points: probes.compactMap { p in CapacityFormat.worst(p, { $0.pools[pool.name]?.utilization }).map { (p.rate, $0) } },
                       dashed: true)]
            }, marks: marks, yTick: { Format.percent($0) }, yMax: 1)
        out += util.figure(title: "Utilization per pool", note: "busiest window (solid) and whole run (dashed)")
        let errors = CapacityChart(
            label: "Error rate against offered rate",
            series: [.init(name: "error rate", color: Palette.errors,
                           points: probes.map { ($0.rate, CapacityFormat.worst($0, { $0.errorRate }) ?? 0) })],
            marks: marks, yTick: { Format.percent($0) })
        out += errors.figure(title: "Errors", note: "failed requests over all requests")
        return out + "</div>\n</section>\n"
    }

    private static func probes(_ r: CapacityResult) -> String {
        var out = "<section id=\"probes\"><h2>Probes</h2>\n<p class=\"note\">Every probe of the rate search in order of rate, "
            + "worst seed (completed requests: the mean). A probe stops at its first failing seed. Utilization is busy time over "
            + "capacity for the whole run and for the busiest metrics window; drops are arrivals the harness could not start "
            + "because too many journeys were in flight.</p>\n"
        var columns = [HTMLTable.Column(title: "factor"), HTMLTable.Column(title: "rate", numeric: true),
                       HTMLTable.Column(title: "verdict"), HTMLTable.Column(title: "seeds", numeric: true),
                       HTMLTable.Column(title: "completed req/s", numeric: true), HTMLTable.Column(title: "errors", numeric: true),
                       HTMLTable.Column(title: "drops", numeric: true)]
        for pool in PoolKind.allCases {
            columns += [.init(title: "\(pool.name) util", numeric: true), .init(title: "\(pool.name) peak", numeric: true),
                        .init(title: "\(pool.name) max queue", numeric: true)]
        }
        let rows = r.probes.map { p -> HTMLTable.Row in
            var cells = lead(p) + [HTML.count(p.seeds.count), HTML.text(Format.number(CapacityFormat.mean(p, \.completedRate).rounded())),
                                   HTML.text(Format.percent(CapacityFormat.worst(p, { $0.errorRate }) ?? 0)),
                                   HTML.count(p.seeds.map(\.journeysDropped).reduce(0, +))]
            for pool in PoolKind.allCases {
                cells.append(percent(p) { $0.pools[pool.name]?.utilization })
                cells.append(percent(p) { $0.pools[pool.name]?.peakUtilization })
                cells.append(CapacityFormat.worst(p, { $0.pools[pool.name].map { Double($0.maxQueue) } }).map { HTML.text(Format.number($0)) } ?? "-")
            }
            return HTMLTable.Row(cells: cells, cls: p.passed ? nil : "fail")
        }
        out += HTMLTable(columns: columns, rows: rows, caption: "Load and pools").html
        let ops = CapacityFormat.operations(r.probes)
        var latencyColumns = [HTMLTable.Column(title: "factor"), HTMLTable.Column(title: "rate", numeric: true),
                              HTMLTable.Column(title: "verdict")]
        for op in ops { latencyColumns += [.init(title: "\(op) p50", numeric: true), .init(title: "\(op) p99", numeric: true)] }
        let latencyRows = r.probes.map { p -> HTMLTable.Row in
            var cells = lead(p)
            for op in ops {
                cells.append(CapacityFormat.worst(p, { $0.operations[op]?.p50Ms }).map(HTML.ms) ?? "-")
                cells.append(CapacityFormat.worst(p, { $0.operations[op]?.p99Ms }).map(HTML.ms) ?? "-")
            }
            return HTMLTable.Row(cells: cells, cls: p.passed ? nil : "fail")
        }
        out += HTMLTable(columns: latencyColumns, rows: latencyRows, caption: "Latency per operation", cls: "data narrow").html
        let slos = r.settings.slos
        let marginColumns = [HTMLTable.Column(title: "factor"), HTMLTable.Column(title: "rate", numeric: true),
                             HTMLTable.Column(title: "verdict")] + slos.map { HTMLTable.Column(title: $0, numeric: true) }
        let marginRows = r.probes.map { p -> HTMLTable.Row in
            HTMLTable.Row(cells: lead(p) + slos.map { margin($0, in: p) }, cls: p.passed ? nil : "fail")
        }
        out += HTMLTable(columns: marginColumns, rows: marginRows,
                         caption: "SLO margins: how far the worst seed is from the threshold, as a share of it (negative breaks)",
                         cls: "data narrow").html
        return out + "</section>\n"
    }

    private static func lead(_ p: CapacityProbe) -> [String] {
        [HTML.text(CapacityFormat.factor(p.factor)), HTML.text(CapacityFormat.rate(p.rate)), HTML.badge(p.passed)]
    }

    private static func percent(_ p: CapacityProbe, _ read: (ProbeMeasurement) -> Double?) -> String {
        CapacityFormat.worst(p, read).map { HTML.text(Format.percent($0)) } ?? "-"
    }

    private static func margin(_ expression: String, in p: CapacityProbe) -> String {
        let all = p.seeds.compactMap { m in m.slos.first { $0.expression == expression } }
        guard let s = all.min(by: { $0.margin < $1.margin }) else { return "-" }
        let text = HTML.text(Format.percent(s.margin)) + " <span class=\"dim\">\(HTML.text(CapacityFormat.value(s.value, s.unit)))</span>"
        return s.passed ? text : "<span class=\"bad-text\">\(text)</span>"
    }

    private static func sizing(_ s: CapacitySizing) -> String {
        var out = "<section id=\"sizing\"><h2>Sizing for \(HTML.text(CapacityFormat.rate(s.rate)))</h2>\n"
        out += "<p class=\"note\">The target with its headroom (\(HTML.text(CapacityFormat.factor(s.factor))) of the file's rate). "
            + "\"Alone\": the smallest value holding every judged SLO with the other knobs as the file has them. "
            + "\"Recommended\": the joint answer, each knob shrunk as far as it goes with the others at their answer.</p>\n"
        let rows = s.knobs.map { k in
            HTMLTable.Row(cells: [HTML.text(CapacityFormat.knobLabel(k.key)) + " " + HTML.code(k.key), HTML.count(k.current),
                                  k.alone.map(HTML.count) ?? "<span class=\"dim\">none within 8×</span>",
                                  (k.recommended.map(HTML.count) ?? "<span class=\"bad-text\">none found</span>")
                                      + (k.instances.map { " <span class=\"dim\">(\($0) instances)</span>" } ?? "")])
        }
        out += HTMLTable(columns: HTMLTable.columns("knob", ["in the file", "alone", "recommended"]), rows: rows, cls: "data narrow").html
        if !s.setLines.isEmpty {
            out += "<p>Apply with:</p><pre><code>\(HTML.text(s.setLines.joined(separator: " \\\n")))</code></pre>\n"
            out += "<p>Or as a YAML patch, merged into the scenario's <code>system:</code>:</p><pre><code>\(HTML.text(s.yamlPatch))</code></pre>\n"
        }
        out += "<p>Re-run of the answer at every seed: \(HTML.badge(s.met, pass: "passes", fail: "FAILS"))</p>\n"
        return out + "</section>\n"
    }

    private static func explain(_ e: [CapacityExplanation]) -> String {
        var out = "<section id=\"explain\"><h2>Failed SLOs explained</h2>\n"
        if e.isEmpty { return out + "<p>Every judged SLO holds as the file stands.</p></section>\n" }
        out += "<p class=\"note\">For each SLO that fails as the file stands: the smallest single change among the sizing knobs "
            + "(smallest relative to the file's value) that makes it pass at every seed.</p>\n<ul class=\"findings\">"
        for x in e { out += "<li>\(HTML.text(x.sentence))</li>" }
        return out + "</ul></section>\n"
    }
}
