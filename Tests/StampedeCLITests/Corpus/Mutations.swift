import Foundation

/// One generated scenario: its bytes and how it was made (for the failure message).
struct Mutant: Sendable {
    var name: String
    /// The operator that made it (`base` for a shrunk shipped scenario).
    var kind: String
    var what: String
    var bytes: [UInt8]
}

/// Ways to break a scenario, each drawing its details from a seeded generator. Every operator
/// returns nil when the text offers it nothing to act on; the corpus then tries the next one.
enum Mutation: CaseIterable {
    case extremeNumber, extremeDuration, extremeRate, extremeKey, wrongType, deleteLine, truncate, invalidUTF8
    case deepNesting, hugeList, unknownTag, aliasBomb, misspellKey, hugeRepeats, frequentFault, hugeFile

    static let numbers = ["0", "-1", "1", "2147483648", "9223372036854775807", "99999999999999999999", "1e308",
                          "0.0000001", ".inf", "NaN", "1000000000", "4294967296"]
    static let durations = ["1ns", "0s", "0ns", "0.1ns", "1e308ms", "99999999h", "-5s", "1000000d", "10000h", "9999h59m",
                            "1ns1ns", "1.5e3s"]
    static let rates = ["1000000000/s", "1e9/s", "0/s", "-5/s", "99999999999999999999/s", "0.0000001/s",
                        "9223372036854775807/m", "1000000/s", "poisson(0/s)", "ramp(0/s -> 1000000000/s)"]
    /// Keys and values the issue named, and their neighbours.
    static let keyValues: [(String, [String])] = [
        ("count", ["1000000000", "9223372036854775807", "0", "1", "5000001"]),
        ("cores", ["1", "1000000", "0"]), ("pool", ["1", "100000", "0"]),
        ("simulated_iterations", ["1000000000", "1001"]), ("iterations", ["9223372036854775807", "1", "100000001"]),
        ("max_entries", ["1", "9223372036854775807"]), ("maxmemory", ["1b", "99999999999gb", "1e9mb"]),
        ("maxmemory_samples", ["1000000000", "65"]), ("snapshot_every", ["1ns", "0s", "10ms"]), ("flush_interval", ["1ns"]),
        ("max_attempts", ["1000000000", "101"]), ("minimum_calls", ["1000000000"]), ("half_open_calls", ["1000000000"]),
        ("factor", ["1e308", "100000", "1001"]), ("probability", ["0%", "100%", "0.0000000000001%"]),
        ("think_time", ["0s", "1ns", "lognormal(median: 1ns, p99: 9999h)", "exponential(mean: 9999h)"]),
        ("latency", ["lognormal(median: 1ns, p99: 9999h)", "0s", "empirical(p0: 0s, p100: 9999h)", "uniform(0s, 9999h)"]),
        ("duration", ["1ns", "168h", "169h", "0s", "1000000d"]), ("window", ["1ns", "1us", "100ms"]),
        ("recovery_window", ["1ns", "9999h"]), ("preregistered", ["0%", "100%", "0.0000000001%"]),
        ("popularity", ["zipf(1000)", "zipf(0)", "zipf(1e308)", "zipf(10)"]), ("max_failures", ["1", "9223372036854775807"]),
        ("touch_interval", ["0s", "1ns"]), ("idle_timeout", ["1ns"]), ("every", ["2ns", "1ns", "30ms"]),
        ("users", ["100000000", "0.0000001%", "9223372036854775807"]), ("over", ["0s", "9999h"]),
        ("warm", ["top-users(9223372036854775807)", "top-users(1)"]), ("max_queue", ["0", "9223372036854775807"]),
        ("connections", ["100000", "1"]), ("rate", ["1000000000/s", "1e9/s"]), ("at", ["0s", "9999h"]),
    ]

