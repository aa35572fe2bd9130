import Foundation
import StampedeAnalysis
import StampedeResult

extension ComparisonGroup {
    /// The columns that `stampede compare` arguments stand for, in argument order.
    ///
    /// Each argument is a `result.json` or a folder (see `ResultFiles.expand`). Results of one
    /// argument that share scenario, file hash and overrides are seeds of one column; results
    /// that differ (a `--matrix` folder) are separate columns. A column is named after its
    /// argument (the folder, or the file's folder) or, when one argument gives several, after
    /// its override values; `names` replaces them all, in order.
    public static func load(_ arguments: [String], names: [String]? = nil) throws(ResultFileError) -> [ComparisonGroup] {
        var groups: [ComparisonGroup] = []
        for argument in arguments {
            var found: [(key: String, name: String, results: [RunResult])] = []
            for file in try ResultFiles.expand(argument) {
                let r = try ResultFiles.load(file)
                let key = ([r.scenario.name, r.scenario.sha256] + r.scenario.overrides).joined(separator: "\u{1F}")
                if let i = found.firstIndex(where: { $0.key == key }) {
                    found[i].results.append(r)
                } else {
                    found.append((key, variantName(r, file: file, under: argument), [r]))
                }
            }
            let single = found.count == 1
            groups += found.map { ComparisonGroup(name: single ? argumentName(argument) : $0.name, results: $0.results) }
        }
        if let names {
            guard names.count == groups.count else {
                throw ResultFileError(path: arguments.joined(separator: " "), message:
                    "--names gives \(names.count) name\(names.count == 1 ? "" : "s") but the arguments hold \(groups.count) "
                    + "run\(groups.count == 1 ? "" : "s") (\(groups.map(\.name).joined(separator: ", ")))")
            }
            for i in groups.indices { groups[i].name = names[i] }
        }
        return uniquelyNamed(groups)
    }

    /// A column name for an override such as a matrix value: the last key of its path and
    /// the value, `system.store.pool=16` → `pool=16`.
    public static func columnName(for override: String) -> String {
        let parts = override.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return override }
        let key = parts[0].split(separator: ".").last.map { String($0.prefix { $0 != "[" }) } ?? parts[0]
        return "\(key)=\(parts[1])"
    }

    /// `login-storm` for `reports/login-storm`, `reports/login-storm/result.json` or `base.json` → `base`.
    static func argumentName(_ argument: String) -> String {
        var path = argument
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        if (path as NSString).lastPathComponent == "result.json" { path = (path as NSString).deletingLastPathComponent }
        let last = (path as NSString).lastPathComponent
        let name = last.hasSuffix(".json") ? String(last.dropLast(5)) : last
        return name.isEmpty || name == "." ? "run" : name
    }

    /// A column inside a multi-run folder: its last override (the matrix value, `pool=16`), or
    /// its folder below the argument.
    static func variantName(_ r: RunResult, file: String, under argument: String) -> String {
        if let last = r.scenario.overrides.last { return columnName(for: last) }
        let folder = (file as NSString).deletingLastPathComponent
        let base = argument.hasSuffix("/") ? argument : argument + "/"
        return folder.hasPrefix(base) ? String(folder.dropFirst(base.count)) : argumentName(folder)
    }

    /// Appends ` (2)`, ` (3)` to repeated names so every column can be told apart.
    static func uniquelyNamed(_ groups: [ComparisonGroup]) -> [ComparisonGroup] {
        var seen: [String: Int] = [:]
        return groups.map { g in
            var g = g
            let n = (seen[g.name] ?? 0) + 1
            seen[g.name] = n
            if n > 1 { g.name += " (\(n))" }
            return g
        }
    }
}
