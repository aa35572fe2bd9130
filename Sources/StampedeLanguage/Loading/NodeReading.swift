import StampedeKernel
import Yams

/// The pairs of a YAML mapping, checked against the keys the schema allows, in file order.
struct MappingReader {
    let located: Located
    let entries: [(key: String, value: Located)]

    /// Reads `value` as a mapping; records an error for each unknown key and skips it.
    init(_ value: Located, allowed: [String], in context: LoadContext) throws(ScenarioError) {
        guard case .mapping(let mapping) = value.node else {
            throw context.error(.wrongType, "expected a mapping \(value.place)", path: value.path, mark: value.mark,
                                expected: "keys " + allowed.joined(separator: ", "), found: value.kind)
        }
        var entries: [(key: String, value: Located)] = []
        for (keyNode, valueNode) in mapping {
            let key = ParenthesisMask.unmask(keyNode.scalar?.string ?? "")
            let path = value.child(key)
            guard allowed.contains(key) else {
                context.record(context.error(
                    .unknownKey, "unknown key '\(key)' \(value.place)", path: path, mark: keyNode.mark.map(SourcePosition.init),
                    expected: oneOf(allowed), suggestion: nearest(to: key, among: allowed)))
                continue
            }
            entries.append((key, Located(valueNode, path: path)))
        }
        self.located = value
        self.entries = entries
    }

    subscript(_ key: String) -> Located? { entries.first { $0.key == key }?.value }

    /// The value of a key that must be present.
    func required(_ key: String, expected: String, in context: LoadContext) throws(ScenarioError) -> Located {
        guard let value = self[key] else {
            throw context.error(.missingKey, "missing key '\(key)' \(located.place)", path: located.child(key),
                                mark: located.mark, expected: expected)
        }
        return value
    }

    /// Parses `key` if present and stores it in `target`; a failure is recorded and leaves the default.
    func read<T>(_ key: String, into target: inout T, in context: LoadContext,
                 _ parse: (Located) throws(ScenarioError) -> T) {
        guard let value = self[key], let parsed = context.attempt({ () throws(ScenarioError) -> T in try parse(value) })
        else { return }
        target = parsed
    }
}

extension LoadContext {
    /// The text of a scalar, with call-shaped values restored (see `ParenthesisMask`).
    func text(_ value: Located, expected: String) throws(ScenarioError) -> String {
        guard case .scalar(let scalar) = value.node else {
            throw error(.wrongType, "expected a single value", at: value, expected: expected, found: value.kind)
        }
        if value.node.null != nil {
            throw error(.invalidValue, "missing value", at: value, expected: expected)
        }
        return ParenthesisMask.unmask(scalar.string)
    }

    /// The items of a list.
    func list(_ value: Located, expected: String) throws(ScenarioError) -> [Located] {
        guard case .sequence(let sequence) = value.node else {
            throw error(.wrongType, "expected a list", at: value, expected: expected, found: value.kind)
        }
        return sequence.enumerated().map { Located($0.element, path: "\(value.path)[\($0.offset)]") }
    }

    /// The items of a list of at most `limit` items (`what` names them in the message).
    func list(_ value: Located, expected: String, atMost limit: Limit<Int>, what: String) throws(ScenarioError) -> [Located] {
        let items = try list(value, expected: expected)
        guard items.count <= limit.value else {
            throw error(.invalidValue, "too many \(what)", at: value, detail: limit.reason,
                        expected: "at most \(grouped(limit.value)) \(what)", found: grouped(items.count))
        }
        return items
    }

    /// Runs a value grammar on a scalar, placing its complaint at the value.
    func parse<T>(_ value: Located, expected: String, _ grammar: (String) throws(ValueError) -> T) throws(ScenarioError) -> T {
        let text = try text(value, expected: expected)
        do {
            return try grammar(text)
        } catch {
            throw self.error(error, at: value)
        }
    }

    func integer(_ value: Located, atLeast minimum: Int) throws(ScenarioError) -> Int {
        let number = try parse(value, expected: "a whole number ≥ \(minimum)", NumberGrammar.integer)
        guard number >= minimum else {
            throw error(.invalidValue, "value out of range", at: value, expected: "a whole number ≥ \(minimum)",
                        found: String(number))
        }
        return number
    }

    /// A whole number from `minimum` to `limit`; above it the error gives the limit's reason.
    func integer(_ value: Located, atLeast minimum: Int, atMost limit: Limit<Int>) throws(ScenarioError) -> Int {
        let number = try integer(value, atLeast: minimum)
        guard number <= limit.value else {
            throw error(.invalidValue, "value too large", at: value, detail: limit.reason,
                        expected: "at most \(grouped(limit.value))", found: grouped(number))
        }
        return number
    }

    /// A number from a grammar, at most `limit`.
    func bounded(_ number: Double, _ value: Located, atMost limit: Limit<Double>) throws(ScenarioError) -> Double {
        guard number <= limit.value else {
            throw error(.invalidValue, "value too large", at: value, detail: limit.reason,
                        expected: "at most \(formatNumber(limit.value))", found: formatNumber(number))
        }
        return number
    }

    /// A duration, above zero unless `allowZero`.
    func duration(_ value: Located, allowZero: Bool = false) throws(ScenarioError) -> SimDuration {
        let duration = try parse(value, expected: DurationGrammar.expected, DurationGrammar.parse)
        guard allowZero || duration > .zero else {
            throw error(.invalidValue, "duration must be above zero", at: value, expected: DurationGrammar.expected,
                        found: quoted(duration.description))
        }
        return duration
    }

    func fraction(_ value: Located) throws(ScenarioError) -> Double {
        try parse(value, expected: "a percentage such as 90% or a fraction such as 0.9", NumberGrammar.fraction)
    }

    /// A distribution in the grammar's point forms, or a table from a calibration file
    /// (`empirical(file: calibration.yaml, call: store.mix)`).
    func distribution(_ value: Located) throws(ScenarioError) -> Distribution {
        if let reference = try parse(value, expected: DistributionGrammar.expected, CalibrationReference.parse) {
            return try calibrated(reference, at: value)
        }
        return try parse(value, expected: DistributionGrammar.expected, DistributionGrammar.parse)
    }

    func bool(_ value: Located) throws(ScenarioError) -> Bool {
        try parse(value, expected: "true or false", NumberGrammar.bool)
    }

    /// A name made of lower-case letters, digits, `-` and `_`, at most `ScenarioLimits.nameLength`
    /// characters; `what` names it without an article (`scenario name`).
    func identifier(_ value: Located, what: String) throws(ScenarioError) -> String {
        let expected = identifierExpected(what)
        let name = try text(value, expected: expected)
        guard isIdentifier(name) else {
            throw error(.invalidValue, "invalid \(what)", at: value, expected: expected, found: quoted(name))
        }
        guard name.count <= ScenarioLimits.nameLength.value else {
            throw error(.invalidValue, "\(what) too long", at: value, detail: ScenarioLimits.nameLength.reason,
                        expected: "at most \(ScenarioLimits.nameLength.value) characters", found: "\(name.count) characters")
        }
        return name
    }
}

/// `a scenario name made of a-z, 0-9, '-' and '_'`, with the article `what` needs.
func identifierExpected(_ what: String) -> String {
    let article = what.first.map { "aeiou".contains($0) } == true ? "an" : "a"
    return "\(article) \(what) made of a-z, 0-9, '-' and '_'"
}

/// Lower-case letters, digits, `-` and `_`, at least one character: safe in file names and reports.
func isIdentifier(_ name: String) -> Bool {
    !name.isEmpty && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
}
