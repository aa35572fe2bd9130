/// A data table for the HTML report, horizontally scrollable on narrow screens.
struct HTMLTable {
    struct Column {
        var title: String
        /// Right-aligned, tabular figures.
        var numeric: Bool = false
    }

    struct Row {
        /// Cell contents, already HTML (escape text before putting it here).
        var cells: [String]
        var cls: String? = nil
        /// A heading row: its one cell spans every column.
        var heading = false
    }

    var columns: [Column]
    var rows: [Row]
    var caption: String? = nil
    var cls: String = "data"

    var html: String {
        var out = "<div class=\"table-wrap\"><table class=\"\(cls)\">"
        if let caption { out += "<caption>\(Escape.markup(caption))</caption>" }
        out += "<thead><tr>"
        for c in columns { out += c.numeric ? "<th class=\"num\">\(Escape.markup(c.title))</th>" : "<th>\(Escape.markup(c.title))</th>" }
        out += "</tr></thead><tbody>\n"
        for row in rows {
            if row.heading {
                out += "<tr class=\"group\"><th colspan=\"\(columns.count)\" scope=\"rowgroup\">\(row.cells.first ?? "")</th></tr>\n"
                continue
            }
            out += row.cls.map { "<tr class=\"\($0)\">" } ?? "<tr>"
            for (i, cell) in row.cells.enumerated() {
                out += i < columns.count && columns[i].numeric ? "<td class=\"num\">\(cell)</td>" : "<td>\(cell)</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody></table></div>\n"
    }

    /// `numeric` columns titled `titles`, after a first text column titled `first`.
    static func columns(_ first: String, _ titles: [String]) -> [Column] {
        [Column(title: first)] + titles.map { Column(title: $0, numeric: true) }
    }
}

/// Small HTML fragments shared by the report's sections.
enum HTML {
    static func text(_ s: String) -> String { Escape.markup(s) }
    static func code(_ s: String) -> String { "<code>\(Escape.markup(s))</code>" }
    static func badge(_ passed: Bool, pass: String = "pass", fail: String = "FAIL") -> String {
        passed ? "<span class=\"badge ok\">\(pass)</span>" : "<span class=\"badge bad\">\(fail)</span>"
    }
    static func ms(_ value: Double) -> String { Escape.markup(Format.ms(value)) }
    static func count(_ value: Int) -> String { Format.thousands(value) }
    /// `12 (0.4%)`, or just `0`.
    static func countWithShare(_ value: Int, of total: Int) -> String {
        guard value > 0, total > 0 else { return Format.thousands(value) }
        return Format.thousands(value) + " <span class=\"dim\">(\(Format.percent(Double(value) / Double(total))))</span>"
    }
}
