import Yams

/// Checks on the YAML node tree as a whole, before any key is read: how deep it nests, how
/// many values it holds once aliases are expanded, and that no value carries a YAML tag.
///
/// Reading stops at the first problem, so a file built to be expensive (an alias that
/// repeats a list inside a list, a thousand levels of brackets) costs at most
/// `ScenarioLimits.nodes` steps.
struct NodeLimits {
    let context: LoadContext
    private(set) var count = 0

    /// The tags a value may carry: none, the non-specific `!`, and the core tag that matches
    /// its kind (`!!str` is what a quoted scalar gets).
    static let allowedTags: Set<String> = ["", "!"]
    static let coreTag = "tag:yaml.org,2002:"

    /// Throws the first problem in `root`'s tree.
    static func check(_ root: Node, in context: LoadContext) throws(ScenarioError) {
        var walker = NodeLimits(context: context)
        try walker.visit(root, depth: 1)
    }

    private mutating func visit(_ node: Node, depth: Int) throws(ScenarioError) {
        count += 1
        let mark = node.mark.map(SourcePosition.init)
        if count > ScenarioLimits.nodes.value {
            throw context.error(.invalidValue, "more than \(grouped(ScenarioLimits.nodes.value)) values in the file", path: "",
                                mark: mark, detail: ScenarioLimits.nodes.reason,
                                expected: "at most \(grouped(ScenarioLimits.nodes.value)) scalars, lists and mappings")
        }
        if depth > ScenarioLimits.nestingDepth.value {
            throw Self.tooDeep(mark, in: context)
        }
        try checkTag(of: node, mark: mark)
        switch node {
        case .scalar, .alias:
            return
        case .sequence(let sequence):
            for item in sequence { try visit(item, depth: depth + 1) }
        case .mapping(let mapping):
            for (key, value) in mapping {
                try visit(key, depth: depth + 1)
                try visit(value, depth: depth + 1)
            }
        }
    }

    private func checkTag(of node: Node, mark: SourcePosition?) throws(ScenarioError) {
        let (name, kind): (String, String)
        switch node {
        case .scalar(let s): (name, kind) = (s.tag.description, "str")
        case .sequence(let s): (name, kind) = (s.tag.description, "seq")
        case .mapping(let m): (name, kind) = (m.tag.description, "map")
        case .alias: return
        }
        guard !Self.allowedTags.contains(name), name != Self.coreTag + kind else { return }
        let written = name.hasPrefix(Self.coreTag) ? "!!" + name.dropFirst(Self.coreTag.count) : name
        throw context.error(.syntax, "unsupported YAML tag '\(written)'", path: "", mark: mark,
                            detail: "scenario values carry no tags; each key's grammar says what its value is",
                            expected: "the value without '\(written)' (quote it if it must stay text)")
    }

    /// The message for YAML nested deeper than the format allows, also used when libyaml
    /// itself gives up on the nesting.
    static func tooDeep(_ mark: SourcePosition?, in context: LoadContext) -> ScenarioError {
        context.error(.syntax, "YAML nested more than \(ScenarioLimits.nestingDepth.value) levels deep", path: "", mark: mark,
                      detail: ScenarioLimits.nestingDepth.reason,
                      expected: "at most \(ScenarioLimits.nestingDepth.value) levels of mappings and lists inside each other")
    }
}
