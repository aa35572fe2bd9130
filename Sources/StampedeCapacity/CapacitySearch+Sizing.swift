import StampedeLanguage
import StampedeResult

extension CapacitySearch {
    /// The smallest store pool, cache pool and cores that hold every judged SLO at
    /// `factor`: each knob alone (the others as the file has them), then jointly — start
    /// from the single-knob answers, double the busiest pool's knob until it passes, then
    /// shrink each knob in turn to the smallest value that still passes — and a re-run of
    /// the answer.
    public func sizing(at factor: Double) async throws(CapacityStop) -> CapacitySizing {
        let alone = try await eachKnob { knob in
            await self.smallestResult(knob, from: self.baseKnobs, at: factor, purpose: "sizing \(knob.label)", downward: true) { $0.passed }
        }
        var joint = baseKnobs
        for knob in SizingKnob.allCases { joint[knob.key] = alone[knob] ?? baseKnobs[knob.key] }
        var answer: [String: Int]? = try await grow(joint, at: factor)
        if var found = answer {
            for knob in SizingKnob.allCases {
                if let v = try await smallest(knob, from: found, at: factor, purpose: "joint \(knob.label)", downward: true, { $0.passed }) {
                    found[knob.key] = v
                }
            }
            answer = found
        }
        var verification: CapacityProbe?
        if let answer { verification = try await probe(factor, knobs: answer, purpose: "re-run of the answer", fresh: true) }
        let rows = SizingKnob.allCases.map { knob in
            let recommended = answer?[knob.key]
            return CapacityKnob(key: knob.key, current: baseKnobs[knob.key] ?? 0, alone: alone[knob], recommended: recommended,
                                instances: knob == .cores ? zip(recommended, options.coresPerInstance).map { ($0.0 + $0.1 - 1) / $0.1 } : nil)
        }
        let changed = rows.filter { $0.recommended != nil }
        return CapacitySizing(factor: factor, rate: factor * baseRate, knobs: rows,
                              setLines: changed.map { "--set \($0.key)=\($0.recommended!)" },
                              yamlPatch: answer.map(Self.yamlPatch) ?? "",
                              verification: verification, met: verification?.passed ?? false)
    }

    /// Doubles the knob of the busiest pool until the probe passes, each knob at most to
    /// `knobReach` × 2 its value in the file; nil when that is not enough.
    private func grow(_ start: [String: Int], at factor: Double) async throws(CapacityStop) -> [String: Int]? {
        var knobs = start
        while true {
            let p = try await probe(factor, knobs: knobs, purpose: "joint sizing")
            if p.passed { return knobs }
            let busiest = SizingKnob.allCases
                .filter { (knobs[$0.key] ?? 0) < min(Self.largest, (baseKnobs[$0.key] ?? 0) * options.knobReach * 2) }
                .max { peak($0, p) < peak($1, p) }
            guard let knob = busiest else { return nil }
            knobs[knob.key] = step(knob, (knobs[knob.key] ?? 1) * 2)
        }
    }

    private func peak(_ knob: SizingKnob, _ p: CapacityProbe) -> Double {
        p.seeds.map { $0.pools[knob.pool.name]?.peakUtilization ?? 0 }.max() ?? 0
    }

    /// The value rounded up to a whole number of instances for cores.
    func step(_ knob: SizingKnob, _ value: Int) -> Int {
        guard knob == .cores, let n = options.coresPerInstance else { return min(Self.largest, max(1, value)) }
        return min(Self.largest / n, max(1, (value + n - 1) / n)) * n
    }

    /// The largest pool a scenario may ask for.
    static var largest: Int { ScenarioLimits.poolSize.value }

    /// The smallest value of `knob` (others as in `knobs`) at which `holds` is true: ×2 steps
    /// up to `knobReach` × the starting value (and halving below it when `downward`), then
    /// bisection to the resolution. Nil when not even the largest value holds.
    func smallest(_ knob: SizingKnob, from knobs: [String: Int], at factor: Double, purpose: String, downward: Bool,
                  _ holds: (CapacityProbe) -> Bool) async throws(CapacityStop) -> Int? {
        let unit = knob == .cores ? options.coresPerInstance ?? 1 : 1
        let start = max(1, ((knobs[knob.key] ?? 1) + unit - 1) / unit)
        var trial = knobs
        func passes(_ units: Int) async throws(CapacityStop) -> Bool {
            trial[knob.key] = units * unit
            return holds(try await probe(factor, knobs: trial, purpose: purpose))
        }
        var pass: Int
        var fail: Int
        if try await passes(start) {
            pass = start
            fail = 0
            if downward {
                var u = start / 2
                while u >= 1 {
                    if try await passes(u) { pass = u; u /= 2 } else { fail = u; break }
                }
            }
        } else {
            fail = start
            var u = start * 2
            var found: Int?
            while u <= start * options.knobReach && u * unit <= Self.largest {
                if try await passes(u) { found = u; break }
                fail = u
                u *= 2
            }
            guard let found else { return nil }
            pass = found
        }
        while pass - fail > max(1, Int(Double(pass) * options.resolution)) {
            let mid = (pass + fail) / 2
            if try await passes(mid) { pass = mid } else { fail = mid }
        }
        return pass * unit
    }

    /// Runs `search` for every knob side by side, so their probes share the jobs.
    ///
    /// The searches hand back a `Result` rather than throwing: a typed-throwing async closure
    /// called from a task-group child corrupted the knob beside its result (Swift 6.3, -O).
    func eachKnob(_ search: @escaping @Sendable (SizingKnob) async -> Result<Int?, CapacityStop>)
        async throws(CapacityStop) -> [SizingKnob: Int] {
        let knobs = SizingKnob.allCases
        // wall-clock: three independent searches keep every job busy
        let outcomes = await withTaskGroup(of: (Int, Result<Int?, CapacityStop>).self) { group in
            for i in knobs.indices {
                group.addTask { (i, await search(knobs[i])) }
            }
            var all: [(Int, Result<Int?, CapacityStop>)] = []
            for await o in group { all.append(o) }
            return all.sorted { $0.0 < $1.0 }
        }
        var found: [SizingKnob: Int] = [:]
        for (i, outcome) in outcomes {
            switch outcome {
            case .success(let v): if let v { found[knobs[i]] = v }
            case .failure(let e): throw e
            }
        }
        return found
    }

    /// `smallest` as a `Result`, for `eachKnob`.
    func smallestResult(_ knob: SizingKnob, from knobs: [String: Int], at factor: Double, purpose: String, downward: Bool,
                        _ holds: (CapacityProbe) -> Bool) async -> Result<Int?, CapacityStop> {
        do throws(CapacityStop) {
            return .success(try await smallest(knob, from: knobs, at: factor, purpose: purpose, downward: downward, holds))
        } catch {
            return .failure(error)
        }
    }

    /// The answer as a patch to the scenario file's `system:` block, in block style so each
    /// key merges into the file's own mapping without replacing its siblings (latency, …).
    static func yamlPatch(_ knobs: [String: Int]) -> String {
        let v = { (k: SizingKnob) in knobs[k.key].map(String.init) ?? "?" }
        return """
        system:
          service:
            cores: \(v(.cores))
          store:
            pool: \(v(.storePool))
          cache:
            pool: \(v(.cachePool))

        """
    }
}

private func zip(_ a: Int?, _ b: Int?) -> (Int, Int)? {
    guard let a, let b else { return nil }
    return (a, b)
}
