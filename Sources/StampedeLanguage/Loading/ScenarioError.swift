/// Why a scenario file could not be loaded, in words a person can act on.
///
/// Each error names the file, the line and column, the key path (`system.store.latency`),
/// what was expected and what was found, and, for a misspelt name, the nearest valid one.
/// The loader keeps going after an error where it can, so one `ScenarioError` may carry
/// further errors from the same file in `more`; `description` prints them all, one per line,
/// in file order.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem this is: stable across releases, so scripts and tests can match on it.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The file does not exist or cannot be read.
        public static let unreadableFile = Code(rawValue: "unreadable_file")
        /// The text is not valid YAML.
        public static let syntax = Code(rawValue: "syntax")
        /// A mapping has a key the schema does not know.
        public static let unknownKey = Code(rawValue: "unknown_key")
        /// A required key is absent.
        public static let missingKey = Code(rawValue: "missing_key")
        /// A mapping where a list was expected, a list where a single value was expected, and so on.
        public static let wrongType = Code(rawValue: "wrong_type")
        /// A value that does not follow its grammar, or is out of range.
        public static let invalidValue = Code(rawValue: "invalid_value")
        /// An SLO names a metric that does not exist.
        public static let unknownMetric = Code(rawValue: "unknown_metric")
        /// Values that are fine alone but contradict each other (phases vs duration, event after the end).
        public static let inconsistent = Code(rawValue: "inconsistent")
    }

    public var code: Code
    /// The path as given by the caller.
    public var file: String
    /// 1-based line, or nil when the problem is with the file as a whole.
    public var line: Int?
    /// 1-based column, counted in Unicode scalars, or nil with `line`.
    public var column: Int?
    /// Dotted path to the offending value, e.g. `system.store.latency` or `traffic.phases[1].rate`;
    /// empty for the top level.
    public var keyPath: String
    /// What is wrong, including what was expected and what was found; no location, no suggestion.
    public var message: String
    public var expected: String?
    public var found: String?
    /// The nearest valid name, when a name was misspelt.
    public var suggestion: String?
    /// Further errors in the same file, in file order.
    public var more: [ScenarioError] = []

    /// - Parameters:
    ///   - problem: the headline, e.g. `invalid duration at duration`.
    ///   - detail: appended as `: …`, for a reason that is not an expected/found pair.
    ///   - expected: appended as `; expected …`.
    ///   - found: appended as `, found …` (quote it yourself if it is text from the file).
    public init(_ code: Code, _ problem: String, file: String, line: Int?, column: Int?, keyPath: String,
                detail: String? = nil, expected: String? = nil, found: String? = nil, suggestion: String? = nil) {
        self.code = code; self.file = file; self.line = line; self.column = column; self.keyPath = keyPath
        self.expected = expected; self.found = found; self.suggestion = suggestion
        var text = problem
        if let detail { text += ": \(detail)" }
        if let expected { text += "; expected \(expected)" }
        if let found { text += expected == nil ? "; found \(found)" : ", found \(found)" }
        self.message = text
    }

    /// Every error, this one first.
    public var all: [ScenarioError] {
        var first = self
        first.more = []
        return [first] + more.flatMap(\.all)
    }

    /// This error alone, in the compiler's `file:line:column: error: …` form.
    public var summary: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        var text = "\(location): error: \(message)"
        if let suggestion { text += ". Did you mean '\(suggestion)'?" }
        return text
    }

    public var description: String { all.map(\.summary).joined(separator: "\n") }
}

/// A value that does not match its grammar, before it is placed in a file.
///
/// Grammar functions throw this; the loader adds the file, position and key path to turn it
/// into a `ScenarioError`.
package struct ValueError: Error, Sendable, Equatable {
    /// The headline, e.g. `invalid duration`; the loader appends ` at <key path>`.
    package var problem: String
    /// A reason that is not an expected/found pair, e.g. a distribution's `problem`.
    package var detail: String?
    package var expected: String?
    package var found: String?
    package var suggestion: String?
    package var code: ScenarioError.Code

    package init(_ problem: String, detail: String? = nil, expected: String? = nil, found: String? = nil,
                 suggestion: String? = nil, code: ScenarioError.Code = .invalidValue) {
        self.problem = problem; self.detail = detail; self.expected = expected; self.found = found
        self.suggestion = suggestion; self.code = code
    }

    /// The usual shape: `invalid <what>; expected <expected>, found '<text>'`.
    /// A number in exponent notation (`1e9`) gets a detail saying so.
    package static func invalid(_ what: String, expected: String, text: String, suggestion: String? = nil) -> ValueError {
        ValueError("invalid \(what)", detail: Lexer.hasExponent(text) ? Lexer.exponentDetail : nil, expected: expected,
                   found: quoted(text), suggestion: suggestion)
    }
}

/// Text from the file, quoted for a message; an empty value reads as `nothing`.
package func quoted(_ text: String) -> String {
    text.isEmpty ? "nothing" : "'\(text)'"
}
