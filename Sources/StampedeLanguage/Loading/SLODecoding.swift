import StampedeAnalysis
import StampedeKernel
import Yams

extension ScenarioLoader {
    /// `slos:` — a list of `'<metric> <op> <value>'`. A scoped SLO reads naturally as a one-key
    /// mapping (`- during(cache-outage): login.p99 < 800ms`), and one scope can hold a list:
    ///
    /// ```yaml
    /// - during(cache-outage):
    ///     - login.p99 < 800ms
    ///     - errors.rate < 5%
    /// ```
    static func decodeSLOs(_ value: Located, in context: LoadContext) throws(ScenarioError) -> [SLOSpec] {
        let expected = "a list of '<metric> <op> <value>' such as 'login.p99 < 250ms'"
        var texts: [(String, Located)] = []
        for item in try context.list(value, expected: expected) {
            texts += try sloTexts(item, expected: expected, in: context)
            guard texts.count <= ScenarioLimits.slos.value else {
                throw context.error(.invalidValue, "too many SLOs", at: value, detail: ScenarioLimits.slos.reason,
                                    expected: "at most \(grouped(ScenarioLimits.slos.value)) SLOs",
                                    found: "more than \(grouped(ScenarioLimits.slos.value))")
            }
        }
        var slos: [SLOSpec] = []
        for (text, place) in texts {
            let line = place.mark?.line ?? 0
            let parsed = context.attempt { () throws(ScenarioError) in
                do throws(ValueError) {
                    return try SLOGrammar.parse(text, line: line)
                } catch {
                    throw context.error(error, at: place)
                }
            }
            if let parsed { slos.append(parsed) }
        }
        return slos
    }

    /// The SLO texts of one list item, each with where it is written.
    static func sloTexts(_ item: Located, expected: String, in context: LoadContext) throws(ScenarioError) -> [(String, Located)] {
        guard case .mapping(let mapping) = item.node else {
            return [(try context.text(item, expected: expected), item)]
        }
        guard mapping.count == 1, let (keyNode, valueNode) = mapping.first else {
            throw context.error(.wrongType, "expected one SLO per list item", at: item, expected: expected, found: item.kind)
        }
        let scope = ParenthesisMask.unmask(keyNode.scalar?.string ?? "")
        let inner = Located(valueNode, path: item.child(scope))
        if case .sequence = valueNode {
            return try context.list(inner, expected: "SLOs under \(scope)").map { element throws(ScenarioError) in
                ("\(scope): " + (try context.text(element, expected: expected)), element)
            }
        }
        let keyed = Located(keyNode, path: item.path)
        return [("\(scope): " + (try context.text(inner, expected: expected)), keyed)]
    }

    /// Scopes and recovery times must name a fault, security event or traffic phase of the
    /// plan; a recovery time needs a whole-run SLO that can be judged per window.
    static func checkSLOReferences(_ spec: ScenarioSpec, slos node: Located?, in context: LoadContext) {
        guard let node else { return }
        let spans = spec.namedSpans()
        let names = spans.map(\.name)
        let judged = spec.slos.contains(where: WindowJudge.isJudgeable)
        for slo in spec.slos {
            let place = SourcePosition(line: slo.line, column: 1)
            func fail(_ code: ScenarioError.Code, _ problem: String, expected: String, suggestion: String? = nil) {
                context.record(context.error(code, "\(problem) in SLO '\(slo.expression)'", path: node.path, mark: place,
                                             expected: expected, suggestion: suggestion))
            }
            let referenced: String
            if let scope = slo.scope {
                referenced = scope.name
            } else if slo.metric.hasPrefix("recovery(") {
                referenced = String(slo.metric.dropFirst("recovery(".count).dropLast())
            } else {
                continue
            }
            guard let span = spans.first(where: { $0.name == referenced }) else {
                let list = names.isEmpty ? "none in this scenario" : names.joined(separator: ", ")
                fail(.invalidValue, "unknown fault, event or phase '\(referenced)'", expected: "a name from the plan (\(list))",
                     suggestion: nearest(to: referenced, among: names))
                continue
            }
            if case .during = slo.scope, span.isInstant {
                fail(.inconsistent, "'\(referenced)' is an instant, so nothing completes during it",
                     expected: "before(\(referenced)) or after(\(referenced))")
            }
            if slo.scope == nil {
                if span.kind == .phase {
                    fail(.inconsistent, "'\(referenced)' is a traffic phase, which has no recovery time",
                         expected: "recovery(<fault or security event>)")
                } else if !judged {
                    fail(.inconsistent, "a recovery time needs a whole-run SLO to recover to",
                         expected: "also an SLO on an operation's p50/p90/p99/max, errors.rate, availability, "
                             + "cache.hit_ratio or throughput")
                }
            }
        }
    }
}
