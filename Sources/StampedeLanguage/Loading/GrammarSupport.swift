/// Small lexical pieces shared by the value grammars.
package enum Lexer {
    /// A decimal number at the start of `text` (`12`, `1.5`, `-3`, `.5` is not one), and the rest.
    ///
    /// No exponents and no signs other than a leading `-`: scenario values are written by hand
    /// and `1e3ms` is more likely a typo than an intention.
    package static func number(prefixOf text: Substring) -> (value: Double, rest: Substring)? {
        var index = text.startIndex
        if index < text.endIndex, text[index] == "-" { index = text.index(after: index) }
        let digitsStart = index
        while index < text.endIndex, text[index].isASCII, text[index].isNumber { index = text.index(after: index) }
        guard index > digitsStart else { return nil }
        if index < text.endIndex, text[index] == "." {
            let afterPoint = text.index(after: index)
            var end = afterPoint
            while end < text.endIndex, text[end].isASCII, text[end].isNumber { end = text.index(after: end) }
            if end > afterPoint { index = end }
        }
        guard let value = Double(text[text.startIndex..<index]) else { return nil }
        return (value, text[index...])
    }

    /// Whether `text` holds a number in exponent notation (`1e308`, `2.5E-3`), which no value
    /// grammar accepts.
    package static func hasExponent(_ text: some StringProtocol) -> Bool {
        let scalars = Array(text.unicodeScalars)
        func isDigit(_ i: Int) -> Bool { i < scalars.count && ("0"..."9").contains(scalars[i]) }
        for i in scalars.indices.dropFirst() where (scalars[i] == "e" || scalars[i] == "E") && isDigit(i - 1) {
            let next = i + 1 < scalars.count && (scalars[i + 1] == "+" || scalars[i + 1] == "-") ? i + 2 : i + 1
            if isDigit(next) { return true }
        }
        return false
    }

    /// The detail for a value written in exponent notation.
    package static let exponentDetail = "exponent notation such as 1e9 is not accepted; write the number out in full"

    /// The whole of `text` as a decimal number, or nil.
    package static func number(_ text: some StringProtocol) -> Double? {
        let trimmed = Substring(text).trimmingSpaces
        guard let (value, rest) = number(prefixOf: trimmed), rest.isEmpty else { return nil }
        return value
    }

    /// `name(inner)` split into its name and its argument text; nil if `text` is not of that shape.
    package static func call(_ text: String) -> (name: String, arguments: Substring)? {
        let trimmed = Substring(text).trimmingSpaces
        guard trimmed.hasSuffix(")"), let open = trimmed.firstIndex(of: "(") else { return nil }
        let name = trimmed[..<open].trimmingSpaces
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0 == "_" || $0 == "-" }) else { return nil }
        let inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        return (String(name), inner)
    }

    /// Arguments separated by commas, each either `label: value` or a bare `value`.
    package static func arguments(_ inner: Substring) -> [(label: String?, value: Substring)] {
        guard !inner.trimmingSpaces.isEmpty else { return [] }
        return inner.split(separator: ",", omittingEmptySubsequences: false).map { part in
            if let colon = part.firstIndex(of: ":") {
                return (String(part[..<colon].trimmingSpaces), part[part.index(after: colon)...].trimmingSpaces)
            }
            return (nil, part.trimmingSpaces)
        }
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    package var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    package var trimmingSpaces: String { String(Substring(self).trimmingSpaces) }
}
