/// Sizes and byte rates: `64mb`, `512kb`, `1.5gb`, `100mb/s`. Units are binary, as in
/// Redis's configuration (`1kb` = 1,024 bytes); a bare number is an error.
package enum ByteSizeGrammar {
    package static let expected = "a size with a unit: b, kb, mb or gb, e.g. 64mb"
    package static let expectedRate = "a size per second, e.g. 100mb/s"
    static let units: [(String, Double)] = [("gb", 1_073_741_824), ("mb", 1_048_576), ("kb", 1_024), ("b", 1)]

    /// Bytes; above zero.
    package static func parse(_ text: String) throws(ValueError) -> Int {
        let trimmed = text.trimmingSpaces.lowercased()
        for (unit, scale) in units where trimmed.hasSuffix(unit) {
            guard let number = Lexer.number(trimmed.dropLast(unit.count)), number > 0 else { break }
            let bytes = (number * scale).rounded()
            guard bytes <= Double(ScenarioLimits.cacheBytes.value) else {
                throw ValueError("size too large", detail: ScenarioLimits.cacheBytes.reason, expected: "at most 1024gb",
                                 found: quoted(text.trimmingSpaces))
            }
            return Int(bytes)
        }
        throw ValueError.invalid("size", expected: expected, text: text.trimmingSpaces)
    }

    /// Bytes per second; above zero.
    package static func rate(_ text: String) throws(ValueError) -> Double {
        let trimmed = text.trimmingSpaces
        guard trimmed.lowercased().hasSuffix("/s") else {
            throw ValueError.invalid("byte rate", expected: expectedRate, text: trimmed)
        }
        do {
            return Double(try parse(String(trimmed.dropLast(2))))
        } catch {
            throw ValueError.invalid("byte rate", expected: expectedRate, text: trimmed)
        }
    }
}
