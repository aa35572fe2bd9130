import Foundation
import StampedeLanguage

/// What `stampede run` will do: one scenario variant per `--matrix` value (or just the file),
/// each run once per seed, and where each run's reports go.
struct RunPlan {
    struct Variant {
        /// The column name in the comparison: the matrix value or its `--names` entry.
        var name: String
        /// Folder below `--out` (empty for a plain run).
        var folder: String
        var overrides: [ScenarioOverride]
        var spec: ScenarioSpec
    }

    var variants: [Variant]
    var seeds: [UInt64]
    var root: String

    /// More than one run: each gets a folder and a comparison is written at `root`.
    var isMulti: Bool { variants.count > 1 || seeds.count > 1 || !(variants.first?.folder.isEmpty ?? true) }

    /// The folder of one run.
    func folder(_ variant: Variant, seed: UInt64) -> String {
        var path = root
        if !variant.folder.isEmpty { path = (path as NSString).appendingPathComponent(variant.folder) }
        if seeds.count > 1 { path = (path as NSString).appendingPathComponent("seed-\(seed)") }
        return path
    }

    /// Seeds `first`, `first + 1`, … (`count` of them), stopping short of overflow.
    static func seeds(from first: UInt64, count: Int) -> [UInt64] {
        (0..<UInt64(max(1, count))).compactMap { first.addingReportingOverflow($0).overflow ? nil : first + $0 }
    }
}

/// `--set` and `--matrix` arguments.
enum OverrideArguments {
    /// `KEY=VALUE` → an override; nil when there is no `=` or no key.
    static func parse(_ text: String) -> ScenarioOverride? {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        let key = text[..<eq].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty else { return nil }
        return ScenarioOverride(path: key, value: String(text[text.index(after: eq)...]).trimmingCharacters(in: .whitespaces))
    }

    /// `KEY=V1,V2,…` → the key and its values. Commas inside `( )`, `[ ]`, `{ }` or quotes
    /// belong to a value, so `system.cache.latency=lognormal(median: 1ms, p99: 5ms),2ms` has two.
    static func matrix(_ text: String) -> (key: String, values: [String])? {
        guard let first = parse(text) else { return nil }
        var values: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        for ch in first.value {
            if let q = quote {
                if ch == q { quote = nil }
            } else if ch == "\"" || ch == "'" {
                quote = ch
            } else if "([{".contains(ch) {
                depth += 1
            } else if ")]}".contains(ch) {
                depth = max(0, depth - 1)
            } else if ch == ",", depth == 0 {
                values.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
                continue
            }
            current.append(ch)
        }
        values.append(current.trimmingCharacters(in: .whitespaces))
        guard !values.contains(where: \.isEmpty) else { return nil }
        return (first.path, values)
    }

    /// A folder name for a value: lower-case letters, digits, `.`, `-`; other runs become `-`.
    static func folderName(_ value: String) -> String {
        var out = ""
        for scalar in value.lowercased().unicodeScalars {
            let keep = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "." || scalar == "-"
            if keep { out.unicodeScalars.append(scalar) } else if !out.hasSuffix("-") { out += "-" }
        }
        while out.hasSuffix("-") || out.hasSuffix(".") { out.removeLast() }
        while out.hasPrefix("-") || out.hasPrefix(".") { out.removeFirst() }
        return String(out.prefix(48))
    }

    /// Folder names for `values`, numbered from 1 so they are distinct and list in the
    /// matrix's order (`1-pool-2`, `2-pool-16`), which `compare` reads them back in.
    static func folders(_ values: [String]) -> [String] {
        values.enumerated().map { i, value in
            let name = folderName(value)
            return "\(i + 1)" + (name.isEmpty ? "" : "-" + name)
        }
    }

    /// A word safe to paste into a POSIX shell: quoted unless it is plain.
    static func shellQuoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_./=:,%@+".unicodeScalars.contains($0)
        }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