    /// The mutated text, or nil if this operator has nothing to act on in `text`.
    func apply(to text: String, _ rng: inout SplitMix64) -> (what: String, bytes: [UInt8])? {
        switch self {
        case .extremeNumber:
            return replaceToken(in: text, pattern: #"(?<=[:(, ] )-?[0-9][0-9_]*(\.[0-9]+)?(?=[ ,}\])\n%])"#,
                                with: rng.pick(Self.numbers), &rng)
        case .extremeDuration:
            return replaceToken(in: text, pattern: #"(?<![a-z0-9_])[0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h)(?![a-z0-9/])"#,
                                with: rng.pick(Self.durations), &rng)
        case .extremeRate:
            return replaceToken(in: text, pattern: #"[0-9]+(\.[0-9]+)?/[smh]"#, with: rng.pick(Self.rates), &rng)
        case .extremeKey:
            let present = Self.keyValues.filter { text.contains("\($0.0):") }
            guard !present.isEmpty else { return nil }
            let (key, values) = rng.pick(present)
            return replaceToken(in: text, pattern: "(?<=\\b\(key): )[^,}\\n]+", with: rng.pick(values), &rng, label: key)
        case .wrongType:
            return replaceToken(in: text, pattern: #"(?<=[a-z_]: )[^\[{,}\n][^,}\n]*"#,
                                with: rng.pick(["[1, 2]", "{ a: b }", "~", "''", "true", "[]", "{}", "-", "&x 1", "*x"]), &rng)
        case .deleteLine:
            var lines = text.components(separatedBy: "\n")
            let candidates = lines.indices.filter { !lines[$0].trimmingCharacters(in: .whitespaces).isEmpty }
            let i = rng.pick(candidates)
            let removed = lines.remove(at: i)
            return ("delete line \(i + 1) '\(removed.prefix(40))'", Array(lines.joined(separator: "\n").utf8))
        case .truncate:
            let bytes = Array(text.utf8)
            let at = rng.below(bytes.count)
            return ("truncate at byte \(at)", Array(bytes[..<at]))
        case .invalidUTF8:
            var bytes = Array(text.utf8)
            let bad: [UInt8] = rng.pick([[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC0, 0xAF],
                                         [0xE2, 0x82], [0x80], [0xFE, 0xFF]])
            let at = rng.below(bytes.count + 1)
            bytes.insert(contentsOf: bad, at: at)
            return ("invalid UTF-8 \(bad.map { String($0, radix: 16) }) at byte \(at)", bytes)
        case .deepNesting:
            let depth = rng.pick([33, 100, 1_001, 5_000])
            if rng.below(2) == 0 {
                return ("\(depth) nested lists", Array((text + "\nnested: " + String(repeating: "[", count: depth)
                    + String(repeating: "]", count: depth) + "\n").utf8))
            }
            let block = (0..<min(depth, 300)).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n")
            return ("\(min(depth, 300)) nested mappings", Array((text + "\n" + block + " 1\n").utf8))
        case .hugeList:
            return hugeList(text, &rng)
        case .unknownTag:
            return replaceToken(in: text, pattern: #"(?<=[a-z_]: )(?=[^\[{\n])"#,
                                with: rng.pick(["!evil ", "!!int ", "!<tag:example.com,2000:x> ", "!!binary ", "!!float "]), &rng)
        case .aliasBomb:
            var yaml = text + "\nbomb0: &b0 [x, x, x, x, x, x, x, x, x, x]\n"
            for level in 1...rng.pick([6, 9]) {
                yaml += "bomb\(level): &b\(level) [" + Array(repeating: "*b\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
            }
            return ("alias bomb", Array(yaml.utf8))
        case .misspellKey:
            return misspell(text, &rng)
        case .hugeRepeats:
            return replaceToken(in: text, pattern: #"(?<=[\[,] ?)(validate|login|refresh)(?=[,\] ])"#,
                                with: rng.pick(["validate x 1000000000", "login x 99999999999999999999", "validate x 0",
                                                "login x 100000000", "validate x 9223372036854775807"]), &rng)
        case .frequentFault:
            let fault = rng.pick(["{ at: 0s, for: 1ns, every: 2ns, fault: cache-down }",
                                  "{ at: 1s, for: 1ns, every: 3ns, fault: crash }",
                                  "{ at: 0s, for: 1s, every: 1m, fault: failover, latency: 1ms, warmup: 9999h }",
                                  "{ at: 0s, for: 1ns, every: 1ms, fault: flush }"])
            return insert(item: fault, under: "events", in: text)
        case .hugeFile:
            let padding = String(repeating: "# padding to pass the file size limit\n", count: 30_000)
            return ("2 MiB of comments", Array((text + "\n" + padding).utf8))
        }
    }

    /// Replaces one match of `pattern` (chosen at random) with `replacement`.
    func replaceToken(in text: String, pattern: String, with replacement: String, _ rng: inout SplitMix64,
                      label: String? = nil) -> (what: String, bytes: [UInt8])? {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        let ns = text as NSString
        let matches = regex.matches(in: text, range: NSRange(location: 0, length: ns.length))
            .filter { !ns.substring(to: $0.range.location).hasSuffix("name: ") }
        guard !matches.isEmpty else { return nil }
        let match = rng.pick(matches)
        let line = ns.substring(to: match.range.location).components(separatedBy: "\n").count
        let before = ns.substring(with: match.range)
        let result = ns.replacingCharacters(in: match.range, with: replacement)
        return ("\(self) line \(line): \(label.map { "\($0): " } ?? "")'\(before)' → '\(replacement)'", Array(result.utf8))
    }

    func hugeList(_ text: String, _ rng: inout SplitMix64) -> (what: String, bytes: [UInt8])? {
        let count = rng.pick([1_001, 5_000, 60_000])
        switch rng.below(3) {
        case 0:
            let items = String(repeating: "  - violations == 0\n", count: count)
            guard let range = text.range(of: "\nslos:\n") else { return ("\(count) SLOs", Array((text + "\nslos:\n" + items).utf8)) }
            return ("\(count) SLOs", Array(text.replacingCharacters(in: range, with: "\nslos:\n" + items).utf8))
        case 1:
            let steps = Array(repeating: "validate", count: count).joined(separator: ", ")
            guard let range = text.range(of: "steps: [") else { return nil }
            return ("\(count) steps", Array(text.replacingCharacters(in: range, with: "steps: [" + steps + ", ").utf8))
        default:
            let events = (0..<count).map { "  - { at: \($0)ms, security: logout-everywhere, users: 1 }" }.joined(separator: "\n")
            return insert(item: nil, under: "events", in: text, raw: events).map { ("\(count) events", $0.bytes) }
        }
    }

    /// Adds `item` as the first entry of the top-level list `key` (creating it if absent).
    func insert(item: String?, under key: String, in text: String, raw: String? = nil) -> (what: String, bytes: [UInt8])? {
        let entry = raw ?? "  - \(item ?? "")"
        if let range = text.range(of: "\n\(key):\n") {
            return ("insert into \(key): \(item ?? "many")", Array(text.replacingCharacters(in: range, with: "\n\(key):\n\(entry)\n").utf8))
        }
        guard !text.contains("\n\(key):") else { return nil }
        return ("add \(key): \(item ?? "many")", Array((text + "\n\(key):\n\(entry)\n").utf8))
    }

    func misspell(_ text: String, _ rng: inout SplitMix64) -> (what: String, bytes: [UInt8])? {
        guard let regex = try? NSRegularExpression(pattern: #"(?<=^|[ {,])[a-z_]{3,}(?=:)"#, options: .anchorsMatchLines) else { return nil }
        let ns = text as NSString
        let matches = regex.matches(in: text, range: NSRange(location: 0, length: ns.length))
        guard !matches.isEmpty else { return nil }
        let match = rng.pick(matches)
        var key = Array(ns.substring(with: match.range))
        switch rng.below(3) {
        case 0: key.insert(Character("e"), at: rng.below(key.count + 1))
        case 1: key.remove(at: rng.below(key.count))
        default: let i = rng.below(key.count - 1); key.swapAt(i, i + 1)
        }
        let typo = String(key) + (rng.below(2) == 0 ? "ex" : "")
        return ("misspell '\(ns.substring(with: match.range))' → '\(typo)'",
                Array(ns.replacingCharacters(in: match.range, with: typo).utf8))
    }
}
