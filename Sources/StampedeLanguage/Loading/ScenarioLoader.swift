import Crypto
import Foundation
import StampedeKernel
import StampedeSystem
import Yams

/// Reads scenario files into `ScenarioSpec`s, checking every key and value.
///
/// Unknown keys are errors everywhere (with the nearest valid key as a suggestion), every
/// value follows a grammar with units, and the loader reports all the problems it can find in
/// one pass, first in file order. The schema is documented in `scenarios/README.md`.
public enum ScenarioLoader {
    /// The keys a scenario file may have at the top level, in the order messages list them.
    package static let topLevelKeys = [
        "name", "description", "seed", "duration", "window", "users", "system", "traffic", "events", "slos", "regression",
        "recovery_window",
    ]

    /// Loads the scenario file at `path`, to run on `clock` (a real backend serves in real time only).
    ///
    /// `sourcePath` is `path` as given (keep it relative so results compare across machines)
    /// and `sourceSHA256` the hex SHA-256 of the file's bytes.
    public static func load(path: String, clock: RunClock = .virtual) throws(ScenarioError) -> ScenarioSpec {
        let (yaml, sha256) = try readFile(path)
        return try load(yaml: yaml, path: path, sha256: sha256, clock: clock)
    }

    /// Loads the scenario file at `path`, which may name only the store and cache
    /// implementations in `backends` (a test's own registry, say).
    public static func load(path: String, backends: BackendCatalog, clock: RunClock = .virtual) throws(ScenarioError) -> ScenarioSpec {
        let (yaml, sha256) = try readFile(path)
        return try load(yaml: yaml, path: path, sha256: sha256, backends: backends, clock: clock)
    }

