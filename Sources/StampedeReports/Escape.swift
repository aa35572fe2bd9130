import Foundation

/// Escaping for the markup languages the writers produce.
enum Escape {
    /// Text safe in XML and HTML element content and in double- or single-quoted attributes.
    ///
    /// Control characters that XML 1.0 forbids are dropped so the output always parses.
    static func markup(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Text safe in one cell of a GitHub-flavoured Markdown table.
    static func markdownCell(_ text: String) -> String {
        // Only a `<` that could open a tag is escaped, so `< 250ms` still reads as written.
        var out = ""
        var previousWasLessThan = false
        for ch in text {
            if previousWasLessThan && (ch.isLetter || ch == "/" || ch == "!" || ch == "?") {
                out.removeLast()
                out += "&lt;"
            }
            previousWasLessThan = ch == "<"
            switch ch {
            case "|": out += "\\|"
            case "\n", "\r\n", "\r": out += " "
            default: out.append(ch)
            }
        }
        return out
    }

    /// Inline code in Markdown: wrapped in enough backticks that none inside can close it.
    ///
    /// In a table cell a `|` must still be escaped, even inside code.
    static func markdownCode(_ text: String, inTable: Bool = false) -> String {
        let fence = String(repeating: "`", count: longestBacktickRun(text) + 1)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        var body = text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
        if inTable { body = body.replacingOccurrences(of: "|", with: "\\|") }
        return fence + pad + body + pad + fence
    }

    /// A fence for a Markdown code block that the block's content cannot close.
    static func markdownFence(for text: String) -> String {
        String(repeating: "`", count: max(3, longestBacktickRun(text) + 1))
    }

    private static func longestBacktickRun(_ text: String) -> Int {
        var longest = 0, current = 0
        for ch in text {
            if ch == "`" { current += 1; longest = max(longest, current) } else { current = 0 }
        }
        return longest
    }
}
