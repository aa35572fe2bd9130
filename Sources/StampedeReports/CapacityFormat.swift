import StampedeResult

/// The sentences and per-probe figures `capacity.html`, `capacity.md` and the terminal share.
public enum CapacityFormat {
    /// `412/s`, `3,010/s`, `1.25/s`.
    public static func rate(_ r: Double) -> String { Format.number(r.rounded(toPlaces: r >= 100 ? 0 : 2)) + "/s" }

    /// `×1.65`.
    public static func factor(_ f: Double) -> String { "×" + Format.significant(f) }

    /// A value in its unit: `410 ms`, `0.4%`, `3`.
    public static func value(_ v: Double, _ unit: MetricUnit) -> String {
        switch unit {
        case .ms: return Format.ms(v)
        case .ratio: return Format.percent(v)
        case .count: return Format.number(v)
        }
    }

    /// The headline: the maximum sustainable rate and the spread between seeds.
    public static func maximumSentence(_ r: CapacityResult) -> String {
        guard let m = r.maximum else { return "No rate was bracketed before the search stopped." }
        let judged = r.settings.slos.count == 1 ? r.settings.slos[0] : "all \(r.settings.slos.count) judged SLOs"
        let scope = r.settings.phase.map { "phase \($0)" } ?? "every phase"
        if m.bound == "interrupted" && m.factor == 0 {
            return "Interrupted before any rate passed" + (m.failingFactor.map { "; \(rate($0 * r.baseRate)) (\(factor($0))) breaks." } ?? ".")
        }
        switch m.bound {
        case "floor":
            return "Fails even at \(factor(m.failingFactor ?? 0)) of the file's rate (\(rate((m.failingFactor ?? 0) * r.baseRate))): "
                + "\(judged) do not hold at the smallest rate tried."
        case "ceiling":
            return "Holds \(judged) up to the largest rate tried, \(rate(m.rate)) (\(factor(m.factor)) of the file's "
                + "\(rate(r.baseRate)), \(scope) scaled); the capacity is higher."
        default:
            var s = "Maximum sustainable rate: \(rate(m.rate)) (\(factor(m.factor)) of the file's \(rate(r.baseRate)), \(scope) scaled), "
                + "holding \(judged) at all \(r.settings.seeds.count) seeds"
            if let f = m.failingFactor { s += "; \(rate(f * r.baseRate)) breaks" }
            if m.bound == "interrupted" { s += " (interrupted: not bisected to the resolution)" }
            return s + "."
        }
    }

    /// The spread between seeds: each seed's own largest passing rate.
    public static func spreadSentence(_ r: CapacityResult) -> String? {
        guard let m = r.maximum, !m.perSeed.isEmpty else { return nil }
        let rates = m.perSeed.map(\.rate)
        let lo = rates.min() ?? 0, hi = rates.max() ?? 0
        let each = m.perSeed.map { "seed \($0.seed) \(rate($0.rate))" }.joined(separator: ", ")
        return "Spread between seeds: \(rate(lo)) to \(rate(hi)) (\(each); each seed's largest passing rate among the probes "
            + "it ran); the answer is the lowest, as every seed must pass."
    }

    public static func saturationSentence(_ r: CapacityResult) -> String {
        guard let s = r.firstSaturated else {
            return "No pool reached \(Format.percent(0.95)) utilization in any window at the rates probed."
        }
        let when = s.atS.map { " from \(Format.duration($0)) into the run" } ?? ""
        return "First to saturate: the \(s.pool) pool, \(Format.percent(s.peakUtilization)) busy in its busiest window at "
            + "\(rate(s.rate)) (\(factor(s.factor)))\(when)."
    }

    public static func breachSentence(_ r: CapacityResult) -> String {
        guard let b = r.firstBreach else { return "No judged SLO broke at the rates probed." }
        let when = b.atS.map { ", first broken in the window at \(Format.duration($0))" } ?? ""
        return "First SLO to break: \(b.slo) at \(rate(b.rate)) (\(factor(b.factor))), measured \(value(b.value, b.unit)) "
            + "at seed \(b.seed)\(when)."
    }

    public static func targetSentence(_ r: CapacityResult) -> String? {
        guard let t = r.settings.targetFactor else { return nil }
        let need = t * (1 + r.settings.headroom)
        let met = r.exitCode == 0
        return "Target \(rate(t * r.baseRate)) with \(Format.percent(r.settings.headroom)) headroom needs \(rate(need * r.baseRate)) "
            + "(\(factor(need))): " + (met ? "met as the file stands." : "not met as the file stands.")
    }

    /// The worst of the seeds' values of a probe: the largest (or, for `lowerIsBetter: false`, smallest).
    static func worst(_ p: CapacityProbe, _ read: (ProbeMeasurement) -> Double?, lowerIsBetter: Bool = true) -> Double? {
        let v = p.seeds.compactMap(read)
        return lowerIsBetter ? v.max() : v.min()
    }

    static func mean(_ p: CapacityProbe, _ read: (ProbeMeasurement) -> Double) -> Double {
        p.seeds.isEmpty ? 0 : p.seeds.map(read).reduce(0, +) / Double(p.seeds.count)
    }

    /// Operations that ran in any probe, in vocabulary order.
    static func operations(_ probes: [CapacityProbe]) -> [String] {
        let seen = Set(probes.flatMap { $0.seeds.flatMap { $0.operations.keys } })
        return OperationKind.allCases.map(\.name).filter(seen.contains)
    }

    /// The smallest SLO margin of a probe and which SLO it is.
    static func tightest(_ p: CapacityProbe) -> ProbeSLO? {
        p.seeds.flatMap(\.slos).min { $0.margin < $1.margin }
    }

    /// `store.pool`, `cache.pool`, `cores`.
    public static func shortKnob(_ key: String) -> String {
        key.hasPrefix("system.service.") ? String(key.dropFirst("system.service.".count))
            : key.hasPrefix("system.") ? String(key.dropFirst("system.".count)) : key
    }

    static func knobLabel(_ key: String) -> String {
        switch key {
        case "system.store.pool": return "store pool"
        case "system.cache.pool": return "cache pool"
        case "system.service.cores": return "service cores"
        default: return key
        }
    }
}

extension Double {
    func rounded(toPlaces n: Int) -> Double {
        var scale = 1.0
        for _ in 0..<n { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
