import Foundation

/// Number and duration formatting shared by every writer.
///
/// Every function is locale-independent (`.` decimal separator, `,` thousands separator) so
/// that reports are byte-for-byte identical wherever they are produced.
enum Format {
    /// `1234567` → `1,234,567`.
    static func thousands(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        out.reserveCapacity(digits.count + digits.count / 3 + 1)
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return value < 0 ? "-" + out : out
    }

    /// A double with exactly `digits` decimals, thousands-separated integer part.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "∞" : "-∞") }
        let text = String(format: "%.\(digits)f", value)
        let negative = text.hasPrefix("-")
        let unsigned = negative ? String(text.dropFirst()) : text
        let parts = unsigned.split(separator: ".", maxSplits: 1)
        let integer = thousands(Int(parts[0]) ?? 0)
        let fraction = parts.count > 1 ? "." + parts[1] : ""
        let result = integer + fraction
        return negative && result.contains(where: { $0 != "0" && $0 != "." && $0 != "," }) ? "-" + result : result
    }

    /// Three significant digits for small numbers, none after the point once large:
    /// `0.0423`, `4.23`, `42.3`, `423`, `4,230`.
    static func significant(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude == 0 { return "0" }
        if magnitude < 0.01 { return fixed(value, 4) }
        if magnitude < 0.1 { return fixed(value, 3) }
        if magnitude < 10 { return fixed(value, 2) }
        if magnitude < 100 { return fixed(value, 1) }
        return fixed(value, 0)
    }

    /// A measured value with the precision the producer kept, without trailing zeros:
    /// `312.4`, `250`, `4.21`, `0.0071`.
    static func precise(_ value: Double) -> String {
        let magnitude = abs(value)
        let digits = magnitude >= 100 ? 1 : magnitude >= 1 ? 2 : magnitude >= 0.01 ? 3 : 5
        var text = fixed(value, digits)
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// A latency given in milliseconds: `0.42 ms`, `12.3 ms`, `1.24 s`.
    static func ms(_ value: Double) -> String {
        if abs(value) >= 1000 { return significant(value / 1000) + " s" }
        return significant(value) + " ms"
    }

    /// A fraction in 0...1 as a percentage: `0.0123` → `1.23%`.
    static func percent(_ fraction: Double) -> String {
        let p = fraction * 100
        if p == 0 { return "0%" }
        if abs(p) >= 99.95 && abs(p) < 100 { return fixed(p, 2) + "%" }
        if abs(p) >= 10 { return fixed(p, 1) + "%" }
        if abs(p) >= 0.01 { return fixed(p, 2) + "%" }
        return fixed(p, 4) + "%"
    }

    /// A rate or other plain measure: `3,010`, `12.5`, `0.25`.
    static func number(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return thousands(Int(value)) }
        return significant(value)
    }

    /// A span of simulated time for people: `45.2 s`, `10m 05s`, `1h 02m 03s`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return (seconds == seconds.rounded() ? fixed(seconds, 0) : fixed(seconds, 1)) + " s" }
        let total = Int(seconds.rounded())
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        if h > 0 { return "\(h)h " + pad2(m) + "m " + pad2(s) + "s" }
        return "\(m)m " + pad2(s) + "s"
    }

    /// A point in simulated time with millisecond precision: `08:01.234`, `1:08:01.234`.
    static func clock(_ seconds: Double) -> String {
        let millis = Int((max(0, seconds) * 1000).rounded())
        let h = millis / 3_600_000, m = (millis / 60_000) % 60, s = (millis / 1000) % 60, ms = millis % 1000
        let tail = pad2(m) + ":" + pad2(s) + "." + String(repeating: "0", count: ms < 10 ? 2 : ms < 100 ? 1 : 0) + "\(ms)"
        return h > 0 ? "\(h):" + tail : tail
    }

    /// A time-axis tick label: `0`, `45s`, `1m`, `1m30s`, `1h`, `1h30m`.
    static func tickTime(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total == 0 { return "0" }
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        var out = ""
        if h > 0 { out += "\(h)h" }
        if m > 0 { out += "\(m)m" }
        if s > 0 || out.isEmpty { out += "\(s)s" }
        return out
    }

    /// A compact axis number: `0`, `500`, `2.5k`, `12k`, `1.2M`.
    static func compact(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1_000_000 { return trimmed(value / 1_000_000) + "M" }
        if magnitude >= 10_000 { return trimmed(value / 1000) + "k" }
        return trimmed(value)
    }

    /// A latency axis label from milliseconds: `0.05ms`, `2ms`, `500ms`, `1s`, `20s`.
    static func axisMs(_ ms: Double) -> String {
        ms >= 1000 ? trimmed(ms / 1000) + "s" : trimmed(ms) + "ms"
    }

    /// A number with at most two decimals and no trailing zeros: `2.5`, `0.25`, `3`.
    static func trimmed(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    static func pad2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
