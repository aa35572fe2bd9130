import StampedeResult

/// The `#chaos` section: each fault with how the system did during it and how long it took
/// to recover, what the resilience policies did, availability against its error budget,
/// and burn-rate alerts. The fault windows themselves are shaded on the charts.
enum ChaosSection {
    static func render(_ r: RunResult) -> String {
        guard let c = r.chaos else { return "" }
        var out = "<section id=\"chaos\"><h2>Faults and resilience</h2>\n"
        out += availability(c.availability)
        out += faults(c)
        out += resilience(c.resilience)
        out += alerts(c.alerts)
        return out + "</section>\n"
    }

    private static func availability(_ a: AvailabilityResult) -> String {
        var text = "Availability \(HTML.text(Format.percent(a.measured)))"
        if let target = a.target, let consumed = a.budgetConsumed {
            text += " against a target of \(HTML.text(Format.percent(target))): "
                + "\(HTML.text(Format.percent(consumed))) of the error budget consumed."
        } else {
            text += "; no availability SLO, so no error budget."
        }
        return "<p class=\"note\">\(text)</p>\n"
    }

    private static func faults(_ c: ChaosResult) -> String {
        guard !c.faults.isEmpty else { return "<p class=\"note\">No faults were injected.</p>\n" }
        let judged = !c.recoveryJudgedBy.isEmpty
        let rows = c.faults.map { f -> HTMLTable.Row in
            let when = f.occurrences.first.map { o in
                Format.clock(o.startS) + (o.endS > o.startS ? "–" + Format.clock(o.endS) : "")
                    + (f.occurrences.count > 1 ? " ×\(f.occurrences.count)" : "")
            } ?? ""
            let recovery = !judged ? "not judged" : f.recoveryS.map { Format.duration($0) } ?? "not recovered"
            let during = f.during.map { d in
                Format.percent(d.availability) + " of " + Format.thousands(d.requests)
            } ?? "instant"
            return HTMLTable.Row(cells: [HTML.code(f.name), HTML.text(f.target), HTML.text(when),
                                         "<span class=\"dim\">\(HTML.text(f.detail))</span>", HTML.text(during),
                                         HTML.text(recovery)],
                                 cls: judged && !f.recovered ? "fail" : nil)
        }
        let columns = [HTMLTable.Column(title: "fault"), HTMLTable.Column(title: "target"), HTMLTable.Column(title: "when"),
                       HTMLTable.Column(title: "what"), HTMLTable.Column(title: "availability during", numeric: true),
                       HTMLTable.Column(title: "recovery", numeric: true)]
        let caption = judged
            ? "Faults; recovery is the time from a fault's end until \(c.recoveryJudgedBy.joined(separator: ", ")) "
                + "held for \(Format.duration(c.recoveryWindowS))"
            : "Faults; no whole-run SLO can be read per window, so recovery is not judged"
        return HTMLTable(columns: columns, rows: rows, caption: caption).html
    }

    private static func resilience(_ res: ResilienceResult) -> String {
        guard !res.counts.isEmpty || !res.breakerAtEnd.isEmpty else {
            return "<p class=\"note\">No resilience policy acted (no timeouts, retries, breaker trips, shedding or fallbacks).</p>\n"
        }
        let signals = ResilienceSignalKind.allCases
        let sources = ResilienceSourceKind.allCases.filter { res.counts[$0] != nil || res.breakerAtEnd[$0] != nil }
        let rows = sources.map { source -> HTMLTable.Row in
            let counts = res.counts[source] ?? [:]
            return HTMLTable.Row(cells: [HTML.text(source.name)] + signals.map { HTML.count(counts[$0] ?? 0) }
                                 + [HTML.text(res.breakerAtEnd[source] ?? "-")])
        }
        var columns = HTMLTable.columns("source", signals.map { $0.name.replacingOccurrences(of: "_", with: " ") })
        columns.append(HTMLTable.Column(title: "breaker at end"))
        return HTMLTable(columns: columns, rows: rows, caption: "What the resilience policies and fallbacks did").html
    }

    private static func alerts(_ alerts: [AlertResult]) -> String {
        guard !alerts.isEmpty else { return "" }
        let rows = alerts.map { a in
            HTMLTable.Row(cells: [HTML.text(a.severity), HTML.text(Format.number(a.threshold) + "x over " + Format.duration(a.windowS)),
                                  HTML.text(Format.clock(a.startS) + "–" + Format.clock(a.endS)),
                                  HTML.text(Format.number(a.peakBurnRate) + "x")],
                          cls: a.severity == "critical" ? "fail" : "warn")
        }
        let columns = [HTMLTable.Column(title: "severity"), HTMLTable.Column(title: "rule"), HTMLTable.Column(title: "when"),
                       HTMLTable.Column(title: "peak burn rate", numeric: true)]
        return HTMLTable(columns: columns, rows: rows, caption: "Error-budget burn-rate alerts").html
    }
}
