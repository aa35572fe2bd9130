import StampedeResult

/// The `#correctness` section: invariant counts, then each recorded violation with the
/// history that witnesses it.
enum CorrectnessSection {
    static func render(_ r: RunResult) -> String {
        let v = r.violations
        let invariants = Presentation.invariants(v)
        var out = "<section id=\"correctness\"><h2>Correctness</h2>\n"
        if v.count == 0 {
            out += "<p class=\"note\">No invariant violated; \(invariants.count) invariants checked over the whole history.</p>\n"
        } else {
            let perKind = Dictionary(grouping: v.items, by: \.invariant).values.map(\.count).max() ?? 0
            let shown = v.items.count < v.count
                ? " Shown with their witnesses: the first \(perKind) of each invariant, \(v.items.count) in all." : ""
            out += "<p class=\"note bad-text\"><strong>\(Format.thousands(v.count)) "
                + "violation\(v.count == 1 ? "" : "s").</strong>\(shown)</p>\n"
        }
        let rows = invariants.map { invariant, count in
            HTMLTable.Row(cells: [HTML.code(invariant.rawValue), HTML.count(count),
                                  HTML.badge(count == 0, pass: "holds", fail: "VIOLATED")],
                          cls: count > 0 ? "fail" : nil)
        }
        let columns = [HTMLTable.Column(title: "invariant"), HTMLTable.Column(title: "violations", numeric: true),
                       HTMLTable.Column(title: "status")]
        out += HTMLTable(columns: columns, rows: rows, cls: "data narrow").html
        for (i, item) in v.items.enumerated() { out += violation(item, number: i + 1) }
        return out + "</section>\n"
    }

    private static func violation(_ v: ViolationItem, number: Int) -> String {
        var out = "<article class=\"violation\"><h3>#\(number) \(HTML.code(v.invariant.rawValue))</h3>\n"
        out += "<p>\(HTML.text(v.message))</p>\n<dl class=\"kv\">"
        out += "<div><dt>user</dt><dd>\(v.user)</dd></div>"
        out += "<div><dt>session</dt><dd>\(HTML.code(v.session))</dd></div>"
        out += "<div><dt>request started</dt><dd>\(Format.clock(v.atS))</dd></div>"
        out += "<div><dt>security event completed</dt><dd>\(Format.clock(v.eventAtS))</dd></div>"
        out += "<div><dt>exposure window</dt><dd>\(HTML.text(Format.ms((v.atS - v.eventAtS) * 1000))) "
            + "(\(Format.clock(v.eventAtS)) to \(Format.clock(v.atS)))</dd></div>"
        out += "</dl>\n" + witness(v) + "</article>\n"
        return out
    }

    /// The witness events as a table with a bar per event on a shared time axis, the
    /// completion of the security event marked on every bar.
    private static func witness(_ v: ViolationItem) -> String {
        guard !v.witness.isEmpty else { return "<p class=\"note\">No witness recorded.</p>\n" }
        let times = v.witness.flatMap { [$0.startS, $0.endS] } + [v.atS, v.eventAtS]
        let lo = times.min() ?? 0
        let span = Swift.max((times.max() ?? 0) - lo, 1e-9)
        func pct(_ t: Double) -> String { Format.trimmed((t - lo) / span * 100) }
        let exposure = Swift.max((v.atS - v.eventAtS) / span * 100, 0)
        let eventMark = "<i class=\"wt-exposure\" style=\"left:\(pct(v.eventAtS))%;width:\(Format.trimmed(exposure))%\"></i>"
            + "<i class=\"wt-event\" style=\"left:\(pct(v.eventAtS))%\"></i>"
        let rows = v.witness.sorted { ($0.startS, $0.endS) < ($1.startS, $1.endS) }.map { w -> HTMLTable.Row in
            let width = Swift.max((w.endS - w.startS) / span * 100, 0.6)
            let bar = "<span class=\"wt\">" + eventMark
                + "<b style=\"left:\(pct(w.startS))%;width:\(Format.trimmed(width))%\"></b></span>"
            return HTMLTable.Row(cells: [Format.clock(w.startS), Format.clock(w.endS),
                                         HTML.text(Format.ms((w.endS - w.startS) * 1000)), HTML.text(w.what), bar])
        }
        let columns = [HTMLTable.Column(title: "start", numeric: true), HTMLTable.Column(title: "end", numeric: true),
                       HTMLTable.Column(title: "took", numeric: true), HTMLTable.Column(title: "what"),
                       HTMLTable.Column(title: "timeline")]
        return HTMLTable(columns: columns, rows: rows, caption: "Witness: the session's issue, the event that made the request illegal, "
                         + "the user's events just before it, and the request (purple mark: security event completed; red band: "
                         + "exposure window until the request)",
                         cls: "data witness").html
    }
}
