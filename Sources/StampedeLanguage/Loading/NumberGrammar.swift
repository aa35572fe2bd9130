import Foundation

/// Plain values: integers, fractions and percentages, booleans, and user popularity.
package enum NumberGrammar {
    /// An integer, optionally with `_` between digits (`600_000`).
    package static func integer(_ text: String) throws(ValueError) -> Int {
        let trimmed = text.trimmingSpaces
        let digits = trimmed.hasPrefix("-") ? trimmed.dropFirst() : Substring(trimmed)
        let valid = !digits.isEmpty && digits.first != "_" && digits.last != "_"
            && digits.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "_" }
        guard valid else {
            throw ValueError.invalid("integer", expected: "a whole number, e.g. 20", text: trimmed)
        }
        guard let value = Int(trimmed.replacingOccurrences(of: "_", with: "")) else {
            throw ValueError("number out of range", detail: "a whole number here is at most \(grouped(Int.max)) in size",
                             expected: "a whole number, e.g. 20", found: quoted(trimmed))
        }
        return value
    }

    /// A fraction in 0...1 written as a percentage (`90%`, `0.1%`) or a plain number (`0.9`).
    package static func fraction(_ text: String) throws(ValueError) -> Double {
        let value = try proportion(text, what: "fraction")
        guard (0...1).contains(value) else {
            throw ValueError("fraction out of range", expected: "a value from 0% to 100% (or 0 to 1)", found: quoted(text.trimmingSpaces))
        }
        return value
    }

    /// A percentage (`90%` → 0.9) or a plain number, without a range check.
    package static func proportion(_ text: String, what: String) throws(ValueError) -> Double {
        let trimmed = text.trimmingSpaces
        let expected = "a percentage such as 90% or a plain number such as 0.9"
        if trimmed.hasSuffix("%") {
            guard let percent = Lexer.number(trimmed.dropLast()) else {
                throw ValueError.invalid(what, expected: expected, text: trimmed)
            }
            return percent / 100
        }
        guard let value = Lexer.number(trimmed) else {
            throw ValueError.invalid(what, expected: expected, text: trimmed)
        }
        return value
    }

    /// `true` or `false` (also `yes`/`no`, `on`/`off`, as YAML 1.1 readers expect).
    package static func bool(_ text: String) throws(ValueError) -> Bool {
        switch text.trimmingSpaces.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw ValueError.invalid("boolean", expected: "true or false", text: text.trimmingSpaces)
        }
    }

    /// User popularity as a Zipf exponent: `zipf(1.1)` → 1.1, `uniform` → 0.
    package static func popularity(_ text: String) throws(ValueError) -> Double {
        let expected = "zipf(<exponent ≥ 0>), e.g. zipf(1.1), or uniform"
        let trimmed = text.trimmingSpaces
        if trimmed == "uniform" { return 0 }
        guard let (name, arguments) = Lexer.call(trimmed) else {
            let suggestion = nearest(to: trimmed, among: ["uniform", "zipf"])
            throw ValueError.invalid("popularity", expected: expected, text: trimmed, suggestion: suggestion)
        }
        guard name == "zipf" else {
            throw ValueError("unknown popularity '\(name)'", expected: expected, found: quoted(trimmed),
                             suggestion: nearest(to: name, among: ["zipf"]))
        }
        guard let exponent = Lexer.number(arguments), exponent >= 0 else {
            throw ValueError.invalid("popularity", expected: expected, text: trimmed)
        }
        return exponent
    }
}
