import StampedeSystem
import Foundation
import Yams

/// One change applied on top of a scenario file: a dotted key path and the YAML text of the
/// value it gets, as `--set` and `--matrix` take them (`system.cache.pool=16`).
public struct ScenarioOverride: Sendable, Hashable, CustomStringConvertible {
    /// Dotted key path: mapping keys separated by `.`, list items as `[n]` counted from 0,
    /// e.g. `system.cache.latency` or `traffic.phases[1].rate`.
    public var path: String
    /// The value as YAML text, e.g. `16` or `lognormal(median: 1ms, p99: 5ms)`.
    public var value: String

    public init(path: String, value: String) {
        self.path = path
        self.value = value
    }

    /// `path=value`, as it was written and as results record it.
    public var description: String { "\(path)=\(value)" }
}

/// Where an override put its value in the node tree, so errors about it name the override.
struct OverrideOrigin {
    /// `system.cache.pool=16`.
    let label: String
    let path: String
    /// Paths of the mappings the override had to create on its way (typos among them).
    let created: [String]

    /// Whether an error at `errorPath` is about this override's value or a key it created.
    func covers(_ errorPath: String) -> Bool {
        errorPath == path || errorPath.hasPrefix(path + ".") || errorPath.hasPrefix(path + "[")
            || created.contains(errorPath)
    }
}

extension ScenarioLoader {
    /// Loads the scenario file at `path` with `overrides` applied to its YAML before decoding.
    ///
    /// Each override goes through the same decoding as the file, so it gets the same
    /// validation and messages: an unknown key is an error with the nearest valid key
    /// suggested, a bad value an error naming what was expected. Errors about an override
    /// name it (`override system.cache.pol=16: unknown key 'pol' at system.cache …`) instead of
    /// a line. Overrides apply in order; a later one on the same path wins.
    public static func load(path: String, overrides: [(path: String, value: String)],
                            clock: RunClock = .virtual) throws(ScenarioError) -> ScenarioSpec {
        let (yaml, sha256) = try readFile(path)
        return try load(yaml: yaml, path: path, sha256: sha256,
                        overrides: overrides.map { ScenarioOverride(path: $0.path, value: $0.value) }, clock: clock)
    }

    /// Applies overrides to the root node; errors that stop an override are recorded in `context`.
    static func apply(_ overrides: [ScenarioOverride], to root: inout Node, in context: LoadContext) {
        for override in overrides {
            let label = override.description
            let steps: [PathStep]
            do {
                steps = try PathStep.parse(override.path)
            } catch {
                context.record(ScenarioError(.invalidValue, "override \(label): \(error.problem)", file: context.file,
                                             line: nil, column: nil, keyPath: override.path, expected: error.expected))
                continue
            }
            let value: Node
            do {
                value = try overrideValue(override.value)
            } catch {
                context.record(ScenarioError(.syntax, "override \(label): \(error.problem)", file: context.file,
                                             line: nil, column: nil, keyPath: override.path, detail: error.detail,
                                             expected: error.expected))
                continue
            }
            var created: [String] = []
            do {
                try set(value, at: steps[...], in: &root, path: "", created: &created)
            } catch {
                context.record(ScenarioError(.wrongType, "override \(label): \(error.problem)", file: context.file,
                                             line: nil, column: nil, keyPath: override.path, expected: error.expected,
                                             found: error.found))
                continue
            }
            context.overrideOrigins.append(OverrideOrigin(label: label, path: override.path, created: created))
        }
    }

    /// The override's text as a YAML node; call-shaped values may stand unquoted, as in the file.
    static func overrideValue(_ text: String) throws(ValueError) -> Node {
        guard !text.trimmingSpaces.isEmpty else {
            throw ValueError("no value", expected: "KEY=VALUE with a value, e.g. system.cache.pool=16")
        }
        do {
            guard let node = try Yams.compose(yaml: ParenthesisMask.mask(text)) else {
                throw ValueError("no value", expected: "a YAML value")
            }
            try NodeLimits.check(node, in: LoadContext(file: ""))
            return node
        } catch let error as ScenarioError {
            throw ValueError("the value cannot be used", detail: error.message)
        } catch let error as ValueError {
            throw error
        } catch let error as YamlError {
            let problem = syntaxError(error, in: LoadContext(file: "")).message
            throw ValueError("the value is not valid YAML", detail: problem,
                             expected: "a YAML scalar, list or mapping; quote text with ': ' in it")
        } catch {
            throw ValueError("the value is not valid YAML", detail: "\(error)", expected: "a YAML value")
        }
    }

    /// Puts `value` at `steps` below `node`, creating mappings for keys that do not exist yet.
    private static func set(_ value: Node, at steps: ArraySlice<PathStep>, in node: inout Node, path: String,
                            created: inout [String]) throws(ValueError) {
        guard let step = steps.first else {
            node = value
            return
        }
        let rest = steps.dropFirst()
        switch step {
        case .key(let key):
            let here = path.isEmpty ? key : "\(path).\(key)"
            var pairs: [(Node, Node)]
            switch node {
            case .mapping(let mapping): pairs = mapping.map { ($0.key, $0.value) }
            case .scalar where node.null != nil: pairs = []
            default:
                throw ValueError("cannot set '\(key)'", expected: "\(path.isEmpty ? "the file" : path) to be a mapping",
                                 found: Located(node, path: path).kind)
            }
            if let i = pairs.firstIndex(where: { ParenthesisMask.unmask($0.0.scalar?.string ?? "") == key }) {
                try set(value, at: rest, in: &pairs[i].1, path: here, created: &created)
            } else {
                var child = Node.mapping(Node.Mapping([]))
                if !rest.isEmpty { created.append(here) }
                try set(value, at: rest, in: &child, path: here, created: &created)
                pairs.append((Node(key), child))
            }
            let old = node.mapping
            node = .mapping(Node.Mapping(pairs, old?.tag ?? .implicit, old?.style ?? .any, old?.mark))
        case .index(let index):
            guard case .sequence(var sequence) = node else {
                throw ValueError("cannot take item [\(index)]", expected: "\(path) to be a list",
                                 found: Located(node, path: path).kind)
            }
            guard index < sequence.count else {
                throw ValueError("no item [\(index)] in \(path)",
                                 expected: "an index from 0 to \(sequence.count - 1)", found: String(index))
            }
            try set(value, at: rest, in: &sequence[index], path: "\(path)[\(index)]", created: &created)
            node = .sequence(sequence)
        }
    }
}

/// One step of an override path: a mapping key or a list index.
enum PathStep: Equatable {
    case key(String)
    case index(Int)

    static let expected = "a dotted key path such as system.cache.pool or traffic.phases[1].rate"

    /// `traffic.phases[1].rate` → key traffic, key phases, index 1, key rate.
    static func parse(_ text: String) throws(ValueError) -> [PathStep] {
        var steps: [PathStep] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            let open = part.firstIndex(of: "[") ?? part.endIndex
            let key = part[..<open]
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw ValueError("invalid key path '\(text)'", expected: expected)
            }
            steps.append(.key(String(key)))
            var rest = part[open...]
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]"),
                      let index = Int(rest[rest.index(after: rest.startIndex)..<close]), index >= 0 else {
                    throw ValueError("invalid key path '\(text)'", expected: expected)
                }
                steps.append(.index(index))
                rest = rest[rest.index(after: close)...]
            }
        }
        guard !steps.isEmpty else { throw ValueError("invalid key path '\(text)'", expected: expected) }
        return steps
    }
}
