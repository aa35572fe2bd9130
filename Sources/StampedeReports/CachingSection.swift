import StampedeResult

/// The caching section: each data class's strategy and what it cost and got, the write-behind
/// queues, and the cache's memory and persistence. Absent for results without caching data.
enum CachingSection {
    static func render(_ r: RunResult) -> String {
        guard let c = r.caching else { return "" }
        var out = "<section id=\"caching\"><h2>Caching strategies</h2>\n"
        out += "<p class=\"note\">Stale reads returned a value older than a write that had completed (past the class's "
            + "staleness bound) before they started; stale authorizations are allowed requests decided on one; "
            + "resurrections are stale reads after a cache crash of data a pre-crash write had replaced.</p>\n"
        for warning in c.warnings { out += "<p class=\"interrupted\"><strong>Warning:</strong> \(HTML.text(warning))</p>\n" }
        out += classesTable(c) + writeBehindTable(c) + memoryTable(c) + crashesTable(c.persistence)
        return out + "</section>\n"
    }

    private static func ordered(_ c: CachingResult) -> [(String, DataClassResult)] {
        DataClassKind.allCases.compactMap { kind in c.classes[kind].map { (kind.name, $0) } }
    }

    private static func classesTable(_ c: CachingResult) -> String {
        let rows = ordered(c).map { name, d -> HTMLTable.Row in
            let policy = "\(d.strategy), \(Format.duration(d.ttlS)) TTL, \(d.whenUnavailable)" + (d.critical ? ", critical" : "")
            let bad = d.staleAuthorizations > 0 || d.resurrections > 0
            return HTMLTable.Row(cells: [
                HTML.text(name), HTML.text(policy), HTML.count(d.reads), HTML.text(Format.percent(d.hitRatio)),
                HTML.count(d.fallbacks), HTML.count(d.evictions), HTML.count(d.expirations), HTML.count(d.staleReads),
                HTML.count(d.staleAuthorizations), HTML.count(d.resurrections), HTML.count(d.storeReads), HTML.count(d.storeWrites),
            ], cls: bad ? "fail" : (d.staleReads > 0 ? "warn" : nil))
        }
        var columns = [HTMLTable.Column(title: "data class"), HTMLTable.Column(title: "policy")]
        columns += ["reads", "hit ratio", "fallbacks", "evictions", "expirations", "stale reads", "stale auth.",
                    "resurrected", "store reads", "store writes"].map { HTMLTable.Column(title: $0, numeric: true) }
        return HTMLTable(columns: columns, rows: rows, caption: "Per data class").html
    }

    private static func writeBehindTable(_ c: CachingResult) -> String {
        let rows = ordered(c).compactMap { name, d -> HTMLTable.Row? in
            guard let w = d.writeBehind else { return nil }
            return HTMLTable.Row(cells: [HTML.text(name), HTML.count(w.enqueued), HTML.count(w.flushed), HTML.count(w.lost),
                                         HTML.count(w.unflushedAtEnd), HTML.count(w.queueMax), HTML.ms(w.flushLagMeanMs),
                                         HTML.ms(w.flushLagMaxMs)],
                                 cls: w.lost > 0 ? "fail" : nil)
        }
        guard !rows.isEmpty else { return "" }
        let columns = HTMLTable.columns("data class", ["queued", "flushed", "lost", "unflushed at end", "queue max",
                                                       "flush lag mean", "flush lag max"])
        return HTMLTable(columns: columns, rows: rows, caption: "Write-behind queues").html
    }

    private static func memoryTable(_ c: CachingResult) -> String {
        let m = c.memory
        let p = c.persistence
        let snapshots = p.snapshotEveryS > 0
            ? "every \(Format.duration(p.snapshotEveryS)): \(Format.thousands(p.snapshots)) taken, mean \(Format.ms(p.snapshotMsMean)), max \(Format.ms(p.snapshotMsMax))"
            : "off"
        let rows: [(String, String)] = [
            ("eviction policy", m.policy + (m.maxmemoryBytes > 0 ? ", maxmemory \(bytes(m.maxmemoryBytes))" : ", no maxmemory")
                + ", max \(Format.thousands(m.maxEntries)) keys"),
            ("memory used", "peak \(bytes(m.usedBytesPeak)), at end \(bytes(m.usedBytesAtEnd)) in \(Format.thousands(m.keysAtEnd)) keys"),
            ("evictions / refused writes", "\(Format.thousands(m.evictions)) / \(Format.thousands(m.outOfMemory))"),
            ("snapshots", snapshots),
            ("append-only log", p.critical.isEmpty ? "off (no critical class)"
                : "\(p.critical.map(\.name).joined(separator: ", ")), fsync \(p.fsync): \(bytes(p.logBytesTotal)) written, "
                    + "\(bytes(p.logBytesAtEnd)) since the last snapshot"),
            ("warming", "\(c.warm): \(Format.thousands(c.keysWarmed)) keys"),
        ]
        let table = HTMLTable(columns: [HTMLTable.Column(title: "cache"), HTMLTable.Column(title: "value")],
                              rows: rows.map { HTMLTable.Row(cells: [HTML.text($0.0), HTML.text($0.1)]) },
                              caption: "Memory and persistence", cls: "data narrow")
        return table.html
    }

    private static func crashesTable(_ p: PersistenceResult) -> String {
        guard !p.crashes.isEmpty else { return "" }
        let rows = p.crashes.map { k -> HTMLTable.Row in
            let lost = DataClassKind.allCases.compactMap { kind in
                k.writesLost[kind].map { "\(kind.name) \(Format.thousands($0))" }
            }
            return HTMLTable.Row(cells: [HTML.text(Format.clock(k.atS)), k.recoveryMs.map(HTML.ms) ?? "not recovered",
                                         HTML.text(k.fromSnapshot ? "snapshot + log" : "log only or empty"),
                                         HTML.count(k.keysRecovered), HTML.text(bytes(k.bytesLoaded)),
                                         HTML.count(k.writesLostTotal), HTML.text(lost.joined(separator: ", "))],
                                 cls: k.writesLostTotal > 0 ? "warn" : nil)
        }
        let columns = [HTMLTable.Column(title: "crash at"), HTMLTable.Column(title: "recovery", numeric: true),
                       HTMLTable.Column(title: "from"), HTMLTable.Column(title: "keys recovered", numeric: true),
                       HTMLTable.Column(title: "loaded", numeric: true), HTMLTable.Column(title: "writes lost", numeric: true),
                       HTMLTable.Column(title: "by class")]
        return HTMLTable(columns: columns, rows: rows, caption: "Cache crashes").html
    }

    /// `512 B`, `64.0 KB`, `12.3 MB` (binary units, as the scenario writes sizes).
    static func bytes(_ n: Int) -> String {
        let d = Double(n)
        if d < 1_024 { return "\(n) B" }
        if d < 1_048_576 { return Format.fixed(d / 1_024, 1) + " KB" }
        if d < 1_073_741_824 { return Format.fixed(d / 1_048_576, 1) + " MB" }
        return Format.fixed(d / 1_073_741_824, 2) + " GB"
    }
}