    /// The file's text and the hex SHA-256 of its bytes.
    ///
    /// At most `ScenarioLimits.fileBytes` are read: a larger file is refused before it is
    /// read whole. Text that is not UTF-8 is refused with the position of the first bad byte.
    static func readFile(_ path: String) throws(ScenarioError) -> (yaml: String, sha256: String) {
        func unreadable(_ problem: String, expected: String = "a YAML file", found: String? = nil,
                        detail: String? = nil) -> ScenarioError {
            ScenarioError(.unreadableFile, problem, file: path, line: nil, column: nil, keyPath: "", detail: detail,
                          expected: expected, found: found)
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw unreadable("scenario file not found", found: "no file at '\(path)'")
        }
        if isFolder.boolValue {
            throw unreadable("'\(path)' is a folder, not a scenario file", expected: "a YAML file, e.g. \(path)/login-storm.yaml")
        }
        // A file handle, not Data(contentsOf:), so devices and pipes (/dev/null, <(…)) read like files.
        let data: Data
        do {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw unreadable("cannot read scenario file", expected: "a file this user may read",
                                 detail: String(cString: strerror(errno)))
            }
            defer { try? handle.close() }
            data = try handle.read(upToCount: ScenarioLimits.fileBytes.value + 1) ?? Data()
        } catch let error as ScenarioError {
            throw error
        } catch {
            throw unreadable("cannot read scenario file", expected: "a readable YAML file", detail: error.localizedDescription)
        }
        guard !data.isEmpty else {
            throw ScenarioError(.missingKey, "empty scenario file", file: path, line: 1, column: 1, keyPath: "",
                                expected: "a mapping with at least name, duration and traffic", found: "no text")
        }
        guard data.count <= ScenarioLimits.fileBytes.value else {
            // Where the limit is crossed: the first byte past it.
            let prefix = String(decoding: data.prefix(ScenarioLimits.fileBytes.value), as: UTF8.self)
            let at = position(ofUTF8Offset: prefix.utf8.count, in: prefix)
            throw ScenarioError(.unreadableFile, "scenario file larger than 1 MiB", file: path, line: at.line, column: at.column,
                                keyPath: "", detail: ScenarioLimits.fileBytes.reason,
                                expected: "at most \(grouped(ScenarioLimits.fileBytes.value)) bytes",
                                found: "more than \(grouped(ScenarioLimits.fileBytes.value)) bytes")
        }
        guard let yaml = String(data: data, encoding: .utf8) else {
            let (offset, byte) = firstInvalidUTF8(data)
            let prefix = String(decoding: data.prefix(offset), as: UTF8.self)
            let at = position(ofUTF8Offset: prefix.utf8.count, in: prefix)
            throw ScenarioError(.unreadableFile, "scenario file is not UTF-8 text", file: path, line: at.line, column: at.column,
                                keyPath: "", detail: "byte \(offset + 1) (0x\(String(byte, radix: 16, uppercase: true))) "
                                    + "does not belong to a UTF-8 character", expected: "a UTF-8 YAML file")
        }
        return (yaml, sha256Hex(data))
    }

    /// The offset of the first byte of the first invalid UTF-8 sequence in `data`, and that byte.
    static func firstInvalidUTF8(_ data: Data) -> (offset: Int, byte: UInt8) {
        var iterator = data.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return (offset, 0)
            case .error: return (offset, data[data.startIndex + offset])
            }
        }
    }

    /// Loads a scenario from its text; `path` is used in messages and as `sourcePath`.
    public static func load(yaml: String, path: String, clock: RunClock = .virtual) throws(ScenarioError) -> ScenarioSpec {
        try load(yaml: yaml, path: path, sha256: sha256Hex(Data(yaml.utf8)), clock: clock)
    }

    static func load(yaml: String, path: String, sha256: String, overrides: [ScenarioOverride] = [],
                     backends: BackendCatalog = .shipped, clock: RunClock = .virtual) throws(ScenarioError) -> ScenarioSpec {
        let context = LoadContext(file: path, backends: backends, clock: clock)
        var root = try compose(yaml, in: context)
        if !overrides.isEmpty {
            var node = root.node
            apply(overrides, to: &node, in: context)
            root = Located(node, path: "")
        }
        var spec = decode(root, in: context)
        if let error = context.combinedError() { throw error }
        resolveCalibrationDefaults(&spec, in: context)
        spec.sourcePath = path
        spec.sourceSHA256 = sha256
        spec.overrides = overrides
        spec.notices = context.notices
        return spec
    }

    /// Lower-case hex SHA-256, as `sourceSHA256` holds it.
    package static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Parses the YAML into a node tree; a syntax error is reported at the line and column libyaml gives.
    static func compose(_ yaml: String, in context: LoadContext) throws(ScenarioError) -> Located {
        let node: Node?
        do {
            node = try Yams.compose(yaml: ParenthesisMask.mask(yaml))
        } catch let error as YamlError {
            throw syntaxError(error, in: context)
        } catch {
            throw context.error(.syntax, "invalid YAML", path: "", mark: nil, detail: "\(error)")
        }
        guard let node else {
            throw context.error(.missingKey, "empty scenario file", path: "", mark: SourcePosition(line: 1, column: 1),
                                expected: "a mapping with at least name, duration and traffic")
        }
        try NodeLimits.check(node, in: context)
        return Located(node, path: "")
    }

    static func syntaxError(_ error: YamlError, in context: LoadContext) -> ScenarioError {
        func message(_ problem: String, _ yamlContext: YamlError.Context?) -> String {
            let restored = ParenthesisMask.unmask(problem)
            guard let yamlContext else { return restored }
            return ParenthesisMask.unmask(yamlContext.text) + " (line \(yamlContext.mark.line)): " + restored
        }
        switch error {
        case let .scanner(yamlContext, problem, mark, _), let .parser(yamlContext, problem, mark, _),
             let .composer(yamlContext, problem, mark, _):
            // libyaml's own depth limit (1,000) lies beyond the format's; its message names a C function.
            if problem.contains("Maximum nesting level") { return NodeLimits.tooDeep(SourcePosition(mark), in: context) }
            return context.error(.syntax, "invalid YAML", path: "", mark: SourcePosition(mark), detail: message(problem, yamlContext))
        case let .duplicatedKeysInMapping(duplicates, yamlContext):
            let names = duplicates.map { "'\(ParenthesisMask.unmask($0))'" }.joined(separator: ", ")
            return context.error(.syntax, "duplicate key \(names)", path: "", mark: SourcePosition(yamlContext.mark),
                                 expected: "each key once per mapping")
        case let .reader(problem, offset, _, yaml):
            let mark = offset.map { position(ofUTF8Offset: $0, in: yaml) }
            return context.error(.syntax, "unreadable YAML", path: "", mark: mark, detail: problem)
        default:
            return context.error(.syntax, "invalid YAML", path: "", mark: nil, detail: "\(error)")
        }
    }

    static func position(ofUTF8Offset offset: Int, in text: String) -> SourcePosition {
        let prefix = text.utf8.prefix(offset)
        let line = prefix.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let lastLine = prefix.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).last ?? []
        return SourcePosition(line: line, column: (String(decoding: lastLine, as: UTF8.self).unicodeScalars.count) + 1)
    }
}
