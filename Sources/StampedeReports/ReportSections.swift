import StampedeResult

/// The tabular sections of the HTML report: SLOs, latency, cache.
enum ReportSections {
    static func slos(_ r: RunResult) -> String {
        var out = "<section id=\"slos\"><h2>SLOs</h2>\n"
        guard !r.slos.isEmpty else { return out + "<p class=\"note\">No SLOs declared.</p></section>\n" }
        let failed = r.slos.filter { !$0.passed }.count
        out += "<p class=\"note\">\(r.slos.count - failed) of \(r.slos.count) met. "
            + "Margin is the headroom left before the SLO fails; negative means over budget.</p>\n"
        var rows: [HTMLTable.Row] = []
        for group in SLOGroups.grouped(r.slos) {
            let failedHere = group.slos.filter { !$0.passed }.count
            let tally = failedHere == 0 ? "all met" : "\(failedHere) failed"
            rows.append(HTMLTable.Row(cells: [HTML.text(group.title) + " <span class=\"dim\">\(tally)</span>"], heading: true))
            rows += group.slos.map { slo in
                let row = SLORow(slo)
                return HTMLTable.Row(cells: [HTML.code(row.expression), HTML.text(row.measured), HTML.text(row.threshold),
                                             HTML.text(row.margin), HTML.badge(row.passed)],
                                     cls: row.passed ? nil : "fail")
            }
        }
        var columns = HTMLTable.columns("SLO", ["measured", "threshold", "margin"])
        columns.append(HTMLTable.Column(title: "result"))
        return out + HTMLTable(columns: columns, rows: rows).html + "</section>\n"
    }

    static func latency(_ r: RunResult) -> String {
        var out = "<section id=\"latency\"><h2>Latency</h2>\n"
        out += "<p class=\"note\">Latency from intended start to completion, so queueing is included. "
            + "Errors are failures of the system; denials are refusals the caller earned.</p>\n"
        out += operationsTable(r) + backendsTable(r) + poolsTable(r) + outcomesTable(r)
        return out + "</section>\n"
    }

    private static func operationsTable(_ r: RunResult) -> String {
        let rows = Presentation.orderedOperations(r.operations.keys).compactMap { kind -> HTMLTable.Row? in
            guard let op = r.operations[kind] else { return nil }
            let l = op.latencyMs
            return HTMLTable.Row(cells: [HTML.text(kind.name), HTML.count(op.count), HTML.countWithShare(op.errors, of: op.count),
                                         HTML.countWithShare(op.denied, of: op.count), HTML.ms(l.p50), HTML.ms(l.p90),
                                         HTML.ms(l.p99), HTML.ms(l.p999), HTML.ms(l.max), HTML.ms(l.mean)])
        }
        let columns = HTMLTable.columns("operation", ["count", "errors", "denied", "p50", "p90", "p99", "p99.9", "max", "mean"])
        return HTMLTable(columns: columns, rows: rows, caption: "Operations").html
    }

    private static func backendsTable(_ r: RunResult) -> String {
        let rows = r.backends.keys.sorted { $0.name < $1.name }.compactMap { call -> HTMLTable.Row? in
            guard let b = r.backends[call] else { return nil }
            return HTMLTable.Row(cells: [HTML.text(call.name), HTML.count(b.count), HTML.countWithShare(b.errors, of: b.count),
                                         HTML.ms(b.latencyMs.p50), HTML.ms(b.latencyMs.p99), HTML.ms(b.latencyMs.max),
                                         HTML.ms(b.waitMs.p99), HTML.ms(b.serviceMs.p99)])
        }
        let columns = HTMLTable.columns("backend call", ["count", "errors", "p50", "p99", "max", "wait p99", "service p99"])
        return HTMLTable(columns: columns, rows: rows, caption: "Backend calls (latency = wait for a connection + service)").html
    }

    private static func poolsTable(_ r: RunResult) -> String {
        let rows = r.pools.keys.sorted { $0.name < $1.name }.compactMap { pool -> HTMLTable.Row? in
            guard let p = r.pools[pool] else { return nil }
            let share = Swift.min(Swift.max(p.utilization, 0), 1) * 100
            let meter = "<span class=\"meter\"><span style=\"width:\(Format.trimmed(share))%\"></span></span>"
            return HTMLTable.Row(cells: [HTML.text(pool.name), HTML.count(p.capacity), HTML.count(p.calls),
                                         meter + HTML.text(Format.percent(p.utilization)), HTML.count(p.maxQueue),
                                         HTML.ms(p.meanWaitMs)],
                                 cls: p.utilization >= 0.9 ? "warn" : nil)
        }
        let columns = HTMLTable.columns("pool", ["capacity", "calls", "utilization", "max queue", "mean wait"])
        return HTMLTable(columns: columns, rows: rows, caption: "Resource pools").html
    }

    private static func outcomesTable(_ r: RunResult) -> String {
        guard !r.outcomes.isEmpty else { return "" }
        let order = Presentation.orderedOperationNames(r.outcomes.keys.map { String($0.split(separator: ".").first ?? "") })
        let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        let keys = r.outcomes.keys.sorted { a, b in
            let ra = rank[String(a.split(separator: ".").first ?? "")] ?? 0
            let rb = rank[String(b.split(separator: ".").first ?? "")] ?? 0
            return ra != rb ? ra < rb : a < b
        }
        let rows = keys.map { HTMLTable.Row(cells: [HTML.code($0), HTML.count(r.outcomes[$0] ?? 0)]) }
        return HTMLTable(columns: HTMLTable.columns("operation.outcome.reason", ["count"]), rows: rows,
                         caption: "Outcomes by operation and reason", cls: "data narrow").html
    }

    static func cache(_ r: RunResult) -> String {
        let c = r.cache
        let lookups = c.hits + c.misses
        let rows: [(String, String, String)] = [
            ("hits", HTML.count(c.hits), "lookups answered from the cache"),
            ("misses", HTML.count(c.misses), "lookups the store had to answer"),
            ("hit ratio", HTML.text(Format.percent(c.hitRatio)), "hits over \(Format.thousands(lookups)) lookups"),
            ("evictions", HTML.count(c.evictions), "entries dropped for space"),
            ("expirations", HTML.count(c.expirations), "entries dropped when their TTL ran out"),
            ("failures", HTML.count(c.failures), "calls that failed because the cache was unavailable"),
            ("fallbacks", HTML.count(c.fallbacks), "reads the store answered because the cache failed"),
            ("entries at end", HTML.count(c.entriesAtEnd), "live entries when the run ended"),
        ]
        let table = HTMLTable(
            columns: [HTMLTable.Column(title: "measure"), HTMLTable.Column(title: "value", numeric: true),
                      HTMLTable.Column(title: "meaning")],
            rows: rows.map { HTMLTable.Row(cells: [HTML.text($0.0), $0.1, "<span class=\"dim\">\(HTML.text($0.2))</span>"]) },
            cls: "data narrow")
        return "<section id=\"cache\"><h2>Cache</h2>\n" + table.html + "</section>\n"
    }
}
