/// Lets call-shaped values such as `lognormal(median: 3ms, p99: 30ms)` stand unquoted in YAML.
///
/// Plain YAML rejects them: `: ` inside a plain scalar reads as a nested mapping, and `,` inside
/// a flow mapping (`{ pool: 20, latency: lognormal(…, …) }`) ends the value. Before parsing,
/// every `,` and `:` inside parentheses on a line is swapped for a private-use scalar, and
/// every scalar read afterwards is swapped back. One scalar for one scalar, so the line and
/// column of every node stay those of the file the user wrote.
///
/// - Note: Parentheses are counted per line, so a call must be written on one line. Masking
///   inside quoted text or comments is harmless: what is masked there is restored on reading.
package enum ParenthesisMask {
    static let comma: Unicode.Scalar = "\u{E000}"
    static let colon: Unicode.Scalar = "\u{E001}"

    package static func mask(_ yaml: String) -> String {
        var out = String.UnicodeScalarView()
        var depth = 0
        for scalar in yaml.unicodeScalars {
            switch scalar {
            case "\n": depth = 0
            case "(": depth += 1
            case ")": depth = max(0, depth - 1)
            default: break
            }
            if depth > 0, scalar == "," {
                out.append(comma)
            } else if depth > 0, scalar == ":" {
                out.append(colon)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    package static func unmask(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == comma || $0 == colon }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            out.append(scalar == comma ? "," : scalar == colon ? ":" : scalar)
        }
        return String(out)
    }
}
