import StampedeKernel

/// Durations: a number and a unit, `250us`, `3ms`, `1.5s`, `90s`, `10m`, `2h`, `0s`, or a
/// sum of such terms, `1h30m`.
///
/// A bare number is an error: units everywhere, so `timeout: 30` never silently means
/// 30 nanoseconds or 30 hours.
package enum DurationGrammar {
    /// Units in the order messages list them, with their length in nanoseconds.
    static let units: [(name: String, nanoseconds: Double)] = [
        ("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 6e10), ("h", 3.6e12),
    ]

    package static let expected = "a number with a unit (ns, us, ms, s, m, h), e.g. 250ms, 1.5s, 10m"

    package static func parse(_ text: String) throws(ValueError) -> SimDuration {
        let trimmed = Substring(text).trimmingSpaces
        if Lexer.number(trimmed) != nil {
            throw ValueError("a duration needs a unit", expected: expected, found: quoted(String(trimmed)))
        }
        if trimmed.hasPrefix("-") {
            throw ValueError("a duration cannot be negative", expected: expected, found: quoted(String(trimmed)))
        }
        if Lexer.hasExponent(trimmed) {
            throw ValueError("invalid duration", detail: Lexer.exponentDetail, expected: expected, found: quoted(String(trimmed)))
        }
        var rest = trimmed
        var total = 0.0
        repeat {
            guard let (value, afterNumber) = Lexer.number(prefixOf: rest), value >= 0 else {
                throw ValueError.invalid("duration", expected: expected, text: String(trimmed))
            }
            let unitEnd = afterNumber.firstIndex { !($0.isLetter) } ?? afterNumber.endIndex
            let unitText = String(afterNumber[..<unitEnd])
            guard let unit = units.first(where: { $0.name == unitText }) else {
                let days = unitText == "d" ? " (days are written in hours: 1d is 24h)" : ""
                let detail = unitText.isEmpty ? "missing unit after \(formatNumber(value))" : "unknown unit '\(unitText)'\(days)"
                throw ValueError("invalid duration", detail: detail, expected: expected, found: quoted(String(trimmed)))
            }
            total += value * unit.nanoseconds
            rest = afterNumber[unitEnd...]
        } while !rest.isEmpty
        guard total <= Double(ScenarioLimits.anyDuration.value.nanoseconds) else {
            throw ValueError("duration too long", detail: ScenarioLimits.anyDuration.reason, expected: "at most \(ScenarioLimits.anyDuration.value)",
                             found: quoted(String(trimmed)))
        }
        return SimDuration(nanoseconds: Int64(total.rounded()))
    }

    /// A duration given as `<number><unit>` at the start of `text`, with the rest; used where a
    /// duration is one token among others.
    package static func isDurationLike(_ text: Substring) -> Bool {
        guard let (_, rest) = Lexer.number(prefixOf: text.trimmingSpaces) else { return false }
        return rest.first?.isLetter ?? false
    }
}
