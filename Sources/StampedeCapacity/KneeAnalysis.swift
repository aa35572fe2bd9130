import StampedeResult

/// What the knee curve says: the first pool to saturate and the first SLO to break.
public enum KneeAnalysis {
    /// The pool that reaches `ProbeRun.saturation` in some window at the lowest probed
    /// factor (the busiest one at that factor when several do), and when in the run.
    public static func firstSaturated(_ curve: [CapacityProbe]) -> CapacitySaturation? {
        for probe in curve {
            var best: CapacitySaturation?
            for pool in PoolKind.allCases {
                let seeds = probe.seeds.compactMap { $0.pools[pool.name] }
                guard let peak = seeds.map(\.peakUtilization).max(), peak >= ProbeRun.saturation else { continue }
                if best.map({ peak > $0.peakUtilization }) ?? true {
                    best = CapacitySaturation(pool: pool.name, factor: probe.factor, rate: probe.rate, peakUtilization: peak,
                                              atS: seeds.compactMap(\.saturatedAtS).min())
                }
            }
            if let best { return best }
        }
        return nil
    }

    /// At the lowest failing factor: the failed SLO that broke earliest in the run (the one
    /// furthest past its threshold when none has a time), or the dropped arrivals.
    public static func firstBreach(_ curve: [CapacityProbe]) -> CapacityBreach? {
        guard let probe = curve.first(where: { !$0.passed }) else { return nil }
        var candidates: [(ProbeSLO, UInt64)] = []
        for m in probe.seeds { for slo in m.slos where !slo.passed { candidates.append((slo, m.seed)) } }
        let earliest = candidates.min { a, b in
            switch (a.0.breachedAtS, b.0.breachedAtS) {
            case let (x?, y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.0.margin < b.0.margin
            }
        }
        if let (slo, seed) = earliest {
            return CapacityBreach(slo: slo.expression, factor: probe.factor, rate: probe.rate, seed: seed, value: slo.value,
                                  unit: slo.unit, atS: slo.breachedAtS)
        }
        if let m = probe.seeds.first(where: { $0.journeysDropped > 0 }) {
            return CapacityBreach(slo: "no journeys dropped (overloaded)", factor: probe.factor, rate: probe.rate, seed: m.seed,
                                  value: Double(m.journeysDropped), unit: .count, atS: nil)
        }
        return nil
    }
}
