import StampedeResult

extension CapacitySearch {
    /// For each judged SLO that fails as the file stands (at any seed): the smallest single
    /// change among the sizing knobs — smallest relative to the knob's value in the file —
    /// that makes it pass at every seed, searched up to `knobReach` ×.
    public func explain() async throws(CapacityStop) -> [CapacityExplanation] {
        let base = try await probe(1, purpose: "explain")
        var failed: [String] = []
        for m in base.seeds {
            for slo in m.slos where !slo.passed && !failed.contains(slo.expression) { failed.append(slo.expression) }
        }
        var out: [CapacityExplanation] = []
        for expression in failed {
            let holds: @Sendable (CapacityProbe) -> Bool = { p in
                p.seeds.allSatisfy { m in m.slos.first { $0.expression == expression }?.passed ?? false }
            }
            let found = try await eachKnob { knob in
                await self.smallestResult(knob, from: self.baseKnobs, at: 1, purpose: "explain \(expression)", downward: false, holds)
            }
            let best = SizingKnob.allCases.filter { found[$0] != nil }.min { a, b in
                ratio(found[a]!, a) < ratio(found[b]!, b)
            }
            let before = worst(expression, in: base)
            guard let knob = best, let to = found[knob] else {
                out.append(CapacityExplanation(
                    slo: expression, measured: before.value, unit: before.unit, key: nil, from: nil, to: nil, measuredAfter: nil,
                    sentence: "none within \(options.knobReach)×: no single change of the store pool, cache pool or service cores "
                        + "up to \(options.knobReach)× makes \(expression) pass (measured \(Self.show(before.value, before.unit)))"))
                continue
            }
            var knobs = baseKnobs
            knobs[knob.key] = to
            let after = worst(expression, in: try await probe(1, knobs: knobs, purpose: "explain \(expression)"))
            let from = baseKnobs[knob.key] ?? 0
            out.append(CapacityExplanation(
                slo: expression, measured: before.value, unit: before.unit, key: knob.key, from: from, to: to,
                measuredAfter: after.value,
                sentence: "\(knob.key) \(from) → \(to) makes \(expression) pass (measured \(Self.show(after.value, after.unit)), "
                    + "was \(Self.show(before.value, before.unit)))"))
        }
        return out
    }

    private func ratio(_ value: Int, _ knob: SizingKnob) -> Double {
        Double(value) / Double(max(1, baseKnobs[knob.key] ?? 1))
    }

    /// The worst value of an SLO across a probe's seeds.
    func worst(_ expression: String, in p: CapacityProbe) -> (value: Double, unit: MetricUnit) {
        let slos = p.seeds.compactMap { m in m.slos.first { $0.expression == expression } }
        guard let first = slos.first else { return (0, .count) }
        let w = slos.min { $0.margin < $1.margin } ?? first
        return (w.value, w.unit)
    }

    /// `410 ms`, `0.4%`, `3`.
    public static func show(_ value: Double, _ unit: MetricUnit) -> String {
        switch unit {
        case .ms: return value >= 1000 ? "\(trim(value / 1000)) s" : "\(trim(value)) ms"
        case .ratio: return "\(trim(value * 100))%"
        case .count: return trim(value)
        }
    }

    /// At most three significant digits, without trailing zeros.
    public static func trim(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e9 { return String(Int(v)) }
        let digits = abs(v) >= 100 ? 0 : abs(v) >= 10 ? 1 : abs(v) >= 1 ? 2 : 3
        var s = String(format: "%.\(digits)f", v)
        while s.contains(".") && (s.hasSuffix("0") || s.hasSuffix(".")) { s.removeLast() }
        return s
    }
}
