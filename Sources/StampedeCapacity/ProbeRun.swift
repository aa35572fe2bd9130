import StampedeAnalysis
import StampedeLanguage
import StampedeResult
import StampedeRunner

/// One probe run in this process: load the scenario with the context's overrides and the
/// probe's knobs, scale its rates, run it in virtual time and reduce the result to a
/// `ProbeMeasurement`. What `stampede capacity` runs in each child process, and what the
/// tests call directly.
public enum ProbeRun {
    /// Saturation: a pool counts as saturated in a metrics window busy at least this much.
    public static let saturation = 0.95

    /// The scenario a probe runs: the file, the overrides, the knobs, the judged SLOs, scaled.
    ///
    /// - Throws: the loader's `ScenarioError` (a bad file, override or knob value).
    public static func spec(for request: ProbeRequest, context: CapacityContext) throws -> ScenarioSpec {
        let overrides = (context.overrides + request.knobOverrides).compactMap(parseOverride)
        var spec = try ScenarioLoader.load(path: context.file, overrides: overrides.map { ($0.path, $0.value) })
        spec.slos = selectedSLOs(spec.slos, names: context.slos)
        return spec.scaled(by: request.factor, phase: context.phase)
    }

    /// The SLOs `names` selects (by expression or metric name); all of them when `names` is empty.
    public static func selectedSLOs(_ slos: [SLOSpec], names: [String]) -> [SLOSpec] {
        guard !names.isEmpty else { return slos }
        return slos.filter { slo in names.contains { matches($0, slo) } }
    }

    /// Whether `name` (as given to `--slo`) names `slo`.
    public static func matches(_ name: String, _ slo: SLOSpec) -> Bool {
        let squeezed = { (s: String) in s.filter { !$0.isWhitespace } }
        return squeezed(name) == squeezed(slo.expression) || name == slo.metric
    }

    /// Runs `request` and measures it; `shouldStop` is polled during the run (Ctrl-C).
    public static func measure(_ request: ProbeRequest, context: CapacityContext,
                               shouldStop: (@Sendable () -> Bool)? = nil) throws -> ProbeMeasurement {
        let spec = try spec(for: request, context: context)
        var options = RunOptions(seed: request.seed)
        options.shouldStop = shouldStop
        let result = Runner.run(spec, options: options)
        return reduce(result, spec: spec, request: request)
    }

    /// What the search and the knee curve need of one run.
    public static func reduce(_ result: RunResult, spec: ScenarioSpec, request: ProbeRequest) -> ProbeMeasurement {
        let duration = max(result.simulated.durationS, 1e-9)
        var operations: [String: ProbeLatency] = [:]
        for (op, stats) in result.operations where stats.count > 0 {
            operations[op.name] = ProbeLatency(p50Ms: stats.latencyMs.p50, p99Ms: stats.latencyMs.p99)
        }
        var pools: [String: ProbePool] = [:]
        // Windows that start at or after the scenario's end only hold the drain of calls still in flight.
        let end = Double(spec.duration.nanoseconds) / 1e9
        let windows = result.timeline.startS.prefix { $0 < end }.count
        for (kind, stats) in result.pools {
            let series = result.timeline.pools[kind]?.utilization.prefix(windows)
            let peak = series?.max() ?? stats.utilization
            let first = series?.firstIndex { $0 >= saturation }
            pools[kind.name] = ProbePool(capacity: stats.capacity, utilization: stats.utilization, peakUtilization: peak,
                                         maxQueue: stats.maxQueue, saturatedAtS: first.map { result.timeline.startS[$0] })
        }
        let slos = result.slos.map { slo in
            ProbeSLO(expression: slo.expression, metric: slo.metric, value: slo.value, threshold: slo.threshold, unit: slo.unit,
                     passed: slo.passed, margin: margin(slo),
                     breachedAtS: slo.passed ? nil : WindowBreach.firstWindow(of: slo, in: result.timeline, before: end))
        }
        let dropped = result.simulated.journeysDropped ?? 0
        let passed = !result.meta.interrupted && dropped == 0 && slos.allSatisfy(\.passed)
        var knobs = request.knobs
        for knob in SizingKnob.allCases where knobs[knob.key] == nil { knobs[knob.key] = knob.value(in: spec) }
        return ProbeMeasurement(
            seed: request.seed, factor: request.factor, knobs: knobs, passed: passed,
            offeredRate: Double(result.simulated.journeys + dropped) / duration,
            completedRate: Double(result.simulated.requests) / duration,
            errorRate: result.simulated.requests > 0 ? Double(result.simulated.errors) / Double(result.simulated.requests) : 0,
            journeysDropped: dropped, violations: result.violations.count, operations: operations, pools: pools,
            slos: slos, interrupted: result.meta.interrupted)
    }

    /// How far `slo` is from breaking, as a fraction of its threshold (negative: broken).
    static func margin(_ slo: SLOResult) -> Double {
        let scale = abs(slo.threshold) > 0 ? abs(slo.threshold) : 1
        switch slo.comparator {
        case .lessThan, .lessOrEqual: return (slo.threshold - slo.value) / scale
        case .greaterThan, .greaterOrEqual: return (slo.value - slo.threshold) / scale
        // Equality holds or it does not: a held one is as safe as can be.
        case .equal: return slo.passed ? 1 : -abs(slo.value - slo.threshold) / scale
        }
    }

    static func parseOverride(_ text: String) -> ScenarioOverride? {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        return ScenarioOverride(path: String(text[..<eq]), value: String(text[text.index(after: eq)...]))
    }
}
