import Foundation
import StampedeWorkload

/// Arrival rates: `2000/s`, `120/m` (2 per second), `ramp(0/s -> 2000/s)`, `poisson(6000/s)`.
package enum RateGrammar {
    package static let expected = "a rate such as 2000/s or 120/m, ramp(0/s -> 2000/s) or poisson(6000/s)"

    static let units: [(name: String, seconds: Double)] = [("s", 1), ("m", 60), ("h", 3600)]

    package static func parse(_ text: String) throws(ValueError) -> RateSpec {
        let trimmed = text.trimmingSpaces
        guard let (name, arguments) = Lexer.call(trimmed) else {
            return .constant(perSecond: try perSecond(Substring(trimmed), whole: trimmed))
        }
        switch name {
        case "ramp":
            let ends = arguments.components(separatedBy: "->")
            guard ends.count == 2 else {
                throw ValueError.invalid("ramp", expected: "ramp(<from> -> <to>), e.g. ramp(0/s -> 2000/s)", text: trimmed)
            }
            return .ramp(from: try perSecond(Substring(ends[0]), whole: trimmed),
                         to: try perSecond(Substring(ends[1]), whole: trimmed))
        case "poisson":
            let rate = try perSecond(arguments, whole: trimmed)
            guard rate > 0 else {
                throw ValueError("a poisson rate must be above zero", expected: "e.g. poisson(6000/s)", found: quoted(trimmed))
            }
            return .poisson(perSecond: rate)
        default:
            throw ValueError("unknown rate shape '\(name)'", expected: expected, found: quoted(trimmed),
                             suggestion: nearest(to: name, among: ["ramp", "poisson"]))
        }
    }

    /// `<number>/<unit>` in arrivals per second.
    static func perSecond(_ text: Substring, whole: String) throws(ValueError) -> Double {
        let trimmed = text.trimmingSpaces
        if Lexer.number(trimmed) != nil {
            throw ValueError("a rate needs a unit", expected: "a number per unit, e.g. 2000/s or 120/m", found: quoted(whole))
        }
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Lexer.number(parts[0]),
              let unit = units.first(where: { $0.name == parts[1].trimmingSpaces }) else {
            throw ValueError.invalid("rate", expected: expected, text: whole)
        }
        guard count >= 0 else {
            throw ValueError("a rate cannot be negative", expected: expected, found: quoted(whole))
        }
        return count / unit.seconds
    }
}
