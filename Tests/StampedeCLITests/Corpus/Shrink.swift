import Foundation

/// A seeded generator for the corpus (SplitMix64): the same seed gives the same corpus.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Makes a shipped scenario cheap to run in a debug build without changing its shape: every
/// phase's rate is capped so the run starts about `journeys` journeys, and the population at
/// `users`. Faults, events, SLOs and the system stay as written, so mutating the small
/// scenario exercises the same keys as mutating the original.
enum Shrink {
    static func apply(_ text: String, journeys: Double = 300, users: Int = 2_000) -> String {
        let seconds = durationSeconds(text) ?? 600
        let capPerSecond = journeys / max(1, seconds)
        var lines = text.components(separatedBy: "\n")
        for i in lines.indices {
            let line = lines[i]
            if line.contains(" for:"), line.contains("rate:"), !line.contains("at:") {
                lines[i] = capRates(line, perSecond: capPerSecond)
            }
            if let range = line.range(of: #"count: [0-9_]+"#, options: .regularExpression) {
                let number = Int(line[range].dropFirst("count: ".count).filter { $0 != "_" }) ?? users
                lines[i] = line.replacingCharacters(in: range, with: "count: \(min(number, users))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `empirical(file: x.yaml, …)` with `x.yaml` made absolute against `folder`, so the shrunk
    /// copy, written elsewhere, still finds the calibration file its original names.
    static func anchorCalibrationFiles(_ text: String, folder: String) -> String {
        text.replacingOccurrences(of: #"empirical\(file: ([^/,)][^,)]*)"#, with: "empirical(file: \(folder)/$1",
                                  options: .regularExpression)
    }

    /// `duration:` at the top level, in seconds.
    static func durationSeconds(_ text: String) -> Double? {
        for line in text.components(separatedBy: "\n") where line.hasPrefix("duration:") {
            return seconds(line.dropFirst("duration:".count).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// `1h30m`, `90s`, `250ms` in seconds.
    static func seconds(_ text: String) -> Double? {
        let units: [String: Double] = ["ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600]
        var total = 0.0
        var rest = Substring(text)
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isNumber || $0 == "." }
            let unit = rest.dropFirst(digits.count).prefix { $0.isLetter }
            guard let value = Double(digits), let scale = units[String(unit)] else { return nil }
            total += value * scale
            rest = rest.dropFirst(digits.count + unit.count)
        }
        return total
    }

    /// Every `<n>/<unit>` on a phase line, capped at `perSecond`.
    static func capRates(_ line: String, perSecond cap: Double) -> String {
        let unitSeconds: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        var out = ""
        var rest = Substring(line)
        while let range = rest.range(of: #"[0-9]+(\.[0-9]+)?/[smh]"#, options: .regularExpression) {
            out += rest[..<range.lowerBound]
            let token = rest[range]
            let number = Double(token.prefix { $0 != "/" }) ?? 0
            let perSecond = number / (unitSeconds[token.last ?? "s"] ?? 1)
            let capped = min(perSecond, cap)
            out += String(format: "%.3f/s", capped)
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
