import StampedeSystem
import Yams

/// A 1-based line and column (in Unicode scalars) in the scenario file.
struct SourcePosition {
    var line: Int
    var column: Int

    init(line: Int, column: Int) { self.line = line; self.column = column }
    init(_ mark: Mark) { self.init(line: mark.line, column: mark.column) }
}

/// A YAML node together with its key path, so every error can say where it is.
struct Located {
    let node: Node
    /// Dotted key path, e.g. `system.store.latency`; empty for the document root.
    let path: String
    /// Where the node starts in the file.
    let mark: SourcePosition?

    init(_ node: Node, path: String) {
        self.node = node; self.path = path; self.mark = node.mark.map(SourcePosition.init)
    }

    /// The path of a child key.
    func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// `at system.store.latency`, or `at top level` for the root.
    var place: String { path.isEmpty ? "at top level" : "at \(path)" }

    /// What kind of node this is, for "expected a mapping, found a list".
    var kind: String {
        switch node {
        case .scalar(let s): return "the value '\(ParenthesisMask.unmask(s.string))'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}

/// The state of one load: the file name for messages and the errors found so far.
///
/// Decoding continues past most errors so a user sees every problem in one pass; a
/// reader that cannot go on throws, and the caller of that reader records the error with
/// `attempt` and carries on with the next key.
final class LoadContext {
    let file: String
    private(set) var errors: [ScenarioError] = []
    /// What the loader adjusted without failing (see `ScenarioNotice`), in the order found.
    private(set) var notices: [ScenarioNotice] = []
    /// Values that came from overrides rather than the file (see `ScenarioOverrides.swift`):
    /// errors about them name the override instead of a line.
    var overrideOrigins: [OverrideOrigin] = []
    /// The store and cache implementations a scenario may name.
    let backends: BackendCatalog
    /// The clock the scenario will run on: a real backend serves in real time only.
    let clock: RunClock
    /// Calibration files read so far, and where their tables were used.
    let calibrations = CalibrationUses()

    init(file: String, backends: BackendCatalog = .shipped, clock: RunClock = .virtual) {
        self.file = file
        self.backends = backends
        self.clock = clock
    }

    func record(_ error: ScenarioError) { errors.append(error) }

    func note(_ message: String, path: String, mark: SourcePosition?) {
        notices.append(ScenarioNotice(file: file, line: mark?.line, column: mark?.column, keyPath: path, message: message))
    }

    /// Runs `body`, recording its error instead of passing it on; nil if it failed.
    func attempt<T>(_ body: () throws(ScenarioError) -> T) -> T? {
        do {
            return try body()
        } catch {
            record(error)
            return nil
        }
    }

    /// An error at `mark` about the value at `path`.
    func error(_ code: ScenarioError.Code, _ problem: String, path: String, mark: SourcePosition?, detail: String? = nil,
               expected: String? = nil, found: String? = nil, suggestion: String? = nil) -> ScenarioError {
        if let origin = overrideOrigins.last(where: { $0.covers(path) }) {
            return ScenarioError(code, "override \(origin.label): \(problem)", file: file, line: nil, column: nil,
                                 keyPath: path, detail: detail, expected: expected, found: found, suggestion: suggestion)
        }
        return ScenarioError(code, problem, file: file, line: mark?.line, column: mark?.column, keyPath: path,
                             detail: detail, expected: expected, found: found, suggestion: suggestion)
    }

    /// An error about `value`, with ` at <path>` after the headline.
    func error(_ code: ScenarioError.Code, _ problem: String, at value: Located, detail: String? = nil,
               expected: String? = nil, found: String? = nil, suggestion: String? = nil) -> ScenarioError {
        error(code, "\(problem) \(value.place)", path: value.path, mark: value.mark, detail: detail,
              expected: expected, found: found, suggestion: suggestion)
    }

    /// A grammar's complaint about `value`, placed in the file.
    func error(_ problem: ValueError, at value: Located) -> ScenarioError {
        error(problem.code, problem.problem, at: value, detail: problem.detail, expected: problem.expected,
              found: problem.found, suggestion: problem.suggestion)
    }

    /// All errors so far, first in file order, the rest in `more`; nil if there are none.
    func combinedError() -> ScenarioError? {
        let ordered = errors.enumerated().sorted { a, b in
            let left = (a.element.line ?? 0, a.element.column ?? 0, a.offset)
            let right = (b.element.line ?? 0, b.element.column ?? 0, b.offset)
            return left < right
        }.map(\.element)
        guard var first = ordered.first else { return nil }
        first.more = Array(ordered.dropFirst())
        return first
    }
}
