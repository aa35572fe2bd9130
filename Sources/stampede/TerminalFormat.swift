import Foundation
import StampedeResult

/// How the terminal writes numbers and columns, for runs, `report` and `compare` alike.
enum TerminalFormat {
    /// `850us`, `4.2ms`, `312ms`, `1.25s`.
    static func ms(_ v: Double) -> String {
        if v >= 1000 { return String(format: "%.2fs", v / 1000) }
        if v >= 100 { return String(format: "%.0fms", v) }
        if v >= 1 { return String(format: "%.1fms", v) }
        return String(format: "%.0fus", v * 1000)
    }

    /// A metric's value in its unit: a latency, a percentage, or a (grouped) number.
    static func value(_ v: Double, unit: MetricUnit) -> String {
        switch unit {
        case .ms: return ms(v)
        case .ratio: return String(format: "%.3f%%", v * 100)
        case .count: return v == v.rounded() ? grouped(Int(v)) : String(format: "%.2f", v)
        }
    }

    /// `s` padded on the right to `n` characters, or followed by one space if it is as long.
    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
    /// `s` padded on the left to `n` characters, or preceded by one space if it is as long.
    static func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? " " + s : String(repeating: " ", count: n - s.count) + s }
}

/// 1234567 → "1,234,567".
func grouped(_ n: Int) -> String {
    let s = String(abs(n))
    var out = ""
    for (i, c) in s.enumerated() {
        if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return (n < 0 ? "-" : "") + out
}
